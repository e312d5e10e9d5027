import type { Candle } from "../market/types.js";
import {
  atrSeries,
  bollingerWidthSeries,
  macdSeries,
  rollingMeanStdSeries,
  rsiSeries,
  smaSeries,
} from "./indicators.js";
import { RV_FEATURE_NAMES, realizedVolatilityColumns, rvWarmup, stepsPerDay } from "./realized-volatility.js";
import type { FeatureMatrix } from "./types.js";

/**
 * The features, in column order. None carries a price or volume level (each is a ratio, a log ratio or a
 * z-score), so one model can be trained on BTC, ETH and XRP together and the same row means the same
 * thing at $0.30 and at $90,000.
 */
export const FEATURE_NAMES = [
  "log_return",
  "log_range",
  "sma_ratio_10",
  "sma_ratio_20",
  "sma_ratio_50",
  "rsi_14",
  "macd_line",
  "macd_signal",
  "macd_hist",
  "bb_width_20",
  "atr_14",
  "realized_vol_10",
  "realized_vol_30",
  "volume_z_30",
  ...RV_FEATURE_NAMES,
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/**
 * Row from which each indicator feature is warm. Mostly the first row the indicator emits; the MACD signal and
 * histogram wait until the signal EMA has seen 9 MACD values (26 - 1 + 9 - 1), since the library seeds it
 * with the first MACD value. The realised-volatility features count in days (see featureWarmup).
 */
const INDICATOR_WARMUP = {
  log_return: 1,
  log_range: 0,
  sma_ratio_10: 9,
  sma_ratio_20: 19,
  sma_ratio_50: 49,
  rsi_14: 14,
  macd_line: 25,
  macd_signal: 33,
  macd_hist: 33,
  bb_width_20: 19,
  atr_14: 13,
  realized_vol_10: 10,
  realized_vol_30: 30,
  volume_z_30: 29,
} as const;

/** Row from which each feature is warm, for a series of `perDay` candles a day (1 daily, 6 for 4h). */
export function featureWarmup(perDay: number): Readonly<Record<FeatureName, number>> {
  return { ...INDICATOR_WARMUP, ...rvWarmup(perDay) };
}

/** First row at which every feature is warm, for `perDay` candles a day. */
export function featuresFirstValid(perDay: number): number {
  return Math.max(...Object.values(featureWarmup(perDay)));
}

/** First row at which every feature of a daily series is warm (the longest warm-up, SMA 50). */
export const FEATURES_FIRST_VALID = featuresFirstValid(1);

/** Below this a rolling volume std is treated as zero: a flat window (e.g. a run of gap-filled candles). */
const MIN_VOLUME_STD = 1e-9;

/**
 * Computes every feature for every candle. Causal: row t depends on candles[0..t] only, so appending
 * candles never changes an earlier row. Gap-filled candles (zero volume, high = low) stay finite:
 * volume enters as log(1 + volume), and a zero rolling std gives a z-score of 0.
 *
 * @param candles one series, oldest first, gaps filled; prices must be positive and finite.
 * @throws RangeError on a non-positive or non-finite price, or a negative or non-finite volume.
 */
export function computeFeatures(candles: readonly Candle[]): FeatureMatrix {
  assertUsable(candles);
  const n = candles.length;
  const closes = new Float64Array(n);
  const logVolumes = new Float64Array(n);
  const logReturns = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t < n; t++) {
    const c = candles[t] as Candle;
    closes[t] = c.close;
    logVolumes[t] = Math.log1p(c.volume);
    if (t > 0) logReturns[t] = Math.log(c.close / (candles[t - 1] as Candle).close);
  }

  // Realised volatility runs over returns, which start at row 1: feed from there and shift back.
  const returnsFrom1 = logReturns.subarray(1);
  const vol10 = shiftedBy1(rollingMeanStdSeries(returnsFrom1, 10).std, n);
  const vol30 = shiftedBy1(rollingMeanStdSeries(returnsFrom1, 30).std, n);
  const sma10 = smaSeries(closes, 10);
  const sma20 = smaSeries(closes, 20);
  const sma50 = smaSeries(closes, 50);
  const rsi = rsiSeries(closes, 14);
  const macd = macdSeries(closes, 12, 26, 9);
  const bbWidth = bollingerWidthSeries(closes, 20, 2);
  const atr = atrSeries(candles, 14);
  const volume = rollingMeanStdSeries(logVolumes, 30);
  const rv = realizedVolatilityColumns(candles);
  const perDay = stepsPerDay(candles);
  const warmups = featureWarmup(perDay);

  const columns: Record<FeatureName, (t: number, c: Candle) => number> = {
    log_return: (t) => logReturns[t] as number,
    log_range: (_, c) => Math.log(c.high / c.low),
    sma_ratio_10: (t, c) => c.close / (sma10[t] as number) - 1,
    sma_ratio_20: (t, c) => c.close / (sma20[t] as number) - 1,
    sma_ratio_50: (t, c) => c.close / (sma50[t] as number) - 1,
    rsi_14: (t) => (rsi[t] as number) / 100,
    macd_line: (t, c) => (macd.macd[t] as number) / c.close,
    macd_signal: (t, c) => (macd.signal[t] as number) / c.close,
    macd_hist: (t, c) => (macd.histogram[t] as number) / c.close,
    bb_width_20: (t) => bbWidth[t] as number,
    atr_14: (t, c) => (atr[t] as number) / c.close,
    realized_vol_10: (t) => vol10[t] as number,
    realized_vol_30: (t) => vol30[t] as number,
    volume_z_30: (t) => {
      const std = volume.std[t] as number;
      return std < MIN_VOLUME_STD ? 0 : ((logVolumes[t] as number) - (volume.mean[t] as number)) / std;
    },
    ...(Object.fromEntries(
      RV_FEATURE_NAMES.map((name) => [name, (t: number) => rv[name][t] as number]),
    ) as Record<(typeof RV_FEATURE_NAMES)[number], (t: number) => number>),
  };

  const width = FEATURE_NAMES.length;
  const values = new Float32Array(n * width);
  FEATURE_NAMES.forEach((name, f) => {
    const column = columns[name];
    const warmup = warmups[name];
    for (let t = 0; t < n; t++) {
      values[t * width + f] = t < warmup ? Number.NaN : column(t, candles[t] as Candle);
    }
  });

  return {
    names: [...FEATURE_NAMES],
    times: candles.map((c) => c.time),
    values,
    firstValid: Math.min(n, featuresFirstValid(perDay)),
  };
}

function shiftedBy1(series: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  if (n > 0) out.set(series, 1);
  return out;
}

function assertUsable(candles: readonly Candle[]): void {
  for (let t = 0; t < candles.length; t++) {
    const { open, high, low, close, volume } = candles[t] as Candle;
    // Written out rather than with every(): this runs once per candle on every forecast.
    const pricesOk =
      open > 0 && high > 0 && low > 0 && close > 0 && Number.isFinite(open + high + low + close);
    if (!pricesOk || !(volume >= 0) || !Number.isFinite(volume)) {
      throw new RangeError(`candle ${t} cannot be turned into features: prices must be > 0, volume >= 0`);
    }
  }
}
