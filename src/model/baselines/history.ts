import jstat from "jstat";
import type { Candle } from "../../market/types.js";
import type { SeriesData } from "../types.js";

const { jStat } = jstat;

/** Index of the last candle whose open time is <= time, or -1 when none is; candles are oldest first. */
export function lastIndexAtOrBefore(candles: readonly Candle[], time: number): number {
  let lo = 0;
  let hi = candles.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((candles[mid]?.time ?? Number.POSITIVE_INFINITY) <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Overlapping h-step log returns log(close[j + h] / close[j]) whose target j + h is at most lastIndex, so that
 * nothing after lastIndex is read. With `lookback`, only the most recent `lookback` of them.
 */
export function pastLogReturns(
  candles: readonly Candle[],
  lastIndex: number,
  horizon: number,
  lookback?: number,
): number[] {
  const returns: number[] = [];
  const first = lookback === undefined ? 0 : Math.max(0, lastIndex - horizon - lookback + 1);
  for (let j = first; j + horizon <= lastIndex; j++) {
    returns.push(Math.log(closeAt(candles, j + horizon) / closeAt(candles, j)));
  }
  return returns;
}

/** Sample quantiles with linear interpolation between order statistics (R's default, type 7). */
export function empiricalQuantiles(values: readonly number[], levels: readonly number[]): number[] {
  return jStat.quantiles(values, levels, 1, 1);
}

/** close of candles[index]; throws instead of returning undefined for an index outside the series. */
export function closeAt(candles: readonly Candle[], index: number): number {
  const candle = candles[index];
  if (candle === undefined)
    throw new RangeError(`no candle at index ${index} (series has ${candles.length})`);
  return candle.close;
}

/** Checks that every origin is an integer index into the series, as Forecaster.predict requires. */
export function assertOrigins(series: SeriesData, origins: readonly number[]): void {
  for (const origin of origins) {
    if (!Number.isInteger(origin) || origin < 0 || origin >= series.candles.length) {
      throw new RangeError(
        `${series.symbol}: origin ${origin} is not an index into ${series.candles.length} candles`,
      );
    }
  }
}
