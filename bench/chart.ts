/**
 * Render time of the forecast picture: renderForecastChart on the shipped history, from the forecast to
 * the PNG bytes (layout, Chart.js, Skia drawing, PNG encoding). BTC 1d on daily candles in the dark theme,
 * XRP 1d on 4h candles in the light one. Run: `npx tsx bench/chart.ts [--quick]`.
 */
import { renderForecastChart } from "../src/chart/render.js";
import type { Forecast } from "../src/forecast/forecast.js";
import { fillGaps } from "../src/market/gaps.js";
import { resample } from "../src/market/resample.js";
import { loadShipped } from "../src/market/shipped.js";
import { type Candle, TIMEFRAME_MS } from "../src/market/types.js";
import type { ModelTimeframe } from "../src/model/horizons.js";
import { type BenchResult, isMain, measure, printTable, quickFlag, type SummaryRow } from "./measure.js";

const RUNS = 30;
const WARMUP = 3;
/** `--quick`: enough to see both renders go through, not to measure. */
export const QUICK_RUNS = 2;
const TARGET_MS = 50;
const NAME_BTC = "render BTC 1d, daily candles, dark";
const NAME_XRP = "render XRP 1d, 4h candles, light";

/** A forecast with fixed log-return quantiles around the last close: the picture's cost, not a model's. */
function fixedForecast(
  symbol: string,
  timeframe: ModelTimeframe,
  steps: number,
  candles: Candle[],
): Forecast {
  const last = candles.at(-1);
  if (last === undefined) throw new Error(`no shipped history for ${symbol}`);
  const price = (q: number) => last.close * Math.exp(q);
  return {
    symbol,
    horizon: "1d",
    timeframe,
    asOf: last.time,
    targetTime: last.time + (steps + 1) * TIMEFRAME_MS[timeframe],
    lastPrice: last.close,
    median: price(0.004),
    interval80: { low: price(-0.032), high: price(0.036) },
    interval95: { low: price(-0.058), high: price(0.061) },
    probabilityUp: 0.55,
    expectedVolatility: 0.027,
    modelVersion: "cnn-gru 2025-12-08 a1b2c3d4",
    data: { source: "shipped", asOf: last.time, stale: false },
    madeAt: last.time,
  };
}

async function shipped(symbol: string, timeframe: ModelTimeframe): Promise<Candle[]> {
  const candles = await loadShipped(symbol);
  if (candles === null) throw new Error(`no shipped history for ${symbol}`);
  return resample(fillGaps(candles).candles, timeframe);
}

/**
 * Times both renders after a few untimed ones: a process's very first render (fonts registered, JIT and
 * Chart.js warming up) takes several times longer, and is not what a running bot pays per picture.
 */
export async function benchChart(runs: number = RUNS): Promise<BenchResult[]> {
  const btc = await shipped("BTC/USDT", "1d");
  const xrp = await shipped("XRP/USDT", "4h");
  const btcInput = { forecast: fixedForecast("BTC/USDT", "1d", 1, btc), history: btc };
  const xrpInput = {
    forecast: fixedForecast("XRP/USDT", "4h", 6, xrp),
    history: xrp,
    theme: "light" as const,
  };
  const warmup = Math.min(WARMUP, runs);
  return [
    await measure(NAME_BTC, runs, () => renderForecastChart(btcInput), { warmup }),
    await measure(NAME_XRP, runs, () => renderForecastChart(xrpInput), { warmup }),
  ];
}

/** Summary rows: both medians against the same target. */
export function summariseChart(results: readonly BenchResult[]): SummaryRow[] {
  return results.map((r) => ({
    bench: "chart",
    name: r.name,
    value: r.medianMs,
    unit: "ms",
    target: { op: "<", value: TARGET_MS },
  }));
}

export function printChart(results: readonly BenchResult[]): void {
  console.log("renderForecastChart, 1200x630 PNG, from the shipped history; timed after warm-up");
  printTable(results, { [NAME_BTC]: `< ${TARGET_MS} ms`, [NAME_XRP]: `< ${TARGET_MS} ms` });
}

if (isMain(import.meta.url)) {
  printChart(await benchChart(quickFlag() ? QUICK_RUNS : RUNS));
}
