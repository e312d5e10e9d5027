import type { Forecast } from "../contracts/forecast.js";
import { formatNumber, formatPrice, INTL_TAG } from "../format.js";
import type { Locale } from "../i18n/index.js";
import { TIMEFRAME_MS } from "../market/types.js";

/**
 * What an alert watches and when it fires: pure functions of the alert's stored state and one observation
 * (the newest closed 4h candle and the 4h forecast made from it), so the checker, the command that creates
 * an alert and the tests all ask the same question.
 *
 * Every kind fires once per crossing and then waits to re-arm; re-arming needs the value to come back past
 * the level by a margin (hysteresis), so a close hovering at the level does not fire at every candle:
 * - price above L: fires on a 4h close above L; re-arms on a close at or below L × (1 − 1%).
 *   (below L: a close below L; re-arms at or above L × (1 + 1%).)
 * - pup above P: fires when the next-4h P(up) exceeds P; re-arms when it is at or below P − 0.05
 *   (below P: under P; re-arms at or above P + 0.05).
 * - band: fires on a close outside the 80% interval the previous 4h forecast gave for that very close;
 *   re-arms on a close inside the middle 80% of its interval (a tenth of the width in from either edge).
 * - volatility: fires when the forecast volatility rises above its own 90th percentile of the last year
 *   ("high"), and again when it falls back below its 80th percentile ("back to normal").
 * An alert created while its condition already holds starts disarmed: it fires at the next crossing.
 */

