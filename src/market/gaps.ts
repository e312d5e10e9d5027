import { type Candle, TIMEFRAME_MS } from "./types.js";

const STEP = TIMEFRAME_MS["4h"];

/**
 * A run of missing 4h candles between the first and last candle of a series. `from` is the open time of
 * the first missing candle and `to` the open time of the candle after the gap, so [from, to) is the span
 * without data and `missing` = (to - from) / 4h. The candle before the gap opened at `from - 4h`.
 */
export interface Gap {
  from: number;
  to: number;
  missing: number;
}

/** A gap-free series and the gaps that were filled to make it. */
export interface FilledSeries {
  candles: Candle[];
  gaps: Gap[];
}

/**
 * Finds missing open times in a 4h series.
 * @param candles 4h candles, strictly ascending and aligned (as the store keeps them).
 * @throws Error when two candles are out of order, duplicated, or not a whole number of 4h steps apart.
 */
export function findGaps(candles: readonly Candle[]): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < candles.length; i++) {
    const previous = (candles[i - 1] as Candle).time;
    const time = (candles[i] as Candle).time;
    const steps = (time - previous) / STEP;
    if (!Number.isInteger(steps) || steps < 1) {
      throw new Error(
        `4h candles must be strictly ascending and aligned; ${new Date(time).toISOString()} ` +
          `follows ${new Date(previous).toISOString()}`,
      );
    }
    if (steps > 1) gaps.push({ from: previous + STEP, to: time, missing: steps - 1 });
  }
  return gaps;
}

/**
 * Fills each gap by the project's policy: every missing candle gets open = high = low = close = the
 * previous close, volume 0 and `filled: true` (no trade happened, so the price stood still). Candles that
 * were present are passed through unchanged (same objects).
 * @throws Error as {@link findGaps}.
 */
export function fillGaps(candles: readonly Candle[]): FilledSeries {
  const gaps = findGaps(candles);
  if (gaps.length === 0) return { candles: candles.slice(), gaps };
  const out: Candle[] = [];
  let next = 0;
  for (const candle of candles) {
    const gap = gaps[next];
    if (gap !== undefined && candle.time === gap.to) {
      const price = (out[out.length - 1] as Candle).close;
      for (let time = gap.from; time < gap.to; time += STEP) {
        out.push({ time, open: price, high: price, low: price, close: price, volume: 0, filled: true });
      }
      next += 1;
    }
    out.push(candle);
  }
  return { candles: out, gaps };
}
