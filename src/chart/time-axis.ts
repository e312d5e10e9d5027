import type { Locale } from "../i18n/index.js";
import { formatUtcTick } from "./format.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Tick spacings tried in order, smallest first; the first that keeps the history to a few ticks wins. */
const SPACINGS = [4 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY] as const;
/** Date ticks over the history: any more and "Jan 12 08:00" labels at 18 px crowd a 1200 px picture. */
const MAX_HISTORY_TICKS = 8;
/** A history tick closer than this share of the axis to the target tick is dropped, so labels never collide. */
const MIN_TICK_GAP = 0.09;

/**
 * The x axis of the picture, in milliseconds, with the future stretched. Up to `origin` (the close of
 * the last candle) one axis unit is one millisecond; after it, `stretch` units are. A 1-day forecast
 * on 90 daily candles would otherwise be a cone one candle wide (about 12 px), too thin to see on a phone,
 * so the forecast always gets a zone `zoneSteps` candles wide, whatever its horizon. The zone is set apart
 * by its own shading and labelled by the target time alone.
 */
export interface TimeAxis {
  origin: number;
  stretch: number;
  min: number;
  max: number;
  /** Axis position of a time (ms). */
  toAxis(time: number): number;
  /** Tick positions with their labels: dates over the history, the target time in the forecast zone. */
  ticks: { value: number; label: string }[];
}

/**
 * Builds the axis from the first and last history close times and the target time.
 * @param step one candle in ms; `zoneSteps` candles wide is the forecast zone.
 */
export function buildTimeAxis(input: {
  firstClose: number;
  origin: number;
  target: number;
  step: number;
  zoneSteps: number;
  /** The language of the tick labels; English by default. */
  locale?: Locale;
}): TimeAxis {
  const { firstClose, origin, target, step, zoneSteps, locale = "en" } = input;
  const future = Math.max(target - origin, 1);
  const stretch = (zoneSteps * step) / future;
  const toAxis = (time: number) => (time <= origin ? time : origin + (time - origin) * stretch);
  const min = firstClose;
  const max = toAxis(target);

  const span = Math.max(origin - firstClose, step);
  const spacing =
    SPACINGS.find((s) => s >= step && span / s <= MAX_HISTORY_TICKS) ?? span / MAX_HISTORY_TICKS;
  const minGap = MIN_TICK_GAP * (max - min);
  const ticks = historyTicks(firstClose, origin, spacing)
    .filter((t) => max - t >= minGap)
    .map((t) => ({ value: t, label: formatUtcTick(t, locale) }));
  ticks.push({ value: max, label: formatUtcTick(target, locale) });
  return { origin, stretch, min, max, toAxis, ticks };
}

/**
 * UTC-aligned times in [from, to]: whole multiples of `spacing` since the epoch, except spacings of two
 * weeks and four, which fall on the 1st and 15th of each month, and on the 1st, as a reader expects.
 */
function historyTicks(from: number, to: number, spacing: number): number[] {
  if (spacing === 14 * DAY || spacing === 28 * DAY) {
    const days = spacing === 14 * DAY ? [1, 15] : [1];
    const times: number[] = [];
    const start = new Date(from);
    for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
      const first = Date.UTC(y, m, 1);
      if (first > to) break;
      for (const day of days) {
        const t = Date.UTC(y, m, day);
        if (t >= from && t <= to) times.push(t);
      }
    }
    return times;
  }
  const times: number[] = [];
  for (let t = Math.ceil(from / spacing) * spacing; t <= to; t += spacing) times.push(t);
  return times;
}
