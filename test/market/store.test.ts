import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv, parseCandlesCsv } from "../../src/market/csv.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle, SeriesKey } from "../../src/market/types.js";
import { replaceFile } from "../../src/storage/durable-file.js";
import { fullDiskOpen } from "../helpers/full-disk.js";
import { at, candle, H4, run } from "./fixtures.js";

// Wrapped so that one test can make a write meet a full disk; every other call goes to the real writer.
vi.mock("../../src/storage/durable-file.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/storage/durable-file.js")>();
  return { ...real, replaceFile: vi.fn(real.replaceFile) };
});

const START = at("2024-01-01T00:00");
const SEED = run(START, 12); // two whole days of shipped history
const AFTER = START + 12 * H4; // open time of the first candle after the seed
const NOW = AFTER + 10 * H4;
const BTC: SeriesKey = { exchange: "binance", symbol: "BTC/USDT", timeframe: "4h" };

let root: string;
let shippedDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-store-"));
  shippedDir = join(root, "shipped");
  await mkdir(shippedDir);
  await writeFile(join(shippedDir, "BTC_USDT_4h.csv.gz"), gzipSync(formatCandlesCsv(SEED)));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function freshStore() {
  const dir = await mkdtemp(join(root, "store-"));
  const logger = silentLogger();
  const warn = vi.spyOn(logger, "warn");
  return { dir, warn, store: createCandleStore({ dir, shippedDir, logger }) };
}

const csvOf = (dir: string, exchange = "binance") => join(dir, "candles", exchange, "BTC_USDT_4h.csv");

describe("createCandleStore: seeding", () => {
  it("GIVEN temporary files a killed write left THEN the store removes them before its first read, sparing young ones and the series", async () => {
    const dir = await mkdtemp(join(root, "store-"));
    const folder = join(dir, "candles", "binance");
    await mkdir(folder, { recursive: true });
    const old = new Date(Date.now() - 3_600_000);
    for (const name of ["BTC_USDT_4h.csv.3914213497", "BTC_USDT_4h.meta.json.12345"]) {
      await writeFile(join(folder, name), "partial");
      await utimes(join(folder, name), old, old);
    }
    // Another process's write in progress: too young to be a leftover.
    await writeFile(join(folder, "ETH_USDT_4h.csv.777"), "in progress");
    await writeFile(join(folder, "BTC_USDT_4h.csv"), formatCandlesCsv(SEED));
    const store = createCandleStore({ dir, shippedDir, logger: silentLogger() });
    expect((await store.read(BTC)).candles).toHaveLength(SEED.length);
    expect((await readdir(folder)).sort()).toEqual(["BTC_USDT_4h.csv", "ETH_USDT_4h.csv.777"]);
  });

  it("GIVEN nothing appended THEN binance reads the shipped candles, source shipped, no updatedAt", async () => {
    const { store } = await freshStore();
    expect(await store.read(BTC)).toEqual({ candles: SEED, source: "shipped", updatedAt: null });
    expect(await store.lastTime(BTC)).toBe(SEED.at(-1)?.time);
  });

  it("GIVEN another exchange THEN the series starts empty: the shipped history is Binance's", async () => {
    const { store } = await freshStore();
    const kraken = { ...BTC, exchange: "kraken" };
    expect(await store.read(kraken)).toEqual({ candles: [], source: "shipped", updatedAt: null });
    expect(await store.lastTime(kraken)).toBeNull();
    expect(await store.append(kraken, [candle(AFTER)], NOW)).toMatchObject({ added: 1 });
    expect((await store.read(kraken)).candles).toEqual([candle(AFTER)]);
  });

  it("GIVEN the real shipped dir by default THEN BTC/USDT on binance reads its 18,201 candles", async () => {
    const dir = await mkdtemp(join(root, "default-"));
    const series = await createCandleStore({ dir, logger: silentLogger() }).read(BTC);
    expect(series.candles).toHaveLength(18_201);
    expect(series.source).toBe("shipped");
  });
});

