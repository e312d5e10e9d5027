import { fillGaps } from "../../src/market/gaps.js";
import { loadShipped } from "../../src/market/shipped.js";
import type { Candle } from "../../src/market/types.js";
import { createRng } from "../../src/model/networks/seed.js";

const FOUR_HOURS = 4 * 3_600_000;

/** A small deterministic PRNG, so that "random" test data is the same on every run. */
export const seededRandom = createRng;

/** A geometric random walk of 4h candles with consistent OHLC and positive volume. */
export function randomWalkCandles(
  n: number,
  {
    seed = 1,
    start = Date.UTC(2020, 0, 1),
    price = 100,
  }: { seed?: number; start?: number; price?: number } = {},
): Candle[] {
  const random = seededRandom(seed);
  const candles: Candle[] = [];
  let close = price;
  for (let i = 0; i < n; i++) {
    const open = close;
    close = open * Math.exp((random() - 0.5) * 0.04);
    const high = Math.max(open, close) * (1 + random() * 0.01);
    const low = Math.min(open, close) * (1 - random() * 0.01);
    candles.push({ time: start + i * FOUR_HOURS, open, high, low, close, volume: 100 + random() * 900 });
  }
  return candles;
}

/** The shipped 4h history of a symbol with its gaps filled, as a forecaster receives it. */
export async function shippedFilled(symbol: string): Promise<Candle[]> {
  const candles = await loadShipped(symbol);
  if (candles === null) throw new Error(`no shipped history for ${symbol}`);
  return fillGaps(candles).candles;
}