export const ALERT_KINDS = ["price", "band", "volatility", "pup"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertDirection = "above" | "below";

/** A rule with a level: a price, or a probability for P(up). */
export type LevelRule = { kind: "price" | "pup"; direction: AlertDirection; level: number };
export type AlertRule = LevelRule | { kind: "band" } | { kind: "volatility" };

/** The horizon every alert reads: checks run at each 4h close, so the forecast for the next one. */
export const ALERT_HORIZON = "4h";
/** Re-arm margin of a price alert, as a fraction of its level. */
export const PRICE_REARM = 0.01;
/** Re-arm margin of a P(up) alert, in probability. */
export const PUP_REARM = 0.05;
/** Re-arm zone of a band alert: this fraction of the interval's width in from either edge. */
export const BAND_REARM = 0.1;
/** The volatility regime: high above this percentile of the last year, normal again below the next. */
export const VOLATILITY_HIGH = 0.9;
export const VOLATILITY_NORMAL = 0.8;
/** Fewer daily values than this, and a year's percentile is not worth quoting. */
export const MIN_VOLATILITY_DAYS = 30;

/** What a check carries from one close to the next. */
export interface AlertState {
  /** The next crossing fires. For volatility: true in the normal regime, false while high. */
  armed: boolean;
  /** Open time of the last 4h candle checked; null before the first. */
  checkedAsOf: number | null;
  /** band: the 80% interval the last forecast gave for the next close, and that close's time. */
  band: { low: number; high: number; targetTime: number } | null;
}

/** The forecast volatility against its own last year (daily values, see ForecastService.volatilityHistory). */
export interface VolatilityReading {
  /** The model's forecast volatility now (sd of the 4h log return). */
  value: number;
  p80: number;
  p90: number;
  /** How many daily values the percentiles come from. */
  days: number;
}

/** One 4h close and what the bot knows after it. */
export interface Observation {
  /** The 4h forecast made from the newest closed candle: asOf, lastPrice (its close), interval, P(up). */
  forecast: Forecast;
  /** Present when a volatility alert of this symbol is checked and a year of reference is known. */
  volatility?: VolatilityReading;
}

/**
 * What happened when an alert fires, with the numbers it fired on: the post says it in the language of
 * whoever set the alert (commands/alert-post.ts).
 */
export type Fired =
  | { kind: "price"; direction: AlertDirection; level: number; close: number }
  | { kind: "pup"; direction: AlertDirection; level: number; probabilityUp: number }
  | { kind: "band"; side: AlertDirection; close: number; low: number; high: number }
  | { kind: "volatility"; regime: "high" | "normal"; reading: VolatilityReading };

export interface Step {
  /** Set when the alert fires on this observation. */
  fired: Fired | null;
  next: AlertState;
}

/** The band state a new forecast leaves: its interval for the next close. */
const bandOf = (f: Forecast): AlertState["band"] => ({
  low: f.interval80.low,
  high: f.interval80.high,
  targetTime: f.targetTime,
});

/** Whether the condition holds now: the crossing side (fires when it turns true while armed). */
function beyond(rule: LevelRule, value: number): boolean {
  return rule.direction === "above" ? value > rule.level : value < rule.level;
}

/** Rounding slack, so that P(up) 0.55 counts as back at 0.6 − 0.05 (0.5499… in floating point). */
const EPS = 1e-9;

/** Back on the near side by the margin: the alert re-arms. */
function rearmed(rule: LevelRule, value: number): boolean {
  if (rule.kind === "price") {
    return rule.direction === "above"
      ? value <= rule.level * (1 - PRICE_REARM)
      : value >= rule.level * (1 + PRICE_REARM);
  }
  return rule.direction === "above"
    ? value <= rule.level - PUP_REARM + EPS
    : value >= rule.level + PUP_REARM - EPS;
}

/**
 * The state of a new alert: armed unless its condition holds already, checked as of the forecast it was made
 * on (so the first check is at the next close).
 */
export function initialState(rule: AlertRule, observation: Observation): AlertState {
  const f = observation.forecast;
  const base = { checkedAsOf: f.asOf, band: bandOf(f) };
  switch (rule.kind) {
    case "price":
      return { ...base, armed: !beyond(rule, f.lastPrice) };
    case "pup":
      return { ...base, armed: !beyond(rule, f.probabilityUp) };
    case "band":
      return { ...base, armed: true };
    case "volatility": {
      const v = observation.volatility;
      return { ...base, armed: v === undefined || v.value <= v.p90 };
    }
  }
}

/**
 * One check of one alert at one close. An observation of a candle already checked changes nothing (a
 * restart, a second trigger); a stale forecast has the same candle, so it changes nothing either.
 */
export function stepAlert(rule: AlertRule, state: AlertState, observation: Observation): Step {
  const f = observation.forecast;
  if (state.checkedAsOf !== null && f.asOf <= state.checkedAsOf) return { fired: null, next: state };
  const next = (armed: boolean): AlertState => ({ armed, checkedAsOf: f.asOf, band: bandOf(f) });
  const close = f.lastPrice;
  switch (rule.kind) {
    case "price": {
      if (state.armed && beyond(rule, close))
        return { fired: { ...rule, kind: "price", close }, next: next(false) };
      return { fired: null, next: next(state.armed || rearmed(rule, close)) };
    }
    case "pup": {
      const p = f.probabilityUp;
      if (state.armed && beyond(rule, p))
        return { fired: { ...rule, kind: "pup", probabilityUp: p }, next: next(false) };
      return { fired: null, next: next(state.armed || rearmed(rule, p)) };
    }
    case "band": {
      // Only a forecast made for this very close says where it should have been; after downtime there is none.
      const band = state.band;
      if (band === null || band.targetTime !== f.asOf + TIMEFRAME_MS[f.timeframe])
        return { fired: null, next: next(state.armed) };
      const outside = close < band.low || close > band.high;
      const margin = (band.high - band.low) * BAND_REARM;
      const inner = close >= band.low + margin && close <= band.high - margin;
      if (state.armed && outside) {
        const side = close < band.low ? "below" : "above";
        return { fired: { kind: "band", side, close, low: band.low, high: band.high }, next: next(false) };
      }
      return { fired: null, next: next(state.armed || inner) };
    }
    case "volatility": {
      const v = observation.volatility;
      if (v === undefined) return { fired: null, next: next(state.armed) };
      if (state.armed && v.value > v.p90)
        return { fired: { kind: "volatility", regime: "high", reading: v }, next: next(false) };
      if (!state.armed && v.value < v.p80)
        return { fired: { kind: "volatility", regime: "normal", reading: v }, next: next(true) };
      return { fired: null, next: next(state.armed) };
    }
  }
}

/**
 * Significant digits a level is shown with: 15, as many as a double gives back for any decimal typed, so a
 * level reads as it was set and never alike another one.
 */
const LEVEL_DIGITS = 15;
/** The most decimals Intl writes. */
const MAX_DECIMALS = 20;

/**
 * A level as it was set, with the digits needed to give it back (up to 15 significant, no trailing zeros),
 * grouped in `locale`'s marks: 100,000, 2.055, 2,500.5, 0.0000000001; "100.000" and "2,055" in German. Two
 * alerts at different levels never read alike, and a level copied from a reply sets the same level again.
 */
export function formatLevel(value: number, locale: Locale = "en"): string {
  return value.toLocaleString(INTL_TAG[locale], { maximumSignificantDigits: LEVEL_DIGITS });
}

/**
 * The fewest decimals, from `digits` on, at which `value` rounded is on the same side of `reference` as
 * `value` itself (equal only when equal): a close shown beside its level never seems to cross it. With
 * `roundedReference`, the reference is shown at those decimals too (a band edge beside the close that crossed it).
 */
export function decimalsApart(
  value: number,
  reference: number,
  digits: number,
  roundedReference = false,
): number {
  const side = Math.sign(value - reference);
  const shownSide = (d: number) =>
    Math.sign(Number(value.toFixed(d)) - (roundedReference ? Number(reference.toFixed(d)) : reference));
  let shown = digits;
  while (shown < MAX_DECIMALS && shownSide(shown) !== side) shown += 1;
  return shown;
}

/**
 * A close (or any observed price) shown beside the price `level` it is compared with: with formatPrice's
 * precision, and more decimals where that would read as the level or past it ("2.1300" below 2.1329, "2.13291"
 * above 2.1329, not "2.13" against "2.13").
 */
export function formatClose(close: number, level: number, locale: Locale = "en"): string {
  const priced = formatPrice(close).split(".")[1]?.length ?? 0;
  return formatNumber(close, decimalsApart(close, level, priced), locale);
}

/**
 * A close and the band edge it crossed, side by side: both with formatPrice's precision of the close, and
 * more decimals where the two would read alike or in the wrong order ("94,249.6" against "94,250.2", not
 * "94,250" against "94,250").
 */
export function formatCrossing(
  close: number,
  edge: number,
  locale: Locale = "en",
): { close: string; edge: string } {
  const digits = decimalsApart(close, edge, formatPrice(close).split(".")[1]?.length ?? 0, true);
  return { close: formatNumber(close, digits, locale), edge: formatNumber(edge, digits, locale) };
}
