import { type Candle, TIMEFRAME_MS } from "../market/types.js";

/*
 * Realised-volatility inputs (HAR terms, range estimators, leverage), the part of the feature set that
 * carries the predictable part of crypto returns: their scale (Corsi 2009; Corsi & Renò 2012 for the
 * leverage terms). Every window is counted in days, so the daily and the 4h model see the same quantities:
 * a day is one daily candle or six 4h candles. Written by hand: trading-signals has no HAR or range
 * estimators, and each is a rolling sum.
 */

/** Names of the realised-volatility features, in column order. */
export const RV_FEATURE_NAMES = [
  "rv_log_1d",
  "rv_log_7d",
  "rv_log_30d",
  "parkinson_log_7d",
  "garman_klass_log_7d",
  "neg_return_1d",
  "neg_return_7d",
] as const;
export type RvFeatureName = (typeof RV_FEATURE_NAMES)[number];

/** Floor under a variance before its log: a run of gap-filled candles has a realised variance of exactly 0. */
export const VARIANCE_FLOOR = 1e-10;
const LOG2_TIMES_4 = 4 * Math.LN2;
const GK_CLOSE_WEIGHT = 2 * Math.LN2 - 1;

/** Days each feature looks back over. */
const DAYS: Readonly<Record<RvFeatureName, number>> = {
  rv_log_1d: 1,
  rv_log_7d: 7,
  rv_log_30d: 30,
  parkinson_log_7d: 7,
  garman_klass_log_7d: 7,
  neg_return_1d: 1,
  neg_return_7d: 7,
};

/**
 * Candles per UTC day implied by the spacing of the first two candles: 1 for daily candles, 6 for 4h ones.
 * A series of one candle, or a spacing that does not divide a day, counts as daily.
 */
export function stepsPerDay(candles: readonly Candle[]): number {
  const [a, b] = candles;
  if (a === undefined || b === undefined) return 1;
  const steps = TIMEFRAME_MS["1d"] / (b.time - a.time);
  return Number.isInteger(steps) && steps >= 1 ? steps : 1;
}

/**
 * First row at which each realised-volatility feature is warm, for `perDay` candles a day. Return-based
 * windows need one extra row (the first return is at row 1); the range estimators read row 0 already.
 */
export function rvWarmup(perDay: number): Record<RvFeatureName, number> {
  const out = {} as Record<RvFeatureName, number>;
  for (const name of RV_FEATURE_NAMES) {
    const rows = DAYS[name] * perDay;
    out[name] = name.startsWith("parkinson") || name.startsWith("garman") ? rows - 1 : rows;
  }
  return out;
}

/**
 * Realised variance of one candle: the sum of squared log returns of the parts it was resampled from
 * (`candle.realizedVariance`, set by resample()), or, for a candle with no parts (a 4h candle), its own
 * squared close-to-close log return.
 */
function candleVariance(candles: readonly Candle[], t: number): number {
  const c = candles[t] as Candle;
  if (c.realizedVariance !== undefined) return c.realizedVariance;
  if (t === 0) return Number.NaN;
  return Math.log(c.close / (candles[t - 1] as Candle).close) ** 2;
}

/** Realised variance of every candle (see candleVariance); NaN at row 0 of a series of parts-less candles. */
export function candleVariances(candles: readonly Candle[]): Float64Array {
  return Float64Array.from(candles, (_, t) => candleVariance(candles, t));
}

/** Sum of values[t - length + 1 .. t] for every t (NaN until the window is full or while it holds a NaN). */
function rollingSum(values: Float64Array, length: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  // Recomputed per row rather than running sums: the inputs span 1e-8..1e-1 and a running float sum drifts.
  for (let t = length - 1; t < values.length; t++) {
    let sum = 0;
    for (let j = t - length + 1; j <= t; j++) sum += values[j] as number;
    out[t] = sum;
  }
  return out;
}

const logVariance = (v: number): number => Math.log(Math.max(v, VARIANCE_FLOOR));

/**
 * The realised-volatility columns for every candle; row t reads candles[0..t] only. Variances are per day and
 * enter as logs (HAR models log RV: the log is close to normal, the level is not):
 * - rv_log_Kd: log of the mean daily realised variance over the last K days (K = 1, 7, 30; the HAR terms);
 * - parkinson_log_7d: log mean daily Parkinson variance, ln(H/L)^2 / (4 ln 2) summed per day;
 * - garman_klass_log_7d: same for Garman-Klass, 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2;
 * - neg_return_Kd: min(r_K / K, 0) with r_K the log return over the last K days (the leverage terms of LHAR).
 * Warm-up rows (see rvWarmup) hold NaN.
 */
export function realizedVolatilityColumns(candles: readonly Candle[]): Record<RvFeatureName, Float64Array> {
  const n = candles.length;
  const perDay = stepsPerDay(candles);
  const variance = candleVariances(candles);
  const parkinson = new Float64Array(n);
  const garmanKlass = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const c = candles[t] as Candle;
    const range = Math.log(c.high / c.low);
    const body = Math.log(c.close / c.open);
    parkinson[t] = (range * range) / LOG2_TIMES_4;
    garmanKlass[t] = 0.5 * range * range - GK_CLOSE_WEIGHT * body * body;
  }
  const meanLogVariance = (values: Float64Array, days: number): Float64Array =>
    rollingSum(values, days * perDay).map((sum) => logVariance(sum / days));
  const negativeReturn = (days: number): Float64Array => {
    const lag = days * perDay;
    const out = new Float64Array(n).fill(Number.NaN);
    for (let t = lag; t < n; t++) {
      const r = Math.log((candles[t] as Candle).close / (candles[t - lag] as Candle).close);
      out[t] = Math.min(r / days, 0);
    }
    return out;
  };
  const columns: Record<RvFeatureName, Float64Array> = {
    rv_log_1d: meanLogVariance(variance, 1),
    rv_log_7d: meanLogVariance(variance, 7),
    rv_log_30d: meanLogVariance(variance, 30),
    parkinson_log_7d: meanLogVariance(parkinson, 7),
    garman_klass_log_7d: meanLogVariance(garmanKlass, 7),
    neg_return_1d: negativeReturn(1),
    neg_return_7d: negativeReturn(7),
  };
  const warm = rvWarmup(perDay);
  for (const name of RV_FEATURE_NAMES) columns[name].fill(Number.NaN, 0, Math.min(n, warm[name]));
  return columns;
}
