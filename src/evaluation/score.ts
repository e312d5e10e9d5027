import type { QuantileVector } from "../model/types.js";
import { type BacktestResult, backtestLongFlat } from "./backtest.js";
import { computeMetrics, type ForecastMetrics, persistenceErrors, pointCrps } from "./metrics.js";
import type { DmLoss } from "./stats.js";

/** One forecast and its outcome. */
export interface ForecastRecord {
  originIndex: number;
  originTime: number;
  originClose: number;
  actualClose: number;
  /** Log-return quantiles aligned with QUANTILES. */
  quantiles: QuantileVector;
  /** Up-rate of h-step returns in the training history of this forecast's fold (climatology of P(up)). */
  baseRate?: number;
}

/** Everything measured for one model, symbol and horizon. */
export interface EvaluationEntry {
  model: string;
  symbol: string;
  horizon: number;
  metrics: ForecastMetrics;
  /** The long/flat backtest, for horizon 1 only (non-overlapping one-step holds); null otherwise. */
  backtest: BacktestResult | null;
  /**
   * CRPS of every point, oldest first (6 significant digits), kept in report.json so that models evaluated in
   * separate runs can be compared point by point (skill scores, Diebold-Mariano on CRPS).
   */
  pointCrps?: number[];
  /** Open time of the first and last origin scored: two entries compare point by point only when these match. */
  firstOrigin?: number;
  lastOrigin?: number;
  /** Oldest first. */
  records: ForecastRecord[];
}

/**
 * Scores one model/symbol/horizon's records (oldest first): every metric against persistence on the same points,
 * and for horizon 1 the long/flat backtest. Usable on any list of records, e.g. a live track record.
 */
export function scoreRecords(
  model: string,
  symbol: string,
  horizon: number,
  records: ForecastRecord[],
  settings: { dmLoss: DmLoss; threshold: number; feeRate: number; periodsPerYear: number },
): EvaluationEntry {
  const originClose = records.map((r) => r.originClose);
  const actualClose = records.map((r) => r.actualClose);
  const quantiles = records.map((r) => r.quantiles);
  const errors = persistenceErrors(originClose, actualClose);
  const baseRates = records.map((r) => r.baseRate ?? 0.5);
  const metrics = computeMetrics(
    { horizon, originClose, actualClose, quantiles, persistenceErrors: errors, baseRates },
    { dmLoss: settings.dmLoss },
  );
  const backtest = horizon === 1 ? backtestLongFlat({ originClose, actualClose, quantiles }, settings) : null;
  const crps = pointCrps(
    actualClose.map((a, t) => Math.log(a / (originClose[t] as number))),
    quantiles,
  ).map((v) => Number(v.toPrecision(6)));
  return {
    model,
    symbol,
    horizon,
    metrics,
    backtest,
    pointCrps: crps,
    ...(records.length > 0
      ? { firstOrigin: records[0]?.originTime as number, lastOrigin: records.at(-1)?.originTime as number }
      : {}),
    records,
  };
}
