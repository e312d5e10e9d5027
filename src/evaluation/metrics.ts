import { intervalCoverage, quantileAt } from "../model/quantile-math.js";
import { QUANTILES, type QuantileVector } from "../model/types.js";
import { directionHit } from "./direction.js";
import { type BrierMetrics, brierFromQuantiles, qlike } from "./probabilistic.js";
import { binomialTest, type DieboldMarianoResult, type DmLoss, dieboldMariano } from "./stats.js";

/**
 * Aligned arrays for one model, one symbol and one horizon: element t of every array belongs to test point t.
 * Prices are in quote currency; quantiles are of the log return from origin close to target close.
 */
export interface MetricsInput {
  horizon: number;
  originClose: readonly number[];
  actualClose: readonly number[];
  /** Log-return quantiles aligned with QUANTILES. */
  quantiles: readonly QuantileVector[];
  /**
   * Persistence's price errors (forecast minus actual, i.e. originClose - actualClose) on these SAME test
   * points: MASE and the DM test compare against them, never against errors from another sample.
   */
  persistenceErrors: readonly number[];
  /** Climatology of P(up) for each point: the up-rate of h-step returns in its fold's training history (default 0.5). */
  baseRates?: readonly number[];
}

/**
 * Directional accuracy of the median forecast, with its significance, under the one direction rule
 * (direction.ts): a zero median makes no call and is left out; an actual zero return counts as "not up".
 */
export interface DirectionMetrics {
  /** Calls that matched the outcome. */
  hits: number;
  /** Every test point, calls or not. */
  n: number;
  /**
   * Points whose median made a call (not "no change"). Absent in reports written before the rule: there a
   * zero median (persistence, the volatility models, a pinned network) counted as a "not up" call, so their
   * accuracy is the test set's down-rate, not a skill.
   */
  calls?: number;
  /** hits / calls; NaN when no point made a call. */
  accuracy: number;
  /** Exact two-sided binomial p-value of `hits` against a 50% coin over the calls; NaN without calls. */
  pValueVsHalf: number;
  /**
   * Share of the majority class ("up" or "not up") among the called points of the TEST set: what the best
   * constant guess would have scored there in hindsight. It is stricter than the training-set rate, which a
   * constant predictor could have used honestly but which would let a model look skilful merely because the
   * test period trended. NaN without calls.
   */
  majorityRate: number;
  /** Exact one-sided binomial p-value of `hits` against majorityRate (H1: the model does better); NaN without calls. */
  pValueVsMajority: number;
}

