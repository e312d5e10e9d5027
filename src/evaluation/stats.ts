import jstat from "jstat";
import { neweyWestVariance } from "../model/quantile-math.js";

const { jStat } = jstat;

/** Which tail a test looks at: "greater" asks whether the observed count is larger than chance. */
export type Alternative = "two-sided" | "greater" | "less";

/** log P(X = k) for X ~ Binomial(n, p), finite for any n where the pmf itself would underflow. */
function binomialLogPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (p >= 1) return k === n ? 0 : Number.NEGATIVE_INFINITY;
  const logChoose = jStat.gammaln(n + 1) - jStat.gammaln(k + 1) - jStat.gammaln(n - k + 1);
  return logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/**
 * P(X >= k) for X ~ Binomial(n, p), summing the probability mass in log space. jstat's binomial.cdf rounds to
 * 1e-10 and its incomplete beta is good to ~1e-8 only; an O(n) sum is exact to rounding and cheap at our n.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let sum = 0;
  for (let i = Math.ceil(k); i <= n; i++) sum += Math.exp(binomialLogPmf(i, n, p));
  return Math.min(1, sum);
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let sum = 0;
  for (let i = 0; i <= Math.floor(k); i++) sum += Math.exp(binomialLogPmf(i, n, p));
  return Math.min(1, sum);
}

/**
 * Exact binomial test of `successes` out of `trials` against success probability p0.
 * The two-sided p-value sums every outcome no more likely than the observed one (R's binom.test), which for
 * p0 = 0.5 is twice the smaller tail: 60 of 100 gives 0.0569.
 */
export function binomialTest(
  successes: number,
  trials: number,
  p0 = 0.5,
  alternative: Alternative = "two-sided",
): number {
  if (trials <= 0) return 1;
  if (alternative === "greater") return binomialUpperTail(successes, trials, p0);
  if (alternative === "less") return binomialLowerTail(successes, trials, p0);
  // Relative tolerance as in R, so that outcomes whose probability equals the observed one up to rounding count.
  const observed = binomialLogPmf(successes, trials, p0) + Math.log1p(1e-7);
  let sum = 0;
  for (let k = 0; k <= trials; k++) {
    const logPmf = binomialLogPmf(k, trials, p0);
    if (logPmf <= observed) sum += Math.exp(logPmf);
  }
  return Math.min(1, sum);
}

/** Lower-tail probability of Student's t with `dof` degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  return jStat.studentt.cdf(t, dof);
}

/** Loss the Diebold-Mariano test compares: absolute error matches MAE/MASE, squared error matches RMSE. */
export type DmLoss = "absolute" | "squared";

/** Result of a Diebold-Mariano test of a model against a benchmark on the same test points. */
export interface DieboldMarianoResult {
  /**
   * HLN-corrected statistic on d_t = loss(model_t) - loss(benchmark_t).
   * Negative: the model's loss is lower than the benchmark's (the model is better).
   */
  statistic: number;
  /** Two-sided p-value from Student's t with n - 1 degrees of freedom (H0: equal expected loss). */
  pValue: number;
  /** One-sided p-value for H1: the model has lower expected loss than the benchmark. */
  pValueBetter: number;
  /** Mean loss differential (model minus benchmark), in the loss's units. */
  meanDifferential: number;
  loss: DmLoss;
  /** Newey-West lags used: horizon - 1, since h-step errors are at most MA(h-1) under an optimal forecast. */
  lags: number;
  n: number;
}

/**
 * Diebold-Mariano test (1995) with the Harvey-Leybourne-Newbold (1997) small-sample correction:
 * DM = mean(d) / sqrt(LRV(d) / n), with LRV the Newey-West variance at horizon - 1 lags, then
 * DM* = DM * sqrt((n + 1 - 2h + h(h - 1)/n) / n), compared with Student's t on n - 1 degrees of freedom.
 * Returns null when it is undefined: fewer than 3 points, too few points for the horizon, or a loss
 * differential with no variance (for example the benchmark tested against itself).
 */
export function dieboldMariano(
  modelErrors: readonly number[],
  benchmarkErrors: readonly number[],
  horizon: number,
  loss: DmLoss = "absolute",
): DieboldMarianoResult | null {
  if (modelErrors.length !== benchmarkErrors.length) {
    throw new RangeError(`error arrays differ in length: ${modelErrors.length} vs ${benchmarkErrors.length}`);
  }
  const n = modelErrors.length;
  if (n < 3) return null;
  const lossOf = loss === "absolute" ? Math.abs : (e: number) => e * e;
  const differential = modelErrors.map((e, i) => lossOf(e) - lossOf(benchmarkErrors[i] ?? Number.NaN));
  const lags = Math.max(0, horizon - 1);
  const longRunVariance = neweyWestVariance(differential, lags);
  // Relative floor: identical forecasts give a variance of rounding noise, not a real zero.
  const scale = differential.reduce((max, d) => Math.max(max, Math.abs(d)), 0);
  if (!(longRunVariance > 1e-24 * Math.max(scale * scale, Number.MIN_VALUE))) return null;
  const meanDifferential = differential.reduce((sum, d) => sum + d, 0) / n;
  const dm = meanDifferential / Math.sqrt(longRunVariance / n);
  const h = horizon;
  const correctionSquared = (n + 1 - 2 * h + (h * (h - 1)) / n) / n;
  // Too few points for the horizon: the correction (and the test) is meaningless.
  if (!(correctionSquared > 0)) return null;
  const correction = Math.sqrt(correctionSquared);
  const statistic = dm * correction;
  const dof = n - 1;
  const lower = studentTCdf(statistic, dof);
  return {
    statistic,
    pValue: Math.min(1, 2 * Math.min(lower, 1 - lower)),
    pValueBetter: lower,
    meanDifferential,
    loss,
    lags,
    n,
  };
}