describe("createCandleStore: append", () => {
  it("GIVEN new closed candles THEN they follow the seed, source turns live, updatedAt is now", async () => {
    const { store, dir } = await freshStore();
    const fresh = run(AFTER, 3);
    expect(await store.append(BTC, fresh, NOW)).toEqual({ added: 3, replaced: 0, rejected: [] });
    expect(await store.read(BTC)).toEqual({ candles: [...SEED, ...fresh], source: "live", updatedAt: NOW });
    expect(parseCandlesCsv(await readFile(csvOf(dir), "utf8"))).toEqual([...SEED, ...fresh]);
  });

  it("GIVEN a candle still open at now THEN it is refused as not closed; one closing exactly at now is kept", async () => {
    const { store, warn } = await freshStore();
    const closesNow = candle(AFTER);
    const open = candle(AFTER + H4);
    const result = await store.append(BTC, [closesNow, open], AFTER + H4);
    expect(result.added).toBe(1);
    expect(result.rejected).toEqual([
      { candle: open, reason: expect.stringMatching(/^not closed at 2024-01-03 04:00:00/) },
    ]);
    expect(warn).not.toHaveBeenCalled(); // expected with every fetch, so not a warning
    expect(await store.lastTime(BTC)).toBe(AFTER);
  });

  it("GIVEN identical candles again THEN they are dropped and nothing is written", async () => {
    const { store, dir } = await freshStore();
    expect(await store.append(BTC, SEED.slice(-3), NOW)).toEqual({ added: 0, replaced: 0, rejected: [] });
    expect((await store.read(BTC)).source).toBe("shipped");
    await expect(readdir(dir)).resolves.toEqual([]);

    await store.append(BTC, run(AFTER, 2), NOW);
    expect(await store.append(BTC, [...run(AFTER, 2), ...SEED], NOW)).toEqual({
      added: 0,
      replaced: 0,
      rejected: [],
    });
    expect((await store.read(BTC)).candles).toHaveLength(14);
  });

  it("GIVEN a stored candle recorded while open THEN its closed version replaces it", async () => {
    const { store } = await freshStore();
    const [early] = run(AFTER, 1) as [Candle];
    await store.append(BTC, [{ ...early, close: 100.5, high: 101.5, volume: 2 }], NOW);
    expect(await store.append(BTC, [early], NOW)).toEqual({ added: 0, replaced: 1, rejected: [] });
    const candles = (await store.read(BTC)).candles;
    expect(candles.at(-1)).toEqual(early);
    expect(candles).toHaveLength(13);
    // Shipped candles are replaceable too.
    const changed = { ...(SEED[0] as Candle), volume: 99 };
    expect(await store.append(BTC, [changed], NOW)).toMatchObject({ added: 0, replaced: 1 });
    expect((await store.read(BTC)).candles[0]).toEqual(changed);
  });

  it("GIVEN candles out of order, or older than the newest stored THEN the stored series is ascending", async () => {
    const { store } = await freshStore();
    const fresh = run(AFTER, 4);
    await store.append(BTC, [fresh[3], fresh[1]] as Candle[], NOW);
    await store.append(BTC, [fresh[2], fresh[0]] as Candle[], NOW);
    const times = (await store.read(BTC)).candles.map((c) => c.time);
    expect(times).toEqual([...SEED, ...fresh].map((c) => c.time));
  });

  it("GIVEN invalid candles THEN each is refused with its reason, logged as a warning, and the rest are stored", async () => {
    const { store, warn } = await freshStore();
    const bad = [
      { ...candle(AFTER), low: 200 },
      candle(AFTER + 60_000),
      { ...candle(AFTER), close: Number.NaN },
      { ...candle(AFTER), filled: true as const },
    ];
    const good = candle(AFTER + H4);
    const result = await store.append(BTC, [...bad, good], NOW);
    expect(result.added).toBe(1);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/low 200 is above/),
      expect.stringMatching(/not aligned/),
      expect.stringMatching(/close NaN/),
      expect.stringMatching(/filled \(synthetic\)/),
    ]);
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ symbol: "BTC/USDT", reason: result.rejected[0]?.reason }),
      "candle rejected",
    );
  });

  it("GIVEN a key that could escape the store directory THEN it is refused", async () => {
    const { store } = await freshStore();
    await expect(store.read({ ...BTC, exchange: "../x" })).rejects.toThrow(/not an exchange id/);
    await expect(store.append({ ...BTC, symbol: "../../BTC" }, [], NOW)).rejects.toThrow(
      /not a canonical symbol/,
    );
  });
});

