import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/logger.js";
import {
  corpusDirs,
  describeCorpus,
  listCorpus,
  loadCorpus,
  loadCorpusSeries,
} from "../../src/market/corpus.js";
import { CSV_HEADER } from "../../src/market/csv.js";
import { shippedDataDir } from "../../src/market/shipped.js";
import { createCandleStore } from "../../src/market/store.js";

let root: string;
let shipped: string;
let dataDir: string;
const rows = (day: string, closes: number[]) =>
  closes.map((c, i) => `${day} ${String(i * 4).padStart(2, "0")}:00:00,${c},${c + 1},${c / 2},${c},10`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-corpus-"));
  shipped = join(root, "shipped");
  dataDir = join(root, "state");
  await mkdir(join(shipped, "corpus"), { recursive: true });
  await mkdir(join(dataDir, "corpus"), { recursive: true });
  const csv = (lines: string[]) => gzipSync(`${CSV_HEADER}\n${lines.join("\n")}\n`);
  await writeFile(join(shipped, "corpus", "ADA_USDT_4h.csv.gz"), csv(rows("2024-01-01", [1, 2, 3, 4, 5, 6])));
  await writeFile(join(shipped, "corpus", "SUI_USDT_4h.csv.gz"), csv(rows("2024-01-02", [7, 7, 7, 7, 7, 7])));
  await writeFile(join(shipped, "corpus", "README.md"), "not a series");
  // A backfill in DATA_DIR/corpus/ replaces the shipped file of the same name.
  await writeFile(
    join(dataDir, "corpus", "ADA_USDT_4h.csv.gz"),
    csv([...rows("2024-01-01", [1, 2, 3, 4, 5, 6]), ...rows("2024-01-02", [9, 9, 9, 9, 9, 9])]),
  );
  await writeFile(join(dataDir, "corpus", "DOT_USDT_4h.csv.gz"), csv(rows("2024-01-03", [2, 2, 2, 2, 2, 2])));
  await writeFile(join(dataDir, "corpus", "BAD_USDT_4h.csv.gz"), gzipSync("not,a,candle,file\n"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("training corpus", () => {
  it("GIVEN the project THEN 47 corpus pairs ship in data/corpus, none of them BTC, ETH, XRP, SOL or BNB", async () => {
    const series = await listCorpus(corpusDirs(undefined, shippedDataDir()));
    expect(series).toHaveLength(47);
    const symbols = series.map((s) => s.symbol);
    for (const absent of ["BTC/USDT", "ETH/USDT", "XRP/USDT", "SOL/USDT", "BNB/USDT"])
      expect(symbols).not.toContain(absent);
    const ada = (await loadCorpus("ADA/USDT", corpusDirs(undefined, shippedDataDir()), silentLogger()))
      ?.candles;
    // data/corpus/README.md: ADA 2018-04-17 04:00 .. 2025-07-15 20:00, 15,872 rows.
    expect(ada).toHaveLength(15_872);
    expect(ada?.[0]?.time).toBe(Date.UTC(2018, 3, 17, 4));
    expect(ada?.at(-1)?.time).toBe(Date.UTC(2025, 6, 15, 20));
  });

  it("GIVEN a shipped corpus and DATA_DIR/corpus THEN both are listed and the DATA_DIR file of a pair wins", async () => {
    const dirs = corpusDirs(dataDir, shipped);
    expect((await listCorpus(dirs)).map((s) => s.symbol)).toEqual([
      "ADA/USDT",
      "BAD/USDT",
      "DOT/USDT",
      "SUI/USDT",
    ]);
    const load = (symbol: string) => loadCorpus(symbol, dirs, silentLogger());
    expect((await load("ADA/USDT"))?.candles).toHaveLength(12);
    expect((await load("SUI/USDT"))?.candles).toHaveLength(6);
    expect(await load("LTC/USDT")).toBeNull();
    // A file whose header is not ours holds no candle: read past, and said so.
    expect(await load("BAD/USDT")).toEqual({
      candles: [],
      unreadable: [`${join(dataDir, "corpus", "BAD_USDT_4h.csv.gz")}: no candle row could be read`],
    });
  });

  it("GIVEN corpus pairs THEN the candle store serves them as binance series and excludes SYMBOLS", async () => {
    const store = createCandleStore({ dir: dataDir, shippedDir: shipped, logger: silentLogger() });
    const read = await store.read({ exchange: "binance", symbol: "DOT/USDT", timeframe: "4h" });
    expect(read.candles.map((c) => c.close)).toEqual([2, 2, 2, 2, 2, 2]);
    const other = await store.read({ exchange: "kraken", symbol: "DOT/USDT", timeframe: "4h" });
    expect(other.candles).toEqual([]);
    const source = { store, dirs: corpusDirs(dataDir, shipped), exclude: ["BAD/USDT", "SUI/USDT"] };
    const daily = await loadCorpusSeries(source, "1d");
    expect(daily.map((s) => s.symbol)).toEqual(["ADA/USDT", "DOT/USDT"]);
    expect(daily[0]?.candles.map((c) => c.close)).toEqual([6, 9]);
    const status = await describeCorpus(source);
    expect(status.map((r) => [r.symbol, r.count, r.source])).toEqual([
      ["ADA/USDT", 12, "corpus"],
      ["DOT/USDT", 6, "corpus"],
    ]);
  });

  it("GIVEN a DATA_DIR corpus file that is not gzip THEN it is logged by name and the shipped corpus file serves the pair, marked in status", async () => {
    const state = await mkdtemp(join(root, "garbage-"));
    await mkdir(join(state, "corpus"));
    const garbage = join(state, "corpus", "SUI_USDT_4h.csv.gz");
    await writeFile(garbage, "garbage\n");
    await writeFile(join(state, "corpus", "DOT_USDT_4h.csv.gz"), "garbage\n");
    const logger = silentLogger();
    const warn = vi.spyOn(logger, "warn");
    const store = createCandleStore({ dir: state, shippedDir: shipped, logger });
    const read = await store.read({ exchange: "binance", symbol: "SUI/USDT", timeframe: "4h" });
    expect(read.candles.map((c) => c.close)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(read.unreadable).toEqual([`${garbage}: not a gzip file (incorrect header check)`]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ file: garbage, symbol: "SUI/USDT" }),
      "corpus file unreadable; the next folder's is used if any",
    );

    // DOT has no shipped file to fall back on: listed with no candle, marked, and the other pairs still listed.
    const status = await describeCorpus({ store, dirs: corpusDirs(state, shipped) });
    expect(status.map((r) => [r.symbol, r.count, r.unreadable?.length ?? 0])).toEqual([
      ["ADA/USDT", 6, 0],
      ["DOT/USDT", 0, 1],
      ["SUI/USDT", 6, 1],
    ]);
  });

  it("GIVEN a corpus row that does not parse or holds no valid candle THEN that row is dropped and logged with the file; the rest serve", async () => {
    const state = await mkdtemp(join(root, "bad-row-"));
    await mkdir(join(state, "corpus"));
    const file = join(state, "corpus", "DOT_USDT_4h.csv.gz");
    const lines = rows("2024-01-03", [2, 2, 2, 2, 2, 2]);
    lines[2] = "2024-01-03 08:00:00,2,3,1,abc,10";
    lines[4] = "2024-01-03 16:00:00,2,1,3,2,10"; // high below low
    await writeFile(file, gzipSync(`${CSV_HEADER}\n${lines.join("\n")}\n`));
    const logger = silentLogger();
    const warn = vi.spyOn(logger, "warn");
    const loaded = await loadCorpus("DOT/USDT", corpusDirs(state, shipped), logger);
    expect(loaded?.candles.map((c) => new Date(c.time).getUTCHours())).toEqual([0, 4, 12, 20]);
    expect(loaded?.unreadable).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ file, line: 4 }),
      "stored candle row dropped",
    );
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
