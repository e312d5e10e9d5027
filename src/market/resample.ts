import { type Candle, TIMEFRAME_MS, type Timeframe } from "./types.js";

const BASE_MS = TIMEFRAME_MS["4h"];
/** The Unix epoch fell on a Thursday; ISO weeks start on the Monday four days later (1970-01-05). */
const MONDAY_OFFSET_MS = 4 * TIMEFRAME_MS["1d"];

/**
 * The open time of the period of `timeframe` that contains `time` (ms): 4h periods start at 00, 04, ... 20
 * UTC, days at 00:00 UTC, weeks at Monday 00:00 UTC (ISO weeks).
 */
export function periodStart(time: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe];
  const offset = timeframe === "1w" ? MONDAY_OFFSET_MS : 0;
  return time - mod(time - offset, size);
}

/**
 * Resamples a continuous 4h series into daily (UTC day) or weekly (ISO week, Monday 00:00 UTC) candles:
 * open of the first part, close of the last, highest high, lowest low, summed volume, and the realised
 * variance (sum of squared 4h log returns, close to close, the first against the previous period's last
 * close). A resampled candle
 * is `filled` only when every one of its parts is.
 *
 * Incomplete periods are dropped: a daily candle needs all six 4h candles, a weekly one all 42. In a
 * continuous series only the first and last period can be incomplete, so this trims the ends; above all it
 * keeps a partial current day or week from being presented as a closed candle.
 *
 * `"4h"` returns a copy of the input.
 * @param candles 4h candles, oldest first, without gaps (run fillGaps first).
 * @throws Error when the input is not continuous 4h candles: a gap would silently become a short period.
 */
export function resample(candles: readonly Candle[], timeframe: Timeframe): Candle[] {
  if (timeframe === "4h") return candles.slice();
  const partsPerPeriod = TIMEFRAME_MS[timeframe] / BASE_MS;
  const out: Candle[] = [];
  let current: Candle | null = null;
  let parts = 0;
  let allFilled = true;
  let previousTime = Number.NaN;
  let previousClose = Number.NaN;

  const flush = () => {
    if (current !== null && parts === partsPerPeriod) {
      out.push(allFilled ? { ...current, filled: true } : current);
    }
  };

  for (const c of candles) {
    if (!Number.isNaN(previousTime) && c.time !== previousTime + BASE_MS) {
      throw new Error(
        `resample needs continuous 4h candles; ${new Date(c.time).toISOString()} follows ` +
          `${new Date(previousTime).toISOString()} (fill gaps first)`,
      );
    }
    previousTime = c.time;
    const start = periodStart(c.time, timeframe);
    if (current === null || start !== current.time) {
      flush();
      current = {
        time: start,
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: 0,
        realizedVariance: 0,
      };
      parts = 0;
      allFilled = true;
    }
    current.high = Math.max(current.high, c.high);
    current.low = Math.min(current.low, c.low);
    current.close = c.close;
    current.volume += c.volume;
    // The first part of the series has no close before it: its open stands in.
    const reference = Number.isNaN(previousClose) ? c.open : previousClose;
    current.realizedVariance = (current.realizedVariance ?? 0) + Math.log(c.close / reference) ** 2;
    previousClose = c.close;
    parts += 1;
    allFilled &&= c.filled === true;
  }
  flush();
  return out;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
