import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  closes.map((c, i) => `${day} ${String(i * 4).padStart(2, "0")}:00:00,${c},${c + 1},${c - 1},${c},10`);

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
    const ada = await loadCorpus("ADA/USDT", corpusDirs(undefined, shippedDataDir()));
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
    expect(await loadCorpus("ADA/USDT", dirs)).toHaveLength(12);
    expect(await loadCorpus("SUI/USDT", dirs)).toHaveLength(6);
    expect(await loadCorpus("LTC/USDT", dirs)).toBeNull();
    await expect(loadCorpus("BAD/USDT", dirs)).rejects.toThrow();
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
});
