import { expectedVolatility, probabilityUp } from "../model/quantile-math.js";
import type { QuantileVector } from "../model/types.js";

/** One bin of a reliability table: forecasts with P(up) in [from, to). */
export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  /** Mean forecast P(up) in the bin (NaN when empty). */
  meanForecast: number;
  /** Share of outcomes that were up in the bin (NaN when empty). */
  observed: number;
}

/** Brier score of P(up) with its Murphy decomposition and reference scores. */
export interface BrierMetrics {
  /** mean (p - o)^2, o = 1 when the log return was > 0. */
  score: number;
  /** Brier of climatology: the base rate of up moves in each fold's training history. */
  climatology: number;
  /** Brier of always 0.5 (0.25 whatever happens). */
  half: number;
  /** 1 - score / climatology: above 0 beats climatology. */
  skillVsClimatology: number;
  /** Murphy (1973): score ~ reliability - resolution + uncertainty (exact up to within-bin spread). */
  reliability: number;
  resolution: number;
  uncertainty: number;
  table: ReliabilityBin[];
}

const BINS = 10;

/**
 * Brier score and decomposition of `probabilities` against outcomes (`up[t]` true when the move was up),
 * with climatology from `baseRates` (one per forecast: the training base rate of its fold).
 */
export function brierMetrics(
  probabilities: readonly number[],
  up: readonly boolean[],
  baseRates: readonly number[],
): BrierMetrics {
  const n = probabilities.length;
  const o = up.map((u) => (u ? 1 : 0));
  const mean = (values: readonly number[]) =>
    values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
  const score = mean(probabilities.map((p, t) => (p - (o[t] as number)) ** 2));
  const climatology = mean(baseRates.map((p, t) => (p - (o[t] as number)) ** 2));
  const base = mean(o);
  const table: ReliabilityBin[] = Array.from({ length: BINS }, (_, k) => {
    const from = k / BINS;
    const to = (k + 1) / BINS;
    const members = probabilities.flatMap((p, t) =>
      p >= from && (p < to || (k === BINS - 1 && p <= 1)) ? [t] : [],
    );
    return {
      from,
      to,
      n: members.length,
      meanForecast: mean(members.map((t) => probabilities[t] as number)),
      observed: mean(members.map((t) => o[t] as number)),
    };
  });
  let reliability = 0;
  let resolution = 0;
  for (const bin of table) {
    if (bin.n === 0) continue;
    reliability += (bin.n * (bin.meanForecast - bin.observed) ** 2) / n;
    resolution += (bin.n * (bin.observed - base) ** 2) / n;
  }
  return {
    score,
    climatology,
    half: 0.25,
    skillVsClimatology: 1 - score / climatology,
    reliability,
    resolution,
    uncertainty: base * (1 - base),
    table,
  };
}

/** Brier metrics of quantile forecasts, P(up) read from each forecast's piecewise-linear CDF. */
export function brierFromQuantiles(
  quantiles: readonly QuantileVector[],
  actualLogReturns: readonly number[],
  baseRates: readonly number[],
): BrierMetrics {
  return brierMetrics(
    quantiles.map(probabilityUp),
    actualLogReturns.map((y) => y > 0),
    baseRates,
  );
}

/**
 * QLIKE loss of the volatility forecast (Patton 2011, in the form log s2 + RV / s2, which ranks forecasts the
 * same as RV/s2 - log(RV/s2) - 1 and stays finite when RV = 0): s2 is the variance implied by the 80% interval
 * (expectedVolatility), RV the squared realised log return over the horizon. Lower is better; robust to the
 * noise of RV as a proxy, unlike MSE on variances.
 */
export function qlike(quantiles: readonly QuantileVector[], actualLogReturns: readonly number[]): number {
  let sum = 0;
  let n = 0;
  quantiles.forEach((q, t) => {
    const s2 = expectedVolatility(q) ** 2;
    const y = actualLogReturns[t] as number;
    if (!(s2 > 0)) return;
    sum += Math.log(s2) + (y * y) / s2;
    n++;
  });
  return n === 0 ? Number.NaN : sum / n;
}
