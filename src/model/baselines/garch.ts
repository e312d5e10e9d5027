import jstat from "jstat";
import type { Candle } from "../../market/types.js";
import { lastIndexAtOrBefore } from "./history.js";
import { nelderMead } from "./nelder-mead.js";
import { logReturns } from "./volatility.js";
import {
  createVolatilityForecaster,
  type VolatilityForecaster,
  type VolatilityModel,
} from "./volatility-forecaster.js";

const { jStat } = jstat;

/*
 * GARCH(1,1) with Student-t errors and zero mean, fitted by maximum likelihood. No npm package fits GARCH,
 * so it is written here; the likelihood is the textbook one (Bollerslev 1987) and the test checks the fit
 * against scipy's (test/model/baselines/garch-reference.py). Returns are scaled to percent for the optimiser,
 * as arch and rugarch do: omega of daily crypto returns in decimal units is ~1e-5, too close to 0 for a
 * simplex started at 1.
 */

/** Parameters of sigma2[t+1] = omega + alpha * r[t]^2 + beta * sigma2[t], errors t(nu) scaled to unit variance. */
export interface GarchParams {
  /** In squared units of the returns given (decimal log returns). */
  omega: number;
  alpha: number;
  beta: number;
  nu: number;
  /** sigma2 of the first return: the mean square of the fitted returns. */
  initialVariance: number;
  /** Log-likelihood of the returns in percent (comparable with arch/rugarch/scipy on percent returns). */
  logLikelihood: number;
}

const PERCENT = 100;

