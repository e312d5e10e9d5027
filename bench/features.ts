import { computeFeatures } from "../src/features/compute-features.js";
import { buildDataset } from "../src/features/dataset.js";
import { fillGaps } from "../src/market/gaps.js";
import { resample } from "../src/market/resample.js";
import { loadShipped } from "../src/market/shipped.js";
import type { Candle } from "../src/market/types.js";
import type { SeriesData } from "../src/model/types.js";
import { type BenchResult, isMain, measure, printTable, quickFlag, type SummaryRow } from "./measure.js";

export type { BenchResult } from "./measure.js";

const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"] as const;
const RUNS = 7;
/** `--quick`: enough to see every step run, not to measure. */
export const QUICK_RUNS = 2;
/** Target of the one figure that has one: shipped history to features, for every pair, well under 1 s. */
const LOAD_AND_FEATURES = "load + features 4h, 3 pairs";
const LOAD_AND_FEATURES_TARGET_MS = 1000;

async function loadAll(): Promise<SeriesData[]> {
  return Promise.all(
    SYMBOLS.map(async (symbol) => {
      const candles = await loadShipped(symbol);
      if (candles === null) throw new Error(`no shipped history for ${symbol}`);
      return { symbol, candles: fillGaps(candles).candles };
    }),
  );
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
    await measure(LOAD_AND_FEATURES, runs, async () => {
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

/** The summary rows: every step's median, the load + features one against its target. */
export function summariseFeatures(results: readonly BenchResult[]): SummaryRow[] {
  return results.map((r) => ({
    bench: "features",
    // The table's names carry sizes in parentheses; the one-screen summary drops them.
    name: r.name.split(" (")[0] ?? r.name,
    value: r.medianMs,
    unit: "ms",
    ...(r.name === LOAD_AND_FEATURES ? { target: { op: "<", value: LOAD_AND_FEATURES_TARGET_MS } } : {}),
  }));
}

export function printFeatures(results: readonly BenchResult[]): void {
  printTable(results, { [LOAD_AND_FEATURES]: `< ${LOAD_AND_FEATURES_TARGET_MS} ms` });
}

if (isMain(import.meta.url)) {
  printFeatures(await benchFeatures(quickFlag() ? QUICK_RUNS : RUNS));
}
