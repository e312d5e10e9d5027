import { periodStart } from "./resample.js";
import { type Candle, TIMEFRAME_MS, type Timeframe } from "./types.js";

/**
 * Checks that a candle makes market sense: a safe-integer open time aligned to `timeframe` (4h candles at
 * 00, 04, ... 20 UTC), finite positive prices, finite volume >= 0, low <= min(open, close) and
 * high >= max(open, close).
 * @returns why the candle is invalid, in one short line, or null when it is valid.
 */
export function validateCandle(candle: Candle, timeframe: Timeframe = "4h"): string | null {
  const { time, open, high, low, close, volume } = candle;
  if (!Number.isSafeInteger(time)) return `time ${time} is not an integer of milliseconds`;
  if (periodStart(time, timeframe) !== time) {
    return `time ${iso(time)} is not aligned to a ${timeframe} open time (${TIMEFRAME_MS[timeframe]} ms)`;
  }
  for (const [name, value] of [
    ["open", open],
    ["high", high],
    ["low", low],
    ["close", close],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) return `${name} ${value} is not a finite positive price`;
  }
  if (!(Number.isFinite(volume) && volume >= 0)) return `volume ${volume} is not a finite number >= 0`;
  if (low > Math.min(open, close)) return `low ${low} is above min(open, close) ${Math.min(open, close)}`;
  if (high < Math.max(open, close)) return `high ${high} is below max(open, close) ${Math.max(open, close)}`;
  return null;
}

function iso(time: number): string {
  return Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}
