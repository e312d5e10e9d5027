/**
 * The champion/challenger rule as data and pure functions (no TensorFlow.js here, so the FAQ and the
 * chat commands can quote it); challenge.ts runs it with real models. The rule itself is stated at the
 * top of challenge.ts.
 */

import type { ChallengeWhy } from "../contracts/retrain.js";
import { meanPinballLoss } from "../evaluation/metrics.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { quantileAt } from "../model/quantile-math.js";
import type { SavedMeta } from "../model/saved/model-io.js";
import type { QuantileVector, SeriesData, TrainProgress } from "../model/types.js";
import { isoDay } from "../time.js";

/** Fewer held-out origins (all symbols together) than this make the comparison a coin toss: none is made. */
export const MIN_HOLDOUT_ORIGINS = 20;

const DAY_MS = TIMEFRAME_MS["1d"];
/** Share of the job's progress given to training; scoring is the rest. */
export const TRAINING_SHARE = 0.9;

export interface ChallengeInput {
  timeframe: ModelTimeframe;
  series: SeriesData[];
  championDir: string;
  challengerDir: string;
  holdoutDays: number;
  /** Overrides the champion's hyperparameters.epochs (tests). */
  epochs?: number;
  /** Overrides the champion's seed. */
  seed?: number;
}

export interface ChallengeProgress {
  phase: "training" | "scoring";
  /** Of the whole job, 0..1. */
  fraction: number;
  train?: TrainProgress;
}

/** Scores of one model on the held-out points; lower is better. */
export interface Scores {
  /** Mean pinball loss of the log-return quantiles over origins, horizons and quantile levels. */
  pinball: number;
  /** MAE of the median price forecast, in quote currency (pooled over symbols, so dominated by the dearest). */
  mae: number;
  /** Persistence's MAE (forecast = origin close) on the same points. */
  naiveMae: number;
}

/** A challenge's `why` in English words an admin can act on. */
export function explainChallenge(why: ChallengeWhy): string {
  const have = "have" in why ? `${why.have} of the ${why.needed} held-out forecasts needed` : "";
  switch (why.code) {
    case "window-too-short":
      return `a ${why.holdoutDays}-day held-out window holds at most ${why.capacity} forecasts with known outcomes: lengthen it (${have})`;
    case "too-few-origins":
      return `only ${have} (gaps or series of unequal length)`;
    case "needs-days":
      return `the champion was trained until ${isoDay(why.trainedUntil)}: need ${why.days} more day${why.days === 1 ? "" : "s"} of new data before a fair comparison (${have})`;
    case "narrower":
      return `the champion trained on ${why.trainedOn} coins and only ${why.here} have their history here: a challenger trained on fewer would not be the same model; retrain it with \`coincast train --global\` (README, Global network)`;
    case "champion-changed":
      return `the champion changed while this challenger was judged (${why.serving} serves now): it was not compared with it, and is not promoted`;
    default: {
      const figures =
        `challenger pinball loss ${format(why.challenger)} vs champion ${format(why.champion)} ` +
        `on ${why.origins} held-out origins from ${isoDay(why.start)} to ${isoDay(why.end)}`;
      const verdict = {
        "not-worse": "not worse, promoted",
        worse: "worse, champion kept",
        identical: "the same forecasts in effect, champion kept",
      }[why.code];
      return `${figures}: ${verdict}`;
    }
  }
}

export interface ChallengeOutput {
  decision: "promote" | "keep";
  /** `why` in English. */
  reason: string;
  /** Absent from a worker of an earlier version: the reply then quotes `reason`. */
  why?: ChallengeWhy;
  /** First and last held-out origin (open times, ms) and how many (symbol, origin) pairs. */
  window: { start: number; end: number; origins: number };
  /** Null when no comparison was made (too few held-out origins). */
  champion: Scores | null;
  challenger: Scores | null;
  challengerMeta: SavedMeta | null;
}

/** The held-out origins of each series (candle indices, aligned with `series`) and the window they span. */
export interface HoldoutWindow {
  start: number;
  end: number;
  /** Open time of the earliest last candle over the symbols. */
  last: number;
  origins: number[][];
  count: number;
}

