import type { QuantileVector } from "../model/types.js";
import { type BacktestResult, backtestLongFlat } from "./backtest.js";
import { computeMetrics, type ForecastMetrics, persistenceErrors } from "./metrics.js";
import type { DmLoss } from "./stats.js";

/** One forecast and its outcome. */
export interface ForecastRecord {
  originIndex: number;
  originTime: number;
  originClose: number;
  actualClose: number;
  /** Log-return quantiles aligned with QUANTILES. */
  quantiles: QuantileVector;
}

/** Everything measured for one model, symbol and horizon. */
export interface EvaluationEntry {
  model: string;
  symbol: string;
  horizon: number;
  metrics: ForecastMetrics;
  /** The long/flat backtest, for horizon 1 only (non-overlapping one-step holds); null otherwise. */
  backtest: BacktestResult | null;
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
  const metrics = computeMetrics(
    { horizon, originClose, actualClose, quantiles, persistenceErrors: errors },
    { dmLoss: settings.dmLoss },
  );
  const backtest = horizon === 1 ? backtestLongFlat({ originClose, actualClose, quantiles }, settings) : null;
  return { model, symbol, horizon, metrics, backtest, records };
}
