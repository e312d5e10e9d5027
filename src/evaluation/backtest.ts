import { probabilityUp } from "../model/quantile-math.js";
import type { QuantileVector } from "../model/types.js";

/** Settings of the long/flat backtest. */
export interface BacktestOptions {
  /** Go (or stay) long when P(up) is strictly above this; default 0.5. */
  threshold?: number;
  /** Fee as a fraction of equity per side, charged on every position change; default 0.001 (0.1%). */
  feeRate?: number;
  /** Holding periods per year, for annualising Sharpe: 365 for daily crypto candles, 2190 for 4h. */
  periodsPerYear: number;
}

/** Performance of one strategy over the backtest. */
export interface StrategyStats {
  /** Final equity / starting equity - 1, after all fees. */
  totalReturn: number;
  /** mean / sample standard deviation of per-period net returns * sqrt(periodsPerYear), risk-free rate 0. */
  sharpe: number | null;
  /** Largest peak-to-trough fall of the close-to-close equity curve, as a positive fraction. */
  maxDrawdown: number;
  /** Position changes, each of which paid one fee; the final liquidation counts as one. */
  trades: number;
  /** Share of periods spent long. */
  exposure: number;
}

/** The long/flat strategy beside buy-and-hold over the same periods and fees. */
export interface BacktestResult {
  periods: number;
  threshold: number;
  feeRate: number;
  periodsPerYear: number;
  strategy: StrategyStats;
  buyAndHold: StrategyStats;
}

/** Consecutive, non-overlapping one-step holds: period t runs from originClose[t] to actualClose[t]. */
export interface BacktestInput {
  originClose: readonly number[];
  actualClose: readonly number[];
  /** One-step log-return quantiles, aligned with QUANTILES; P(up) is read from them. */
  quantiles: readonly QuantileVector[];
}

/**
 * Simulates holding `positions[t]` (1 long, 0 flat) through period t with simple return `assetReturns[t]`.
 * Starts flat with equity 1; a fee of `feeRate` of equity is paid at each position change before the period,
 * and an open position is sold after the last period (also paying the fee), so the result is realised.
 */
export function simulatePositions(
  positions: readonly number[],
  assetReturns: readonly number[],
  feeRate: number,
  periodsPerYear: number,
): StrategyStats {
  let equity = 1;
  let peak = 1;
  let maxDrawdown = 0;
  let previous = 0;
  let trades = 0;
  let longPeriods = 0;
  const periodReturns: number[] = [];
  const last = positions.length - 1;
  positions.forEach((position, t) => {
    const start = equity;
    if (position !== previous) {
      equity *= 1 - feeRate;
      trades++;
    }
    if (position === 1) longPeriods++;
    equity *= 1 + position * (assetReturns[t] ?? Number.NaN);
    if (t === last && position !== 0) {
      equity *= 1 - feeRate;
      trades++;
    }
    previous = position;
    periodReturns.push(equity / start - 1);
    peak = Math.max(peak, equity);
    maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
  });
  return {
    totalReturn: equity - 1,
    sharpe: sharpeRatio(periodReturns, periodsPerYear),
    maxDrawdown,
    trades,
    exposure: positions.length === 0 ? 0 : longPeriods / positions.length,
  };
}

/** Annualised Sharpe ratio of per-period returns at a zero risk-free rate; null below 2 periods or zero spread. */
export function sharpeRatio(periodReturns: readonly number[], periodsPerYear: number): number | null {
  const n = periodReturns.length;
  if (n < 2) return null;
  const mean = periodReturns.reduce((sum, r) => sum + r, 0) / n;
  const variance = periodReturns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1);
  if (!(variance > 0)) return null;
  return (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear);
}

/** Long/flat backtest from explicit P(up) values; see backtestLongFlat. */
export function backtestFromProbabilities(
  probabilitiesUp: readonly number[],
  originClose: readonly number[],
  actualClose: readonly number[],
  options: BacktestOptions,
): BacktestResult {
  const n = probabilitiesUp.length;
  if (originClose.length !== n || actualClose.length !== n) {
    throw new RangeError(
      `backtest arrays differ in length: P(up) ${n}, origin ${originClose.length}, actual ${actualClose.length}`,
    );
  }
  const threshold = options.threshold ?? 0.5;
  const feeRate = options.feeRate ?? 0.001;
  const assetReturns = actualClose.map((close, t) => close / (originClose[t] ?? Number.NaN) - 1);
  const positions = probabilitiesUp.map((p) => (p > threshold ? 1 : 0));
  return {
    periods: n,
    threshold,
    feeRate,
    periodsPerYear: options.periodsPerYear,
    strategy: simulatePositions(positions, assetReturns, feeRate, options.periodsPerYear),
    buyAndHold: simulatePositions(
      new Array<number>(n).fill(1),
      assetReturns,
      feeRate,
      options.periodsPerYear,
    ),
  };
}

/**
 * Long/flat backtest of one-step forecasts: long through period t when probabilityUp(quantiles[t]) > threshold,
 * flat otherwise. Periods must be consecutive and non-overlapping (horizon 1 at successive origins); the fee is
 * paid per side on each position change, and buy-and-hold pays it once to enter and once to exit.
 */
export function backtestLongFlat(input: BacktestInput, options: BacktestOptions): BacktestResult {
  return backtestFromProbabilities(
    input.quantiles.map(probabilityUp),
    input.originClose,
    input.actualClose,
    options,
  );
}
