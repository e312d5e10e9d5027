import type { Candle } from "../../src/market/types.js";

/** Hand-made candles for market tests. */
export const H4 = 4 * 3_600_000;

/** Epoch ms of a UTC time written `2024-01-01T04:00`. */
export const at = (iso: string): number => Date.parse(`${iso}:00Z`);

/** A valid candle opening at `time`: open 100, close `close`, high/low bracketing both. */
export function candle(time: number, close = 100, extra: Partial<Candle> = {}): Candle {
  return {
    time,
    open: 100,
    high: Math.max(100, close) + 1,
    low: Math.min(100, close) - 1,
    close,
    volume: 10,
    ...extra,
  };
}

/** `count` consecutive 4h candles from `start`, closes 101, 102, ... so each is distinguishable. */
export function run(start: number, count: number): Candle[] {
  return Array.from({ length: count }, (_, i) => candle(start + i * H4, 101 + i));
}
