import { type Forecaster, QUANTILES, type QuantileVector, type SeriesData } from "../types.js";
import { assertOrigins, empiricalQuantiles, lastIndexAtOrBefore, pastLogReturns } from "./history.js";

/** Fewer past h-step returns than this give quantiles too noisy to call an honest interval. */
export const MIN_TRAINING_RETURNS = 20;

/** Options shared by the persistence and drift baselines. */
export interface EmpiricalBaselineOptions {
  /** Model name in reports; defaults to "persistence" or "drift". */
  name?: string;
  /** Use only the most recent N past h-step returns per horizon (volatility changes); default: all of them. */
  lookback?: number;
}

/**
 * A forecaster whose quantiles for horizon h are the empirical quantiles of the past h-step log returns up to
 * trainEnd, shifted so that the median sits at `centre(returns)`. Predictions do not depend on the origin, so
 * predict reads no candles at all: only what fit stored.
 */
export function createEmpiricalForecaster(
  name: string,
  centre: (returns: readonly number[]) => number,
  options: EmpiricalBaselineOptions,
): Forecaster {
  /** symbol -> horizon -> quantiles */
  let fitted = new Map<string, Map<number, QuantileVector>>();

  return {
    name,
    async fit(series, trainEnd, horizons) {
      const next = new Map<string, Map<number, QuantileVector>>();
      for (const { symbol, candles } of series) {
        const lastIndex = lastIndexAtOrBefore(candles, trainEnd);
        const byHorizon = new Map<number, QuantileVector>();
        for (const h of horizons) {
          const returns = pastLogReturns(candles, lastIndex, h, options.lookback);
          if (returns.length < MIN_TRAINING_RETURNS) {
            throw new RangeError(
              `${name}: ${symbol} has ${returns.length} past ${h}-step returns up to ${new Date(trainEnd).toISOString()}, ` +
                `needs ${MIN_TRAINING_RETURNS}`,
            );
          }
          const raw = empiricalQuantiles(returns, QUANTILES);
          const median = raw[QUANTILES.indexOf(0.5)] ?? Number.NaN;
          const shift = centre(returns);
          // Subtracting the median first makes q0.5 exactly the centre (exactly 0 for persistence).
          byHorizon.set(
            h,
            raw.map((v) => v - median + shift),
          );
        }
        next.set(symbol, byHorizon);
      }
      fitted = next;
    },
    async predict(series: SeriesData, origins, horizons) {
      assertOrigins(series, origins);
      const byHorizon = fitted.get(series.symbol);
      if (byHorizon === undefined) throw new Error(`${name}: not fitted for ${series.symbol}`);
      const row = horizons.map((h) => {
        const q = byHorizon.get(h);
        if (q === undefined) throw new Error(`${name}: not fitted for horizon ${h}`);
        return q;
      });
      return origins.map(() => row.map((q) => [...q]));
    },
  };
}
