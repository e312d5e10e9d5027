import { createHash } from "node:crypto";
import type { SeriesData } from "../types.js";

/** Open time of the last candle at or before trainEnd over all series (trainEnd when there is none). */
export function lastCandleTime(series: readonly SeriesData[], trainEnd: number): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const s of series) for (const c of s.candles) if (c.time <= trainEnd && c.time > last) last = c.time;
  return Number.isFinite(last) ? last : trainEnd;
}

/** sha256 over symbol and OHLCV of every candle trained on (time <= trainEnd). */
export function hashCandles(series: readonly SeriesData[], trainEnd: number): string {
  const hash = createHash("sha256");
  for (const s of series) {
    hash.update(`${s.symbol}\n`);
    const usable = s.candles.filter((c) => c.time <= trainEnd);
    const row = new Float64Array(usable.length * 6);
    usable.forEach((c, i) => {
      row.set([c.time, c.open, c.high, c.low, c.close, c.volume], i * 6);
    });
    hash.update(new Uint8Array(row.buffer));
  }
  return `sha256:${hash.digest("hex")}`;
}
