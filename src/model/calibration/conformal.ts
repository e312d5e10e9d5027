import { QUANTILES, type QuantileVector } from "../types.js";

/** A central interval of the quantile vector: its nominal coverage and the indices of its two ends. */
export interface CentralInterval {
  coverage: number;
  lower: number;
  upper: number;
}

/**
 * The central intervals QUANTILES defines, innermost first: with the default levels, 80% (q0.1..q0.9)
 * and 95% (q0.025..q0.975).
 */
export function centralIntervals(quantiles: readonly number[] = QUANTILES): CentralInterval[] {
  const intervals: CentralInterval[] = [];
  for (let i = 0, j = quantiles.length - 1; i < j; i++, j--) {
    const lo = quantiles[i] as number;
    const hi = quantiles[j] as number;
    if (Math.abs(lo + hi - 1) > 1e-9) throw new Error(`quantiles ${lo} and ${hi} are not symmetric`);
    intervals.unshift({ coverage: Math.round((hi - lo) * 1e6) / 1e6, lower: i, upper: j });
  }
  return intervals;
}

/** Per-horizon, per-interval widenings (log-return units) learned on a calibration slice. */
export interface ConformalAdjustments {
  /** Calibration samples per horizon (windows of the validation slice). */
  calibrationSize: number;
  horizons: number[];
  intervals: CentralInterval[];
  /** delta[horizon index][interval index]: subtracted from the lower end, added to the upper (< 0 narrows). */
  delta: number[][];
}

/**
 * Split-conformal calibration of quantile-regression intervals (CQR, Romano et al. 2019).
 * For each horizon and interval the conformity score of a calibration sample is max(lo − y, y − hi);
 * the adjustment is its ⌈(n+1)(1−α)⌉-th smallest value, which guarantees coverage ≥ 1−α on exchangeable
 * data. Returns are not exchangeable (volatility clusters), so calibrate on the most recent
 * out-of-sample slice: it is the closest proxy for the period being forecast.
 * When n is too small for the rank to exist (n < 1/α − 1) the largest score is used instead of +∞.
 *
 * @param predictions [sample][horizon index] quantile vectors, in the same units as targets.
 * @param targets [sample][horizon index] realised values.
 */
export function calibrateConformal(
  predictions: readonly (readonly QuantileVector[])[],
  targets: readonly (readonly number[])[],
  horizons: readonly number[],
  intervals: readonly CentralInterval[] = centralIntervals(),
): ConformalAdjustments {
  const n = predictions.length;
  if (n === 0) throw new RangeError("calibrateConformal: no calibration samples");
  if (targets.length !== n)
    throw new RangeError(`calibrateConformal: ${n} predictions, ${targets.length} targets`);
  const delta = horizons.map((_, h) =>
    intervals.map(({ coverage, lower, upper }) => {
      const scores = predictions.map((row, i) => {
        const q = row[h];
        const y = targets[i]?.[h];
        if (q === undefined || y === undefined)
          throw new RangeError(`calibrateConformal: sample ${i} lacks horizon ${h}`);
        return Math.max((q[lower] as number) - y, y - (q[upper] as number));
      });
      scores.sort((a, b) => a - b);
      // The epsilon keeps float noise ((n+1)·0.95 = 19.000000000000004) from bumping the rank.
      const rank = Math.ceil((n + 1) * coverage - 1e-9);
      return scores[Math.min(rank, n) - 1] as number;
    }),
  );
  return { calibrationSize: n, horizons: [...horizons], intervals: intervals.map((i) => ({ ...i })), delta };
}

/**
 * Widens (or narrows) the interval ends of each forecast by the calibrated adjustments of its horizon.
 * Afterwards each quantile is clamped towards the median against its inner neighbour, so heavy narrowing
 * can make neighbouring quantiles equal but never crossed.
 *
 * @param forecasts [origin][horizon index] quantile vectors for `horizons`.
 * @throws RangeError for a horizon the adjustments were not calibrated on.
 */
export function applyConformal(
  forecasts: readonly (readonly QuantileVector[])[],
  adjustments: ConformalAdjustments,
  horizons: readonly number[] = adjustments.horizons,
): QuantileVector[][] {
  const rows = horizons.map((horizon) => {
    const k = adjustments.horizons.indexOf(horizon);
    const row = adjustments.delta[k];
    if (row === undefined) throw new RangeError(`no conformal adjustment for horizon ${horizon}`);
    return row;
  });
  return forecasts.map((perHorizon) =>
    perHorizon.map((q, h) => {
      const out = [...q];
      adjustments.intervals.forEach(({ lower, upper }, i) => {
        const d = rows[h]?.[i] ?? 0;
        out[lower] = (out[lower] as number) - d;
        out[upper] = (out[upper] as number) + d;
      });
      return uncross(out);
    }),
  );
}

/** Clamps outwards from the middle so q is non-decreasing; the middle (median) value is kept. */
function uncross(q: number[]): number[] {
  const m = Math.floor(q.length / 2);
  for (let j = m - 1; j >= 0; j--) q[j] = Math.min(q[j] as number, q[j + 1] as number);
  for (let j = m + 1; j < q.length; j++) q[j] = Math.max(q[j] as number, q[j - 1] as number);
  return q;
}