describe("createCandleStore: durability", () => {
  it("GIVEN a new store instance on the same dir THEN it reads what the first one stored", async () => {
    const { store, dir } = await freshStore();
    await store.append(BTC, run(AFTER, 2), NOW);
    const again = createCandleStore({ dir, shippedDir, logger: silentLogger() });
    expect(await again.read(BTC)).toEqual(await store.read(BTC));
    expect(await again.append(BTC, run(AFTER, 3), NOW)).toMatchObject({ added: 1, replaced: 0 });
  });

  it("GIVEN a disk that fills up while the temp file is written THEN the append rejects with ENOSPC, the previous file stays whole and no temp file is left", async () => {
    const { store, dir } = await freshStore();
    await store.append(BTC, run(AFTER, 2), NOW);
    const before = await readFile(csvOf(dir), "utf8");
    const mocked = vi.mocked(replaceFile);
    const real = mocked.getMockImplementation();
    // The temp file takes its first 100 bytes, then the disk is full.
    mocked.mockImplementationOnce(
      (file, data) => real?.(file, data, { openFile: fullDiskOpen(100) }) as Promise<void>,
    );
    await expect(store.append(BTC, run(AFTER, 5), NOW)).rejects.toThrow(/ENOSPC/);

    expect(await readFile(csvOf(dir), "utf8")).toBe(before);
    expect((await store.read(BTC)).candles).toHaveLength(14);
    expect(await readdir(join(dir, "candles", "binance"))).toEqual([
      "BTC_USDT_4h.csv",
      "BTC_USDT_4h.meta.json",
    ]);
    // The store goes on working after the failure.
    expect(await store.append(BTC, run(AFTER, 5), NOW)).toMatchObject({ added: 3 });
  });

  it("GIVEN a crash between the CSV and its sidecar THEN the candles are whole and updatedAt falls back to the file time", async () => {
    const { store, dir } = await freshStore();
    await store.append(BTC, run(AFTER, 2), NOW);
    await rm(join(dir, "candles", "binance", "BTC_USDT_4h.meta.json"));
    const series = await store.read(BTC);
    expect(series.candles).toHaveLength(14);
    expect(series.source).toBe("live");
    expect(series.updatedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("GIVEN a stored file damaged by hand or a full disk THEN it reads as a clean series, each dropped row logged, and the next append writes it back clean", async () => {
    const { store, dir, warn } = await freshStore();
    await store.append(BTC, run(AFTER, 3), NOW);
    const [header, ...rows] = (await readFile(csvOf(dir), "utf8")).trim().split("\n");
    const [a, b, c] = rows.slice(-3) as [string, string, string];
    const negative = c.replace(/,[^,]*$/, ",-5000");
    // The last three rows swapped and repeated, one with a negative volume, and a row cut short.
    await writeFile(
      csvOf(dir),
      `${[header, ...rows.slice(0, -3), b, a, a, negative, b.slice(0, 20)].join("\n")}\n`,
    );
    const series = await store.read(BTC);
    expect(series.candles.map((x) => x.time)).toEqual([...SEED, ...run(AFTER, 2)].map((x) => x.time));
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ file: csvOf(dir) }),
      "stored candle row dropped",
    );
    expect(warn).toHaveBeenCalledWith(
      { file: csvOf(dir) },
      "stored candles out of order or repeated: sorted, one per time",
    );
    await store.append(BTC, run(AFTER + 2 * H4, 1), NOW);
    expect(parseCandlesCsv(await readFile(csvOf(dir), "utf8")).map((x) => x.time)).toEqual(
      [...SEED, ...run(AFTER, 3)].map((x) => x.time),
    );
  });

  it("GIVEN a stored file whose header is damaged THEN the shipped history seeds the series again, and the next append writes the file back whole", async () => {
    const { store, dir, warn } = await freshStore();
    await store.append(BTC, run(AFTER, 2), NOW);
    const text = await readFile(csvOf(dir), "utf8");
    await writeFile(csvOf(dir), `tim,open${text.slice(text.indexOf("\n"))}`);
    const series = await store.read(BTC);
    expect(series.source).toBe("shipped");
    expect(series.candles.map((x) => x.time)).toEqual(SEED.map((x) => x.time));
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ file: csvOf(dir), line: 1 }),
      "stored candle row dropped",
    );
    await store.append(BTC, run(AFTER, 3), NOW);
    expect(parseCandlesCsv(await readFile(csvOf(dir), "utf8")).map((x) => x.time)).toEqual(
      [...SEED, ...run(AFTER, 3)].map((x) => x.time),
    );
  });

  it("GIVEN concurrent appends to one series THEN none is lost", async () => {
    const { store } = await freshStore();
    const fresh = run(AFTER, 6);
    const results = await Promise.all(fresh.map((c) => store.append(BTC, [c], NOW)));
    expect(results.reduce((n, r) => n + r.added, 0)).toBe(6);
    expect((await store.read(BTC)).candles).toEqual([...SEED, ...fresh]);
  });
});
