import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { CSV_HEADER, formatCandlesCsv } from "../../src/market/csv.js";
import { loadCsvFolder } from "../../src/market/csv-folder.js";
import type { Candle } from "../../src/market/types.js";
import { at, candle, run } from "./fixtures.js";

const DAY1 = at("2024-01-01T00:00");
const DAY2 = at("2024-01-02T00:00");

/** 4h candles i = 0..14 from DAY1 (closes 101..115): two whole days and half a third. */
const btc = run(DAY1, 15);
const part = (i: number): Candle => btc[i] as Candle;
/** Shuffled, with candle 3 twice, candle 7 replaced by one whose close is above its high, and one at 02:00. */
const btcRows: Candle[] = [
  part(5),
  part(4),
  part(3),
  part(3),
  part(0),
  part(1),
  part(2),
  part(6),
  candle(part(7).time, 108, { high: 50 }),
  candle(DAY1 + 2 * 3_600_000, 100),
  ...btc.slice(8),
];
/** From 08:00 on DAY1: four parts of that day, then all six of DAY2 (closes 105..110). */
const eth = run(at("2024-01-01T08:00"), 10);

let dir: string;
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-csv-folder-"));
  dir = join(root, "history");
  await mkdir(dir);
  await writeFile(join(dir, "BTC_USDT_4h.csv"), formatCandlesCsv(btcRows));
  await writeFile(join(dir, "ETH_USDT_4h.csv.gz"), gzipSync(formatCandlesCsv(eth)));
  // Anything else is not read at all: garbage in these would throw if it were.
  for (const other of ["BTC_USDT_1h.csv", "btc_usdt_4h.csv", "XRP_USDT_4h.csv.bak", "notes.txt"]) {
    await writeFile(join(dir, other), "not a candle file");
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A logger that keeps its lines, to check that every refused row is logged with its reason. */
function capturingLogger() {
  const lines: { msg: string; file?: string; reason?: string; time?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "warn" }, stream), lines };
}

async function folderWith(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const path = join(root, name);
  await mkdir(path);
  for (const [file, content] of Object.entries(files)) await writeFile(join(path, file), content);
  return path;
}

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe("loadCsvFolder", () => {
  it("GIVEN a .csv and a .csv.gz THEN both series are read, named by their file, in name order", async () => {
    const series = await loadCsvFolder(dir, "1d", silentLogger());
    expect(series.map((s) => [s.symbol, s.file])).toEqual([
      ["BTC/USDT", join(dir, "BTC_USDT_4h.csv")],
      ["ETH/USDT", join(dir, "ETH_USDT_4h.csv.gz")],
    ]);
  });

  it("GIVEN 1d THEN whole UTC days are resampled and the partial first and last days dropped", async () => {
    const [btcDaily, ethDaily] = await loadCsvFolder(dir, "1d", silentLogger());
    // Day 1: parts 0..5; day 2: parts 6..11 with part 7 gap-filled at part 6's close (107); 12..14 dropped.
    expect(btcDaily?.candles).toEqual([
      {
        time: DAY1,
        open: 100,
        high: 107,
        low: 99,
        close: 106,
        volume: 60,
        realizedVariance: expect.any(Number),
      },
      {
        time: DAY2,
        open: 100,
        high: 113,
        low: 99,
        close: 112,
        volume: 50,
        realizedVariance: expect.any(Number),
      },
    ]);
    expect(ethDaily?.candles).toEqual([
      {
        time: DAY2,
        open: 100,
        high: 111,
        low: 99,
        close: 110,
        volume: 60,
        realizedVariance: expect.any(Number),
      },
    ]);
  });

  it("GIVEN a close above its high and a misaligned time THEN both rows are rejected, counted and logged", async () => {
    const { logger, lines } = capturingLogger();
    const [btcSeries, ethSeries] = await loadCsvFolder(dir, "4h", logger);
    expect(btcSeries?.rejected).toBe(2);
    expect(ethSeries?.rejected).toBe(0);
    expect(lines.map((l) => [l.msg, l.file, l.time])).toEqual([
      ["candle rejected", join(dir, "BTC_USDT_4h.csv"), new Date(part(7).time).toISOString()],
      ["candle rejected", join(dir, "BTC_USDT_4h.csv"), new Date(DAY1 + 2 * 3_600_000).toISOString()],
    ]);
    expect(lines[0]?.reason).toMatch(/high 50 is below max\(open, close\) 108/);
    expect(lines[1]?.reason).toMatch(/not aligned to a 4h open time/);
  });

  it("GIVEN shuffled rows with a duplicate THEN the 4h series is sorted, de-duplicated and its hole filled", async () => {
    const [btcSeries] = await loadCsvFolder(dir, "4h", silentLogger());
    const candles = btcSeries?.candles ?? [];
    expect(candles.map((c) => c.time)).toEqual(btc.map((c) => c.time));
    expect(candles.filter((c) => c.time !== part(7).time)).toEqual(btc.filter((_, i) => i !== 7));
    expect(candles[7]).toEqual({
      time: part(7).time,
      open: 107,
      high: 107,
      low: 107,
      close: 107,
      volume: 0,
      filled: true,
    });
    expect(btcSeries?.gaps).toEqual([{ from: part(7).time, to: part(8).time, missing: 1 }]);
  });

  it("GIVEN an empty folder, or one with no candle file THEN a UserError says what file names it looks for", async () => {
    const empty = await folderWith("empty", {});
    const unrelated = await folderWith("unrelated", { "BTC_USDT_1d.csv": "x", "readme.md": "x" });
    for (const path of [empty, unrelated]) {
      const error = await userErrorOf(loadCsvFolder(path, "1d", silentLogger()));
      expect(error.message).toBe(
        `No candle files (like BTC_USDT_4h.csv or .csv.gz) in the history folder ${path}.`,
      );
    }
  });

  it("GIVEN a missing folder THEN a UserError names it", async () => {
    const missing = join(root, "does-not-exist");
    const error = await userErrorOf(loadCsvFolder(missing, "1d", silentLogger()));
    expect(error.message.startsWith(`Cannot read the history folder ${missing}: ENOENT`)).toBe(true);
  });

  it("GIVEN a malformed row THEN a UserError names the file and line, so the user can fix their export", async () => {
    const path = await folderWith("malformed", {
      "BTC_USDT_4h.csv": `${CSV_HEADER}\n2024-01-01 00:00:00,1,2,0.5,1.5,10\n2024-01-01 04:00:00,1,2,oops,1.5,10\n`,
    });
    const error = await userErrorOf(loadCsvFolder(path, "1d", silentLogger()));
    expect(error.message).toBe(`${join(path, "BTC_USDT_4h.csv")}:3: low is not a finite number ("oops")`);
  });

  it("GIVEN a .csv.gz that is not gzip THEN a UserError names the file", async () => {
    const path = await folderWith("corrupt", { "ETH_USDT_4h.csv.gz": formatCandlesCsv(run(DAY1, 6)) });
    const error = await userErrorOf(loadCsvFolder(path, "1d", silentLogger()));
    expect(error.message.startsWith(`${join(path, "ETH_USDT_4h.csv.gz")}: `)).toBe(true);
  });
});
