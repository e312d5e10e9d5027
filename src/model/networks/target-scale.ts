import type { Candle } from "../../market/types.js";
import { intervalCoverage } from "../quantile-math.js";
import type { QuantileVector } from "../types.js";

/** RMS of each horizon's targets: dividing by it gives every horizon unit scale, so the pinball loss weighs
 * them alike and the head's normal-gap initialisation fits. RMS rather than std keeps 0 at 0. */
export function rootMeanSquares(y: Float32Array, horizons: number): number[] {
  const n = y.length / horizons;
  return Array.from({ length: horizons }, (_, j) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (y[i * horizons + j] as number) ** 2;
    const rms = Math.sqrt(sum / Math.max(1, n));
    return rms > 0 && Number.isFinite(rms) ? rms : 1;
  });
}

/** Number of candles with time <= end (a prefix: candles are sorted). */
export function countUpTo(candles: readonly Candle[], end: number): number {
  let n = 0;
  while (n < candles.length && (candles[n] as Candle).time <= end) n++;
  return n;
}

export function scaleTargets(y: Float32Array, scale: readonly number[]): Float32Array {
  return y.map((v, i) => v / (scale[i % scale.length] as number));
}

/** Empirical coverage of the raw (uncalibrated) intervals on the calibration slice, pooled over horizons. */
export function rawCoverage(
  raw: readonly QuantileVector[][],
  actual: readonly number[][],
): Record<string, number> {
  if (raw.length === 0) return {};
  const quantiles = raw.flat();
  const outcomes = actual.flat();
  return {
    rawCoverage80: intervalCoverage(outcomes, quantiles, 80),
    rawCoverage95: intervalCoverage(outcomes, quantiles, 95),
  };
}
