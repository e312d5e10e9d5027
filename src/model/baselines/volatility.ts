import type { Candle } from "../../market/types.js";
import { QUANTILES, type QuantileVector } from "../types.js";
import { empiricalQuantiles } from "./history.js";

/*
 * What the volatility baselines (EWMA, GARCH, HAR) share: a per-origin forecast of the h-step return's
 * standard deviation, zero drift, and quantiles of the return standardised by that forecast, taken from the
 * training period. The quantile part is the "filtered historical simulation" of risk management: the model
 * supplies the scale, the past supplies the shape (fat tails, skew) without assuming a distribution.
 */

/** RiskMetrics' daily decay. */
export const RISKMETRICS_LAMBDA = 0.94;
/** Returns the EWMA recursion is seeded with (their mean square is the first variance). */
const SEED_RETURNS = 30;

/** One-step log returns: out[i] = log(close[i] / close[i-1]), out[0] = NaN. */
export function logReturns(candles: readonly Candle[]): Float64Array {
  const out = new Float64Array(candles.length).fill(Number.NaN);
  for (let i = 1; i < candles.length; i++) {
    out[i] = Math.log((candles[i] as Candle).close / (candles[i - 1] as Candle).close);
  }
  return out;
}

/**
 * RiskMetrics EWMA variance with zero mean: out[i] is the forecast of r[i+1]^2 made at the close of i,
 * out[i] = lambda * out[i-1] + (1 - lambda) * r[i]^2, seeded at i = 30 by the mean square of r[1..30].
 * Causal: out[i] reads r[1..i] only. NaN before the seed.
 */
export function ewmaVariance(returns: Float64Array, lambda: number): Float64Array {
  const out = new Float64Array(returns.length).fill(Number.NaN);
  if (returns.length <= SEED_RETURNS) return out;
  let seed = 0;
  for (let i = 1; i <= SEED_RETURNS; i++) seed += (returns[i] as number) ** 2;
  let v = seed / SEED_RETURNS;
  out[SEED_RETURNS] = v;
  for (let i = SEED_RETURNS + 1; i < returns.length; i++) {
    v = lambda * v + (1 - lambda) * (returns[i] as number) ** 2;
    out[i] = v;
  }
  return out;
}

/** The per-step decay for `perDay` candles a day that matches `dailyLambda` per day (0.94 a day at 4h is 0.94^(1/6) a step). */
export function lambdaPerStep(dailyLambda: number, perDay: number): number {
  return dailyLambda ** (1 / perDay);
}

/**
 * Empirical quantiles (QUANTILES) of z = r(j, j+h) / sd(j, h) over the origins j in [from, lastIndex - h], where
 * sd(j, h) is the model's h-step standard deviation forecast made at j. The median is moved to 0 (zero drift).
 */
export function standardisedQuantiles(
  candles: readonly Candle[],
  sdAt: (origin: number) => number,
  horizon: number,
  from: number,
  lastIndex: number,
): QuantileVector {
  const z: number[] = [];
  for (let j = Math.max(from, 0); j + horizon <= lastIndex; j++) {
    const sd = sdAt(j);
    if (!(sd > 0) || !Number.isFinite(sd)) continue;
    z.push(Math.log((candles[j + horizon] as Candle).close / (candles[j] as Candle).close) / sd);
  }
  if (z.length < 100) {
    throw new RangeError(`only ${z.length} standardised ${horizon}-step returns to take quantiles from`);
  }
  const q = empiricalQuantiles(z, QUANTILES);
  const median = q[QUANTILES.indexOf(0.5)] ?? 0;
  return q.map((v) => v - median);
}

/** Scales standardised quantiles by a standard deviation. */
export function scaleQuantiles(q: QuantileVector, sd: number): QuantileVector {
  return q.map((v) => v * sd);
}
