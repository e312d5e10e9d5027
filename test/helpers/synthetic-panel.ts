import type { Candle } from "../../src/market/types.js";
import { createRng } from "../../src/model/networks/seed.js";

export const DAY = 86_400_000;
/** The first day of every synthetic series: day 0. */
export const START = Date.UTC(2020, 0, 1);

/** The smallest HAR-anchored network the tests train (one conv block of 4, one GRU of 4): seconds a fit. */
export const TINY_HAR_NETWORK = {
  anchor: "har",
  convFilters: [4],
  recurrentUnits: [4],
  denseUnits: 4,
  batchSize: 64,
} as const;

interface ClusteredOptions {
  /** Listed this many days after START (default 0). */
  from?: number;
  /** How far the volatility may move in a day, in log terms (default 0.2). */
  volStep?: number;
  /** Give each candle a realised variance of its own (one more draw a day, after high and low). */
  realizedVariance?: boolean;
}

/**
 * `n` daily candles with clustered volatility, fully determined by `seed`: the volatility walks in log steps
 * within [0.01, 0.12], each close moves up to ±vol from its open, high and low reach beyond them by up to vol.
 */
export function clusteredCandles(n: number, seed: number, options: ClusteredOptions = {}): Candle[] {
  const { from = 0, volStep = 0.2, realizedVariance = false } = options;
  const rng = createRng(seed);
  const out: Candle[] = [];
  let close = 100;
  let vol = 0.03;
  for (let t = 0; t < n; t++) {
    vol = Math.min(0.12, Math.max(0.01, vol * Math.exp(volStep * (rng() - 0.5))));
    const open = close;
    close = open * Math.exp(vol * 2 * (rng() - 0.5));
    const high = Math.max(open, close) * (1 + vol * rng());
    const low = Math.min(open, close) * (1 - vol * rng());
    const candle: Candle = { time: START + (from + t) * DAY, open, high, low, close, volume: 1000 };
    out.push(realizedVariance ? { ...candle, realizedVariance: vol * vol * (0.5 + rng()) } : candle);
  }
  return out;
}
