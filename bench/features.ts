import { pathToFileURL } from "node:url";
import { computeFeatures } from "../src/features/compute-features.js";
import { buildDataset } from "../src/features/dataset.js";
import { fillGaps } from "../src/market/gaps.js";
import { resample } from "../src/market/resample.js";
import { loadShipped } from "../src/market/shipped.js";
import type { Candle } from "../src/market/types.js";
import type { SeriesData } from "../src/model/types.js";

/** One measured step: times over `runs` runs, the first (cold, JIT not yet warm) run shown apart. */
export interface BenchResult {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  firstMs: number;
  runs: number;
}

const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"] as const;
const RUNS = 7;

async function loadAll(): Promise<SeriesData[]> {
  return Promise.all(
    SYMBOLS.map(async (symbol) => {
      const candles = await loadShipped(symbol);
      if (candles === null) throw new Error(`no shipped history for ${symbol}`);
      return { symbol, candles: fillGaps(candles).candles };
    }),
  );
}

async function measure(name: string, runs: number, step: () => unknown): Promise<BenchResult> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const medianMs =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    name,
    medianMs,
    minMs: sorted[0] as number,
    maxMs: sorted.at(-1) as number,
    firstMs: times[0] as number,
    runs,
  };
}

/**
 * Times the feature pipeline on the full shipped history of BTC, ETH and XRP (4h, gaps filled):
 * loading, features, both together (the target: well under 1 s), and a daily training dataset.
 * Each step runs in this process in order, so the first "features" run is the cold one.
 */
export async function benchFeatures(runs: number = RUNS): Promise<BenchResult[]> {
  const series = await loadAll();
  const candles4h = series.reduce((sum, s) => sum + s.candles.length, 0);
  const daily: SeriesData[] = series.map((s) => ({ symbol: s.symbol, candles: resample(s.candles, "1d") }));
  const lastDaily = Math.min(...daily.map((s) => (s.candles.at(-1) as Candle).time));
  const dailyCount = daily.reduce((sum, s) => sum + s.candles.length, 0);

  return [
    await measure(`features 4h, 3 pairs (${candles4h} candles)`, runs, () => {
      for (const s of series) computeFeatures(s.candles);
    }),
    await measure("load shipped 4h + fill gaps, 3 pairs", runs, loadAll),
    await measure("load + features 4h, 3 pairs", runs, async () => {
      for (const s of await loadAll()) computeFeatures(s.candles);
    }),
    await measure(`buildDataset 1d, 3 pairs (${dailyCount} candles), T=60, H=[1,3,7], val split`, runs, () =>
      buildDataset({
        series: daily,
        trainEnd: lastDaily,
        validationStart: lastDaily - 365 * 86_400_000,
        horizons: [1, 3, 7],
        window: 60,
      }),
    ),
  ];
}

function printTable(results: readonly BenchResult[]): void {
  const pad = Math.max(...results.map((r) => r.name.length));
  console.log(`${"step".padEnd(pad)}  median ms   min ms   max ms  first ms  runs`);
  for (const r of results) {
    const cells = [r.medianMs, r.minMs, r.maxMs, r.firstMs].map((v) => v.toFixed(1).padStart(8));
    console.log(`${r.name.padEnd(pad)}  ${cells.join(" ")}  ${String(r.runs).padStart(4)}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await benchFeatures());
}
