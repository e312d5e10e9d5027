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
  /**
   * Refit the band at every origin from the `lookback` returns that closed by it, instead of once per fit:
   * a "no change" whose spread is never older than the origin (persistence-daily).
   */
  rolling?: boolean;
}

/**
 * A forecaster whose quantiles for horizon h are the empirical quantiles of the past h-step log returns up to
 * trainEnd, shifted so that the median sits at `centre(returns)`. Predictions do not depend on the origin, so
 * predict reads no candles at all: only what fit stored; with `rolling`, the same band is taken at each origin.
 */
export function createEmpiricalForecaster(
  name: string,
  centre: (returns: readonly number[]) => number,
  options: EmpiricalBaselineOptions,
): Forecaster {
  /** The quantiles of the h-step returns that closed by lastIndex, median moved to the centre; undefined if too few. */
  const bandAt = (
    candles: SeriesData["candles"],
    lastIndex: number,
    h: number,
  ): QuantileVector | undefined => {
    const returns = pastLogReturns(candles, lastIndex, h, options.lookback);
    if (returns.length < MIN_TRAINING_RETURNS) return undefined;
    const raw = empiricalQuantiles(returns, QUANTILES);
    const median = raw[QUANTILES.indexOf(0.5)] ?? Number.NaN;
    const shift = centre(returns);
    // Subtracting the median first makes q0.5 exactly the centre (exactly 0 for persistence).
    return raw.map((v) => v - median + shift);
  };
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
          const band = bandAt(candles, lastIndex, h);
          if (band === undefined) {
            const n = pastLogReturns(candles, lastIndex, h, options.lookback).length;
            throw new RangeError(
              `${name}: ${symbol} has ${n} past ${h}-step returns up to ${new Date(trainEnd).toISOString()}, ` +
                `needs ${MIN_TRAINING_RETURNS}`,
            );
          }
          byHorizon.set(h, band);
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
      if (options.rolling !== true) return origins.map(() => row.map((q) => [...q]));
      // Past the fit, an origin has at least the returns the fit had: a band is always found.
      return origins.map((origin) =>
        horizons.map((h, i) => bandAt(series.candles, origin, h) ?? [...(row[i] as QuantileVector)]),
      );
    },
  };
}
