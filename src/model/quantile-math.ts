import { QUANTILES, type QuantileLevel, type QuantileVector } from "./types.js";

/** Standard normal 0.9 quantile: the 80% interval q0.1..q0.9 spans 2 * Z90 standard deviations. */
const Z90 = 1.2815515655446004;

/** Index of a quantile level in QUANTILES (and so in every QuantileVector). */
export function quantileIndex(level: QuantileLevel): number {
  return QUANTILES.indexOf(level);
}

/** The value of one level in a quantile vector; throws when the vector is shorter than QUANTILES. */
export function quantileAt(q: QuantileVector, level: QuantileLevel): number {
  const value = q[quantileIndex(level)];
  if (value === undefined) {
    throw new RangeError(`quantile vector has ${q.length} values, expected ${QUANTILES.length}`);
  }
  return value;
}

/**
 * P(log return > 0) under the piecewise-linear CDF through the points (q_i, level_i).
 * Outside [q0.025, q0.975] the CDF continues along the line through the two outermost points, clamped to
 * [0, 1], so a forecast whose whole 95% interval lies above 0 still gets a P(up) below 1.
 * Crossed quantiles (possible from a neural net) are sorted first: sorting is the standard rearrangement fix.
 * A value exactly equal to 0 at one or more levels gets the mean of those levels as its CDF, so a zero median
 * (persistence) gives exactly 0.5.
 */
export function probabilityUp(q: QuantileVector): number {
  return 1 - cdfAt(q, 0);
}

/** The piecewise-linear CDF of probabilityUp, evaluated at x. */
export function cdfAt(q: QuantileVector, x: number): number {
  if (q.length !== QUANTILES.length) {
    throw new RangeError(`quantile vector has ${q.length} values, expected ${QUANTILES.length}`);
  }
  const values = [...q].sort((a, b) => a - b);
  const levels: readonly number[] = QUANTILES;
  const at = (i: number): [number, number] => [values[i] ?? Number.NaN, levels[i] ?? Number.NaN];

  const tied = levels.filter((_, i) => values[i] === x);
  if (tied.length > 0) return tied.reduce((sum, level) => sum + level, 0) / tied.length;

  const last = values.length - 1;
  const [q0, p0] = at(0);
  const [qLast, pLast] = at(last);
  if (x < q0) {
    const [q1, p1] = at(1);
    return q1 > q0 ? Math.max(0, p0 - ((p1 - p0) / (q1 - q0)) * (q0 - x)) : 0;
  }
  if (x > qLast) {
    const [qPrev, pPrev] = at(last - 1);
    return qLast > qPrev ? Math.min(1, pLast + ((pLast - pPrev) / (qLast - qPrev)) * (x - qLast)) : 1;
  }
  for (let i = 0; i < last; i++) {
    const [qa, pa] = at(i);
    const [qb, pb] = at(i + 1);
    if (x > qa && x < qb) return pa + ((pb - pa) * (x - qa)) / (qb - qa);
  }
  // Unreachable for finite input: x lies inside [q0, qLast] and is not equal to any knot.
  return Number.NaN;
}

/**
 * Standard deviation of the h-step log return implied by the 80% interval, assuming the forecast is normal:
 * sigma = (q0.9 - q0.1) / (2 * 1.2816). The 80% interval is used rather than the 95% one because its ends are
 * estimated more stably by every model we have; fat tails therefore do not inflate this number.
 */
export function expectedVolatility(q: QuantileVector): number {
  return (quantileAt(q, 0.9) - quantileAt(q, 0.1)) / (2 * Z90);
}

/** Share of actual values inside [lower, upper] of each forecast, bounds included. */
export function intervalCoverage(
  actualLogReturns: readonly number[],
  quantiles: readonly QuantileVector[],
  interval: 80 | 95,
): number {
  const [lowLevel, highLevel] = interval === 80 ? ([0.1, 0.9] as const) : ([0.025, 0.975] as const);
  const inside = actualLogReturns.filter((y, t) => {
    const q = quantiles[t] ?? [];
    return y >= quantileAt(q, lowLevel) && y <= quantileAt(q, highLevel);
  }).length;
  return actualLogReturns.length === 0 ? Number.NaN : inside / actualLogReturns.length;
}

/**
 * Newey-West long-run variance of a series: gamma_0 + 2 * sum_{k=1..lags} (1 - k/(lags+1)) * gamma_k, with
 * autocovariances divided by n (not n - k) as in Diebold-Mariano. The Bartlett weights keep it non-negative,
 * which the rectangular window of the original DM paper does not guarantee for h > 1. Used by the
 * Diebold-Mariano test (evaluation/stats.ts) and the networks' median shrink (networks/output-transform.ts):
 * h-step targets of consecutive origins overlap, so their loss differences are autocorrelated up to lag h - 1.
 */
export function neweyWestVariance(values: readonly number[], lags: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const centred = values.map((v) => v - mean);
  const autocovariance = (k: number): number => {
    let sum = 0;
    for (let t = k; t < n; t++) sum += (centred[t] ?? 0) * (centred[t - k] ?? 0);
    return sum / n;
  };
  let variance = autocovariance(0);
  for (let k = 1; k <= Math.min(lags, n - 1); k++) {
    variance += 2 * (1 - k / (lags + 1)) * autocovariance(k);
  }
  return variance;
}

/** Mean pinball loss over QUANTILES (the weighted-pinball CRPS approximation, up to a constant factor). */
export function meanPinball(q: QuantileVector, y: number): number {
  let sum = 0;
  QUANTILES.forEach((level, j) => {
    const e = y - (q[j] as number);
    sum += e >= 0 ? level * e : (level - 1) * e;
  });
  return sum / QUANTILES.length;
}
