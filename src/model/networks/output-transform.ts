import { stepsPerDay } from "../../features/realized-volatility.js";
import type { Candle } from "../../market/types.js";
import { ewmaVariance, lambdaPerStep, logReturns, RISKMETRICS_LAMBDA } from "../baselines/volatility.js";
import { neweyWestVariance, quantileIndex } from "../quantile-math.js";
import type { QuantileVector } from "../types.js";

/*
 * How a volatility-scaled network's outputs become log-return quantiles. The network predicts quantiles of
 * the return divided by the RiskMetrics EWMA forecast of its standard deviation (sd1 * sqrt(h)), so it starts
 * from the scale a quant would use and learns the shape and the change of scale around it; its median is
 * then shrunk towards zero return by a factor chosen on held-out windows (0 when they show no skill), so the
 * forecast never invents a drift the data cannot support.
 */

/** The one-step EWMA standard deviation at every candle (NaN during the first 30 returns). */
export function ewmaScale(candles: readonly Candle[]): Float64Array {
  const lambda = lambdaPerStep(RISKMETRICS_LAMBDA, stepsPerDay(candles));
  return ewmaVariance(logReturns(candles), lambda).map(Math.sqrt);
}

/** The standard deviation a horizon-h target is divided by: sd1 * sqrt(h). */
export function horizonScale(sd1: number, horizon: number): number {
  return sd1 * Math.sqrt(horizon);
}

/** Shrink factors tried for the median, from none (0: zero drift) to the network's own median (1). */
export const SHRINK_GRID = [0, 0.25, 0.5, 0.75, 1] as const;
/** One-sided z a shrink factor above 0 must reach against zero drift (5%). */
const SKILL_Z = 1.645;

/**
 * Per horizon, the shrink factor of the median chosen on held-out samples: the one with the lowest mean
 * absolute error of s * median against the realised value, provided its gain over s = 0 (the zero-drift
 * median) is significant at 5% one-sided (a paired z-test on |errors| with a Newey-West variance at
 * horizon - 1 lags, as the Diebold-Mariano test); otherwise 0. Samples must be in time order per symbol.
 *
 * @param medians [sample][horizon] median predictions, @param targets [sample][horizon] realised values,
 * both in the same (standardised) units; @param steps the horizon of each column, in candles.
 */
export function chooseMedianShrink(
  medians: readonly (readonly number[])[],
  targets: readonly (readonly number[])[],
  steps: readonly number[],
): number[] {
  return steps.map((step, h) => {
    const n = medians.length;
    if (n < 30) return 0;
    let best = 0;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const s of SHRINK_GRID) {
      if (s === 0) continue;
      const d = medians.map((row, i) => {
        const y = targets[i]?.[h] as number;
        return Math.abs(s * (row[h] as number) - y) - Math.abs(y);
      });
      const mean = d.reduce((a, b) => a + b, 0) / n;
      const variance = neweyWestVariance(d, step - 1);
      const z = variance > 0 ? mean / Math.sqrt(variance / n) : 0;
      if (z < -SKILL_Z && mean < bestLoss) {
        best = s;
        bestLoss = mean;
      }
    }
    return best;
  });
}

/** Moves every quantile by the same amount so the median becomes shrink * median (the shape is kept). */
export function shrinkMedian(q: QuantileVector, shrink: number): number[] {
  const median = q[quantileIndex(0.5)] as number;
  const shift = (shrink - 1) * median;
  return q.map((v) => v + shift);
}