/** Log-likelihood of zero-mean GARCH(1,1)-t on `r` (any units), first variance = mean square of r. */
export function garchLogLikelihood(
  r: readonly number[],
  omega: number,
  alpha: number,
  beta: number,
  nu: number,
): number {
  if (!(omega > 0 && alpha >= 0 && beta >= 0 && alpha + beta < 1 && nu > 2)) return Number.NEGATIVE_INFINITY;
  let v = r.reduce((s, x) => s + x * x, 0) / r.length;
  const constant = jStat.gammaln((nu + 1) / 2) - jStat.gammaln(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
  let ll = 0;
  for (let t = 0; t < r.length; t++) {
    const x = r[t] as number;
    ll += constant - 0.5 * Math.log(v) - ((nu + 1) / 2) * Math.log1p((x * x) / (v * (nu - 2)));
    v = omega + alpha * x * x + beta * v;
  }
  return ll;
}

/** Unconstrained -> valid parameters: omega > 0, alpha, beta >= 0 with alpha + beta < 1, nu > 2.05. */
function decode(x: readonly number[]): [number, number, number, number] {
  const [a = 0, b = 0, c = 0, d = 0] = x;
  const ea = Math.exp(b);
  const eb = Math.exp(c);
  const denominator = 1 + ea + eb;
  return [Math.exp(a), ea / denominator, eb / denominator, 2.05 + Math.exp(d)];
}

/**
 * Fits zero-mean GARCH(1,1)-t to log returns by maximum likelihood (Nelder-Mead on transformed parameters,
 * restarted from its own optimum until the likelihood stops improving: one simplex run often stalls early).
 *
 * @throws RangeError with fewer than 100 finite returns.
 */
export function fitGarch(returns: readonly number[]): GarchParams {
  const r = returns.filter(Number.isFinite).map((x) => x * PERCENT);
  if (r.length < 100) throw new RangeError(`GARCH needs at least 100 returns, got ${r.length}`);
  const meanSquare = r.reduce((s, x) => s + x * x, 0) / r.length;
  const objective = (x: readonly number[]): number => {
    const ll = garchLogLikelihood(r, ...decode(x));
    return Number.isFinite(ll) ? -ll : 1e12;
  };
  // Start: alpha 0.1, beta 0.85, persistence-implied omega, nu 8.
  let x = [Math.log(0.05 * meanSquare), Math.log(0.1 / 0.05), Math.log(0.85 / 0.05), Math.log(6)];
  let best = objective(x);
  for (let round = 0; round < 8; round++) {
    const result = nelderMead(objective, x, {
      step: round === 0 ? 0.5 : 0.1,
      maxIterations: 2000,
      tolerance: 1e-12,
    });
    const improved = best - result.fx;
    if (result.fx < best) {
      x = result.x;
      best = result.fx;
    }
    if (improved < 1e-7) break;
  }
  const [omega, alpha, beta, nu] = decode(x);
  return {
    omega: omega / PERCENT ** 2,
    alpha,
    beta,
    nu,
    initialVariance: meanSquare / PERCENT ** 2,
    logLikelihood: -best,
  };
}

/** One-step variance forecasts: out[i] = sigma2 of r[i+1] given r up to i, the recursion started at `from`. */
export function garchVariance(returns: Float64Array, params: GarchParams, from: number): Float64Array {
  const out = new Float64Array(returns.length).fill(Number.NaN);
  let v = params.initialVariance;
  for (let i = from; i < returns.length; i++) {
    const x = returns[i] as number;
    v = params.omega + params.alpha * x * x + params.beta * v;
    out[i] = v;
  }
  return out;
}

/**
 * Variance of the h-step return from the one-step forecast v1: sum over k = 1..h of
 * vbar + (alpha + beta)^(k-1) (v1 - vbar), vbar = omega / (1 - alpha - beta).
 */
export function garchHorizonVariance(v1: number, params: GarchParams, horizon: number): number {
  const persistence = params.alpha + params.beta;
  const unconditional = params.omega / (1 - persistence);
  let sum = 0;
  for (let k = 1; k <= horizon; k++) sum += unconditional + persistence ** (k - 1) * (v1 - unconditional);
  return sum;
}

/** Fit on at most this many most recent returns: enough for four parameters, and regimes change. */
const MAX_FIT_RETURNS = 2_000;

/**
 * The GARCH(1,1)-t baseline: zero drift, scale from the fitted recursion, shape from the standardised
 * h-step returns of the training period (the same filtered-historical-simulation quantiles as EWMA and HAR,
 * so the three differ only in their volatility forecast).
 */
export function createGarchForecaster(options: { name?: string } = {}): VolatilityForecaster {
  return createVolatilityForecaster(options.name ?? "garch", (past) => {
    const all = logReturns(past);
    const from = Math.max(1, all.length - MAX_FIT_RETURNS);
    const params = fitGarch(Array.from(all.subarray(from)));
    const last = past.length - 1;
    const anchor = {
      time: (past[last] as Candle).time,
      variance: garchVariance(all, params, from)[last] as number,
    };
    return garchModel(params, (past[from] as Candle).time, anchor);
  });
}

/** The one-step variance forecast made at the close of the candle opening at `time`. */
export interface GarchAnchor {
  time: number;
  variance: number;
}

/**
 * The fitted GARCH as a volatility model. With the candle at `startTime` (the first return the fit used)
 * in the series, the variance recursion runs from there, as in fitting. A served model reads only its last
 * 1000 candles: the recursion then continues from `anchor`, the variance the fit ended on, which gives the
 * same forecasts for origins from the fit's last candle on; without either it starts at the first candle
 * given (the start is forgotten at rate beta^n).
 */
export function garchModel(params: GarchParams, startTime: number, anchor?: GarchAnchor): VolatilityModel {
  return {
    state: () => ({
      kind: "garch",
      ...params,
      startTime,
      ...(anchor === undefined ? {} : { anchorTime: anchor.time, anchorVariance: anchor.variance }),
    }),
    sd(candles, origins, horizon) {
      const returns = logReturns(candles);
      const start = lastIndexAtOrBefore(candles, startTime);
      const at = anchor === undefined ? -1 : lastIndexAtOrBefore(candles, anchor.time);
      let variance: Float64Array;
      if (start >= 0 && candles[start]?.time === startTime) {
        variance = garchVariance(returns, params, Math.max(1, start));
      } else if (anchor !== undefined && at >= 0 && candles[at]?.time === anchor.time) {
        variance = garchVariance(returns, { ...params, initialVariance: anchor.variance }, at + 1);
        variance[at] = anchor.variance;
      } else {
        variance = garchVariance(returns, params, 1);
      }
      return origins.map((o) => Math.sqrt(garchHorizonVariance(variance[o] ?? Number.NaN, params, horizon)));
    },
  };
}