/** Every accuracy and calibration figure for one model/symbol/horizon; fractions, not percentages. */
export interface ForecastMetrics {
  n: number;
  /** Mean absolute error of the median price forecast close * exp(q0.5). */
  mae: number;
  rmse: number;
  /** Mean absolute percentage error of the median price, as a fraction of the actual price. */
  mape: number;
  /** MAE / persistence's MAE on the same test points; null when persistence's MAE is 0. Below 1 beats it. */
  mase: number | null;
  direction: DirectionMetrics;
  /** Pinball loss on log returns, averaged over test points and over the QUANTILES levels with equal weight. */
  pinball: number;
  /** CRPS approximated from the five quantiles (see crpsFromQuantiles); on log returns. */
  crps: number;
  /** Share of actual log returns inside [q0.1, q0.9] (nominal 0.8). */
  coverage80: number;
  /** Share of actual log returns inside [q0.025, q0.975] (nominal 0.95). */
  coverage95: number;
  /** Mean width of the 80% interval in log-return units: sharpness, to read beside coverage. */
  width80: number;
  /** Diebold-Mariano test against persistence; null when undefined (see dieboldMariano). */
  dm: DieboldMarianoResult | null;
  /** Diebold-Mariano test of CRPS against persistence's CRPS on the same points; null without those. */
  dmCrps?: DieboldMarianoResult | null;
  /** Brier score of P(up), its decomposition and reliability table (absent in reports written before it). */
  brier?: BrierMetrics;
  /**
   * Brier of P(up) after Platt recalibration fitted on earlier held-out forecasts only (see
   * recalibration.ts); first horizon only, absent in reports written before it.
   */
  brierRecalibrated?: BrierMetrics & {
    recalibrated: number;
    last: { a: number; b: number; n: number } | null;
  };
  /** QLIKE of the interval-implied variance against the squared realised return (lower is better). */
  qlike?: number;
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Pinball (quantile) loss of one prediction at one level: tau * (y - q) above q, (1 - tau) * (q - y) below. */
export function pinballLoss(actual: number, predicted: number, level: number): number {
  const diff = actual - predicted;
  return diff >= 0 ? level * diff : (level - 1) * diff;
}

/**
 * Weights for CRPS = 2 * integral over tau of pinball(tau): each level stands for the part of [0, 1] closer to
 * it than to its neighbours (0.0625, 0.2375, 0.4, 0.2375, 0.0625 for our levels). With five uneven levels this is
 * coarse, but it is the same approximation for every model, so comparisons between models stay fair.
 */
const CRPS_WEIGHTS: readonly number[] = QUANTILES.map((level, i) => {
  const lower = i === 0 ? 0 : (level + (QUANTILES[i - 1] ?? 0)) / 2;
  const upper = i === QUANTILES.length - 1 ? 1 : (level + (QUANTILES[i + 1] ?? 1)) / 2;
  return upper - lower;
});

/** CRPS of each point (log returns), as crpsFromQuantiles. */
export function pointCrps(
  actualLogReturns: readonly number[],
  quantiles: readonly QuantileVector[],
): number[] {
  return actualLogReturns.map((y, t) => crpsFromQuantiles(y, quantiles[t] ?? []));
}

/** CRPS of one quantile forecast for one actual value, approximated as described at CRPS_WEIGHTS. */
export function crpsFromQuantiles(actual: number, q: QuantileVector): number {
  return QUANTILES.reduce(
    (sum, level, i) => sum + 2 * (CRPS_WEIGHTS[i] ?? 0) * pinballLoss(actual, q[i] ?? Number.NaN, level),
    0,
  );
}

/** Mean pinball loss over points and QUANTILES levels, on log returns. */
export function meanPinballLoss(
  actualLogReturns: readonly number[],
  quantiles: readonly QuantileVector[],
): number {
  const perPoint = actualLogReturns.map((y, t) => {
    const q = quantiles[t] ?? [];
    return mean(QUANTILES.map((level, i) => pinballLoss(y, q[i] ?? Number.NaN, level)));
  });
  return mean(perPoint);
}

/** Directional accuracy of predicted vs actual log returns under the one direction rule (direction.ts). */
export function directionMetrics(
  predictedLogReturns: readonly number[],
  actualLogReturns: readonly number[],
): DirectionMetrics {
  const n = actualLogReturns.length;
  let calls = 0;
  let hits = 0;
  let ups = 0;
  for (let t = 0; t < n; t++) {
    const actual = actualLogReturns[t] ?? 0;
    const hit = directionHit(predictedLogReturns[t] ?? 0, actual);
    if (hit === null) continue;
    calls++;
    if (hit) hits++;
    if (actual > 0) ups++;
  }
  if (calls === 0)
    return { hits, n, calls, accuracy: NaN, pValueVsHalf: NaN, majorityRate: NaN, pValueVsMajority: NaN };
  const majorityRate = Math.max(ups, calls - ups) / calls;
  return {
    hits,
    n,
    calls,
    accuracy: hits / calls,
    pValueVsHalf: binomialTest(hits, calls, 0.5, "two-sided"),
    majorityRate,
    pValueVsMajority: binomialTest(hits, calls, majorityRate, "greater"),
  };
}

/**
 * Computes every metric for one model/symbol/horizon. Point metrics (MAE, RMSE, MAPE, MASE, DM) score the median
 * price close * exp(q0.5); probabilistic ones (pinball, CRPS, coverage) score log returns.
 */
export function computeMetrics(input: MetricsInput, options: { dmLoss?: DmLoss } = {}): ForecastMetrics {
  const { originClose, actualClose, quantiles, persistenceErrors, horizon } = input;
  const n = originClose.length;
  if (actualClose.length !== n || quantiles.length !== n || persistenceErrors.length !== n) {
    throw new RangeError(
      `metrics arrays differ in length: origin ${n}, actual ${actualClose.length}, ` +
        `quantiles ${quantiles.length}, persistence ${persistenceErrors.length}`,
    );
  }
  const medians = quantiles.map((q) => quantileAt(q, 0.5));
  const actualLogReturns = actualClose.map((actual, t) => Math.log(actual / (originClose[t] ?? Number.NaN)));
  const errors = medians.map(
    (m, t) => (originClose[t] ?? Number.NaN) * Math.exp(m) - (actualClose[t] ?? Number.NaN),
  );

  const mae = mean(errors.map(Math.abs));
  const persistenceMae = mean(persistenceErrors.map(Math.abs));
  return {
    n,
    mae,
    rmse: Math.sqrt(mean(errors.map((e) => e * e))),
    mape: mean(errors.map((e, t) => Math.abs(e / (actualClose[t] ?? Number.NaN)))),
    mase: persistenceMae > 0 ? mae / persistenceMae : null,
    direction: directionMetrics(medians, actualLogReturns),
    pinball: meanPinballLoss(actualLogReturns, quantiles),
    crps: mean(actualLogReturns.map((y, t) => crpsFromQuantiles(y, quantiles[t] ?? []))),
    coverage80: intervalCoverage(actualLogReturns, quantiles, 80),
    coverage95: intervalCoverage(actualLogReturns, quantiles, 95),
    width80: mean(quantiles.map((q) => quantileAt(q, 0.9) - quantileAt(q, 0.1))),
    dm: dieboldMariano(errors, persistenceErrors, horizon, options.dmLoss ?? "absolute"),
    brier: brierFromQuantiles(quantiles, actualLogReturns, input.baseRates ?? quantiles.map(() => 0.5)),
    qlike: qlike(quantiles, actualLogReturns),
  };
}

/** Persistence's price errors (forecast = origin close, minus actual), the input MASE and DM compare against. */
export function persistenceErrors(originClose: readonly number[], actualClose: readonly number[]): number[] {
  return originClose.map((close, t) => close - (actualClose[t] ?? Number.NaN));
}
