import { calendarShares, calendarTermNames } from "../../features/calendar.js";
import {
  candleVariances,
  RV_FEATURE_NAMES,
  type RvFeatureName,
  realizedVolatilityColumns,
  rvWarmup,
  VARIANCE_FLOOR,
} from "../../features/realized-volatility.js";
import type { Candle } from "../../market/types.js";
import {
  createVolatilityForecaster,
  type VolatilityForecaster,
  type VolatilityModel,
} from "./volatility-forecaster.js";

/**
 * HAR-RV (Corsi 2009) on log realised variance with calendar terms: log mean daily RV over the next h steps
 * regressed (OLS) on the log RV of the last 1, 7 and 30 days and on the share of those h steps that fall on a
 * weekend and, for intraday candles, in each block of the UTC day (see features/calendar.ts); one regression
 * per horizon (direct forecasts). A calendar term that is the same for every origin (the weekend share of a
 * 7-day span) is left out of that horizon's regression. The variance forecast is h/perDay days x
 * exp(prediction) x the mean of exp(residual) over the fit (Duan's smearing estimate of the mean), quantiles as
 * for EWMA. Not the log-normal exp(s^2 / 2): the log of one 4h candle's squared return is far from normal
 * (a log chi-square, and a candle that closes where it opened hits the variance floor, e^-23), so at one
 * step s^2 is 5-15 and grows with the coin's share of unchanged closes: the 4h one-step sd came out 1.7
 * (BTC 1.9) to 14 (STX) times the smeared one, a different factor per coin; at 1d and beyond one 4h step,
 * 0.9-1.0. A coin's own quantiles of standardised returns absorb a constant factor (HAR's forecasts are
 * unchanged), the pooled ones of a global network anchored on HAR do not (issue 27).
 */
export function createHarForecaster(
  options: { name?: string; windowDays?: number } = {},
): VolatilityForecaster {
  const { windowDays } = options;
  if (windowDays === undefined) return createVolatilityForecaster(options.name ?? "har", fitHar);
  // Rolling window (tuned on the selection window, issue 27): the regression reads the last windowDays only.
  return createVolatilityForecaster(options.name ?? `har-${windowDays}d`, (past, perDay) =>
    fitHar(past.slice(Math.max(0, past.length - windowDays * perDay)), perDay),
  );
}

/** The rolling HAR variants by model name: window length in days. */
export const ROLLING_HAR_DAYS: Readonly<Record<string, number>> = {
  "har-1y": 365,
  "har-2y": 730,
  "har-3y": 1095,
};

/** The realised-variance terms of every HAR regression; a saved regression without `terms` has these only. */
export const HAR_RV_TERMS: readonly RvFeatureName[] = ["rv_log_1d", "rv_log_7d", "rv_log_30d"];

const isRvTerm = (term: string): term is RvFeatureName =>
  (RV_FEATURE_NAMES as readonly string[]).includes(term);

/** The columns of `terms` for a span of `horizon` candles after each origin (RV terms read candles[0..t]; pass `rv` when it is already computed). */
function design(
  candles: readonly Candle[],
  horizon: number,
  terms: readonly string[],
  rv: Record<RvFeatureName, Float64Array> = realizedVolatilityColumns(candles),
): Float64Array[] {
  const calendar = calendarShares(candles, horizon);
  return terms.map((term) => {
    const column = isRvTerm(term) ? rv[term] : calendar[term];
    if (column === undefined) throw new RangeError(`HAR: unknown term ${term}`);
    return column;
  });
}

/** Log of the mean per-day realised variance of the h candles after t. */
function target(variance: Float64Array, t: number, horizon: number, perDay: number): number {
  let sum = 0;
  for (let k = 1; k <= horizon; k++) sum += variance[t + k] as number;
  return Math.log(Math.max(sum / (horizon / perDay), VARIANCE_FLOOR));
}

/** One horizon's regression: its terms, the coefficients (intercept first, then one per term) and the residual variance. */
export interface HarRegression {
  terms: string[];
  beta: number[];
  residualVariance: number;
  /**
   * log of the mean of exp(residual) over the fit (the smearing factor); absent in a model saved before it,
   * which keeps the log-normal residualVariance / 2.
   */
  logSmearing?: number | undefined;
}

/** The fewest rows a horizon's regression is fitted on. */
const MIN_ROWS = 100;

/**
 * Candles fitHar needs to fit every one of `horizons`: the 30-day term's warm-up, then MIN_ROWS origins
 * each followed by its h candles.
 */