/** Rule 1: which origins are held out. */
export function holdoutWindow(options: {
  series: readonly SeriesData[];
  trainedUntil: number;
  holdoutDays: number;
  stepMs: number;
  maxHorizon: number;
}): HoldoutWindow {
  const { series, trainedUntil, holdoutDays, stepMs, maxHorizon } = options;
  const lasts = series.map((s) => s.candles.at(-1)?.time ?? Number.NaN);
  const last = Math.min(...lasts);
  if (series.length === 0 || !Number.isFinite(last))
    throw new RangeError("holdoutWindow: a series has no candles");
  const start = Math.max(last - holdoutDays * DAY_MS, trainedUntil) + stepMs;
  const end = last - maxHorizon * stepMs;
  const origins = series.map((s) => {
    const found: number[] = [];
    s.candles.forEach((c, i) => {
      if (c.time >= start && c.time <= end && i + maxHorizon < s.candles.length) found.push(i);
    });
    return found;
  });
  return { start, end, last, origins, count: origins.reduce((sum, o) => sum + o.length, 0) };
}

/** Why no comparison is made on a window with too few origins (see {@link explainChallenge} for the words). */
export function shortfallWhy(
  window: HoldoutWindow,
  options: { trainedUntil: number; holdoutDays: number; stepMs: number; maxHorizon: number; symbols: number },
): ChallengeWhy {
  const { trainedUntil, holdoutDays, stepMs, maxHorizon, symbols } = options;
  const have = { have: window.count, needed: MIN_HOLDOUT_ORIGINS };
  const capacity = Math.max(0, Math.floor((holdoutDays * DAY_MS) / stepMs) - maxHorizon) * symbols;
  if (capacity < MIN_HOLDOUT_ORIGINS) return { code: "window-too-short", holdoutDays, capacity, ...have };
  // The window fills from the champion's last candle: k origins per symbol need k + maxHorizon new candles.
  const perSymbol = Math.ceil(MIN_HOLDOUT_ORIGINS / Math.max(1, symbols));
  const days = Math.ceil((trainedUntil + (perSymbol + maxHorizon) * stepMs - window.last) / DAY_MS);
  if (days <= 0) return { code: "too-few-origins", ...have };
  return { code: "needs-days", trainedUntil, days, ...have };
}

/** One scored forecast: one origin, one horizon. */
export interface ForecastPoint {
  originClose: number;
  actualClose: number;
  /** Log-return quantiles aligned with QUANTILES. */
  quantiles: QuantileVector;
}

/** The points of one series, from predict()'s [origin][horizon] output. */
export function forecastPoints(
  series: SeriesData,
  origins: readonly number[],
  horizons: readonly number[],
  forecasts: readonly (readonly QuantileVector[])[],
): ForecastPoint[] {
  return origins.flatMap((origin, o) =>
    horizons.map((h, k) => {
      const originClose = series.candles[origin]?.close;
      const actualClose = series.candles[origin + h]?.close;
      const quantiles = forecasts[o]?.[k];
      if (originClose === undefined || actualClose === undefined || quantiles === undefined) {
        throw new RangeError(`${series.symbol}: no forecast or outcome for origin ${origin}, horizon ${h}`);
      }
      return { originClose, actualClose, quantiles };
    }),
  );
}

/** Rule 3: pinball loss, median-price MAE and persistence MAE, each a plain mean over the points. */
export function scorePoints(points: readonly ForecastPoint[]): Scores {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    pinball: meanPinballLoss(
      points.map((p) => Math.log(p.actualClose / p.originClose)),
      points.map((p) => p.quantiles),
    ),
    mae: mean(
      points.map((p) => Math.abs(p.originClose * Math.exp(quantileAt(p.quantiles, 0.5)) - p.actualClose)),
    ),
    naiveMae: mean(points.map((p) => Math.abs(p.originClose - p.actualClose))),
  };
}

/** Rule 4, given both scores. A challenger whose loss is not a number never wins; a champion's never holds. */
export function decide(
  champion: Scores,
  challenger: Scores,
  window: { start: number; end: number; origins: number },
): { decision: "promote" | "keep"; reason: string; why: ChallengeWhy } {
  // A retrain with no new candles trains the champion again: a clone would fill the kept versions and push
  // distinct ones out of rollback's reach.
  const identical = challenger.pinball === champion.pinball && challenger.mae === champion.mae;
  const promote =
    !identical &&
    Number.isFinite(challenger.pinball) &&
    (!Number.isFinite(champion.pinball) || challenger.pinball <= champion.pinball);
  const why: ChallengeWhy = {
    code: identical ? "identical" : promote ? "not-worse" : "worse",
    challenger: challenger.pinball,
    champion: champion.pinball,
    ...window,
  };
  return { decision: promote ? "promote" : "keep", reason: explainChallenge(why), why };
}

function format(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(6) : String(loss);
}
