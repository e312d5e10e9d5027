/**
 * Platt scaling (Platt 1999) of a probability: P' = sigmoid(a + b * logit(P)), with a and b fitted by
 * maximum likelihood (logistic regression of the outcomes on logit(P)). Written by hand: two parameters,
 * Newton-Raphson converges in a handful of steps, and no npm package fits a logistic regression without a
 * framework around it. test/model/calibration/platt.test.ts checks the fit against scipy's.
 */

/** Fitted Platt parameters and the number of outcomes they were fitted on. */
export interface PlattParams {
  a: number;
  b: number;
  n: number;
}

const EPS = 1e-6;

export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** P(up) through fitted Platt parameters. */
export function applyPlatt(params: Pick<PlattParams, "a" | "b">, p: number): number {
  return sigmoid(params.a + params.b * logit(p));
}

/**
 * Fits Platt's a and b to probabilities `p` and outcomes `up`. When every p is the same (a zero-drift
 * model's P(up) is always 0.5) the slope is not identified: b is 0 and a is the log-odds of the outcomes'
 * up-rate, so the recalibrated P(up) is that rate. Outcomes all up or all down give a rate clipped to 1e-6.
 *
 * @throws RangeError with no outcomes, or p and up of different lengths.
 */
export function fitPlatt(p: readonly number[], up: readonly boolean[]): PlattParams {
  const n = p.length;
  if (n === 0 || up.length !== n)
    throw new RangeError(`fitPlatt needs matching, non-empty inputs (${n}, ${up.length})`);
  const x = p.map(logit);
  const y = up.map((u): number => (u ? 1 : 0));
  const rate = y.reduce((s, v) => s + v, 0) / n;
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const spread = x.reduce((s, v) => s + (v - meanX) ** 2, 0) / n;
  if (spread < 1e-12) return { a: logit(rate), b: 0, n };
  let a = logit(rate);
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      const mu = sigmoid(a + b * xi);
      const w = mu * (1 - mu);
      const r = (y[i] as number) - mu;
      g0 += r;
      g1 += r * xi;
      h00 += w;
      h01 += w * xi;
      h11 += w * xi * xi;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-300)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-12) break;
  }
  return { a, b, n };
}