export function harHistoryNeeded(perDay: number, horizons: readonly number[]): number {
  return rvWarmup(perDay).rv_log_30d + MIN_ROWS + Math.max(0, ...horizons);
}

/** Fits HAR on `past` (all of it is training data). @throws RangeError when it is too short (see harHistoryNeeded). */
export function fitHar(past: readonly Candle[], perDay: number): VolatilityModel {
  const variance = candleVariances(past);
  const rv = realizedVolatilityColumns(past);
  const candidates = [...HAR_RV_TERMS, ...calendarTermNames(perDay)];
  const byHorizon = new Map<number, HarRegression>();
  const fitHorizon = (horizon: number) => {
    const x = design(past, horizon, candidates, rv);
    const rows: number[][] = [];
    const ys: number[] = [];
    for (let t = 0; t + horizon < past.length; t++) {
      const row = x.map((c) => c[t] as number);
      const y = target(variance, t, horizon, perDay);
      if (row.every(Number.isFinite) && Number.isFinite(y)) {
        rows.push(row);
        ys.push(y);
      }
    }
    if (rows.length < MIN_ROWS)
      throw new RangeError(`HAR: only ${rows.length} rows to fit horizon ${horizon}`);
    // A term equal on every row is the intercept again: keep only those that vary.
    const kept = candidates.flatMap((term, j) =>
      isRvTerm(term) || rows.some((row) => row[j] !== rows[0]?.[j]) ? [j] : [],
    );
    const regressors = rows.map((row) => [1, ...kept.map((j) => row[j] as number)]);
    const beta = leastSquares(regressors, ys);
    const residuals = regressors.map((row, i) => (ys[i] as number) - dot(row, beta));
    const residualVariance =
      residuals.reduce((s, e) => s + e * e, 0) / Math.max(1, rows.length - beta.length);
    const logSmearing = Math.log(residuals.reduce((s, e) => s + Math.exp(e), 0) / residuals.length);
    const fitted = { terms: kept.map((j) => candidates[j] as string), beta, residualVariance, logSmearing };
    byHorizon.set(horizon, fitted);
    return fitted;
  };
  return harModel(byHorizon, perDay, fitHorizon);
}

/** HAR regressions per horizon as a volatility model; `fitMissing` fits a horizon not yet fitted (none once restored). */
export function harModel(
  byHorizon: Map<number, HarRegression>,
  perDay: number,
  fitMissing: (horizon: number) => HarRegression = (h) => {
    throw new RangeError(`HAR: no regression for horizon ${h}`);
  },
): VolatilityModel {
  return {
    state: () => ({
      kind: "har",
      perDay,
      horizons: [...byHorizon].map(([horizon, r]) => ({
        horizon,
        terms: [...r.terms],
        beta: [...r.beta],
        residualVariance: r.residualVariance,
        ...(r.logSmearing === undefined ? {} : { logSmearing: r.logSmearing }),
      })),
    }),
    sd(candles, origins, horizon) {
      const { terms, beta, residualVariance, logSmearing } = byHorizon.get(horizon) ?? fitMissing(horizon);
      const columns = design(candles, horizon, terms);
      const correction = logSmearing ?? residualVariance / 2;
      return origins.map((o) => {
        const row = [1, ...columns.map((c) => c[o] as number)];
        const logVariance = dot(row, beta) + correction;
        return Math.sqrt((horizon / perDay) * Math.exp(logVariance));
      });
    },
  };
}

const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((s, v, i) => s + v * (b[i] as number), 0);

/** OLS by the normal equations and Gaussian elimination with partial pivoting (a handful of unknowns: cheap, exact enough). */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  const k = rows[0]?.length ?? 0;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((row, i) => {
    for (let p = 0; p < k; p++) {
      const ap = a[p] as number[];
      for (let q = 0; q < k; q++) ap[q] = (ap[q] as number) + (row[p] as number) * (row[q] as number);
      ap[k] = (ap[k] as number) + (row[p] as number) * (y[i] as number);
    }
  });
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++)
      if (Math.abs(a[r]?.[c] as number) > Math.abs(a[pivot]?.[c] as number)) pivot = r;
    [a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]];
    const ac = a[c] as number[];
    if (Math.abs(ac[c] as number) < 1e-14) throw new RangeError("leastSquares: singular design");
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const ar = a[r] as number[];
      const factor = (ar[c] as number) / (ac[c] as number);
      for (let q = c; q <= k; q++) ar[q] = (ar[q] as number) - factor * (ac[q] as number);
    }
  }
  return a.map((row, i) => (row[k] as number) / (row[i] as number));
}
