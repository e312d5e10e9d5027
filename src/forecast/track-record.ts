import { directionHit } from "../evaluation/direction.js";
import type { Forecast } from "./forecast.js";

/** How one forecast fared against the close it forecast. */
export interface ForecastScore {
  /** |median - actual|, in quote currency. */
  absError: number;
  /** |lastPrice - actual|: the error of persistence ("tomorrow = today") on the same point. */
  naiveError: number;
  /** Whether the forecast's direction call matched the outcome; null when it made none (see scoreForecast). */
  directionHit: boolean | null;
  /** low80 <= actual <= high80. */
  inside80: boolean;
  /** low95 <= actual <= high95. */
  inside95: boolean;
}

/** Aggregates over the scored entries a filter matches; every figure is null while nothing is scored. */
export interface TrackRecord {
  /** Scored entries. */
  count: number;
  /** Entries not scored yet, whether or not their target time has passed. */
  pending: number;
  /** Mean |median - actual|. */
  mae: number | null;
  /** Mean |lastPrice - actual|: persistence on the same points. */
  naiveMae: number | null;
  /** 1 - mae / naiveMae: above 0 beats persistence. */
  skill: number | null;
  /** Scored entries that made a direction call (rule at scoreForecast): count - calls made none. */
  calls: number;
  /** Share of direction hits among the calls; null while none made a call. */
  hitRate: number | null;
  /** Share of actuals inside the 80% interval (nominal 0.8). */
  coverage80: number | null;
  /** Share of actuals inside the 95% interval (nominal 0.95). */
  coverage95: number | null;
  /** Earliest asOf among scored entries: the span of market history the record covers starts here... */
  since: number | null;
  /** ...and ends at the latest scored target (close) time. */
  until: number | null;
}

/** One scored forecast, as it was served, with its outcome. */
export interface ScoredEntry {
  forecast: Forecast;
  /** Where it was served: "command", "post", ... */
  source: string;
  actual: number;
  scoredAt: number;
  score: ForecastScore;
}

/** The numbers of a forecast that scoring needs. */
export type ScorableForecast = Pick<Forecast, "lastPrice" | "median" | "interval80" | "interval95">;

/**
 * Scores one forecast against the actual close of its target candle.
 *
 * Direction: the one rule of the evaluation's directional accuracy (evaluation/direction.ts). The forecast
 * calls "up" when its median is above the last price and "down" below; a median equal to the last price
 * (P(up) exactly 0.5, as the zero-drift served models say every time) makes no call and stays out of the hit
 * rate, which would otherwise be the market's up-rate. A close equal to the last price counts as "not up".
 */
export function scoreForecast(forecast: ScorableForecast, actual: number): ForecastScore {
  return {
    absError: Math.abs(forecast.median - actual),
    naiveError: Math.abs(forecast.lastPrice - actual),
    directionHit: directionHit(forecast.median - forecast.lastPrice, actual - forecast.lastPrice),
    inside80: forecast.interval80.low <= actual && actual <= forecast.interval80.high,
    inside95: forecast.interval95.low <= actual && actual <= forecast.interval95.high,
  };
}

/**
 * Skill against persistence, 1 - MAE / naive MAE: above 0 beats "tomorrow = today", 1 is perfect. Null when either
 * MAE is missing (nothing scored) or the naive MAE is 0, where the ratio means nothing.
 */
export function skillScore(mae: number | null, naiveMae: number | null): number | null {
  if (mae === null || naiveMae === null || naiveMae === 0) return null;
  return 1 - mae / naiveMae;
}
