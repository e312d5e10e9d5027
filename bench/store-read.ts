/**
 * What reading a stored series costs: the candle store's read of BTC/USDT 4h (the shipped history written
 * as a live file, ~18,000 rows), against parsing the same CSV alone. The difference is the file read and
 * the checks a stored file gets on every read (each row validated, order checked: store.ts storedCandles).
 * Reads happen once per candle close per series (the series cache keeps them), not once per forecast.
 * Run: `npx tsx bench/store-read.ts [--quick]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../src/logger.js";
import { formatCandlesCsv, parseCandlesCsv } from "../src/market/csv.js";
import { loadShipped, shippedDataDir } from "../src/market/shipped.js";
import { createCandleStore } from "../src/market/store.js";
import type { SeriesKey } from "../src/market/types.js";
import { type BenchResult, isMain, measure, printTable, quickFlag } from "./measure.js";

const BTC: SeriesKey = { exchange: "binance", symbol: "BTC/USDT", timeframe: "4h" };

export async function benchStoreRead(runs = 30): Promise<BenchResult[]> {
  const shipped = await loadShipped(BTC.symbol, shippedDataDir());
  if (shipped === null) throw new Error("no shipped BTC/USDT history");
  const dir = await mkdtemp(join(tmpdir(), "coincast-bench-store-"));
  try {
    const store = createCandleStore({ dir, shippedDir: join(dir, "none"), logger: silentLogger() });
    // Appended as closed candles: the store writes them as its own live file.
    await store.append(BTC, shipped, Number.MAX_SAFE_INTEGER);
    const text = formatCandlesCsv(shipped);
    return [
      await measure(`parse ${shipped.length} rows`, runs, () => parseCandlesCsv(text), { warmup: 3 }),
      await measure("store.read (file, parse, checks)", runs, () => store.read(BTC), { warmup: 3 }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const results = await benchStoreRead(quickFlag() ? 5 : 30);
  printTable(results);
  const [parse, read] = results;
  if (parse !== undefined && read !== undefined)
    console.log(
      `store.read: median ${read.medianMs.toFixed(1)} ms, ${(read.medianMs / parse.medianMs).toFixed(2)}x parsing alone`,
    );
}
