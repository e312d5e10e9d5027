import type { Forecast } from "../../src/forecast/forecast.js";
import type { ActualClose } from "../../src/forecast/ledger.js";
import { TIMEFRAME_MS } from "../../src/market/types.js";
import { MODEL_HORIZONS, type ModelTimeframe } from "../../src/model/horizons.js";

/**
 * The ledger suite's hand-made forecasts and the closes that score them, each figure worked out beside it
 * (test/forecast/ledger.test.ts runs them on every SQL back-end).
 */

export const DAY = TIMEFRAME_MS["1d"];
export const T0 = Date.UTC(2024, 2, 10);

/** The round figures a hand-made forecast quotes. */
interface Figures {
  lastPrice: number;
  median: number;
  i80: [number, number];
  i95: [number, number];
  pUp: number;
}

/**
 * A forecast with round numbers; its target is the horizon's steps (MODEL_HORIZONS) candles after the one
 * following asOf's candle.
 */
function handMade<T extends ModelTimeframe>(
  symbol: string,
  timeframe: T,
  horizon: keyof (typeof MODEL_HORIZONS)[T] & string,
  asOf: number,
  p: Figures,
): Forecast {
  const steps = (MODEL_HORIZONS[timeframe] as Record<string, number>)[horizon] as number;
  return {
    symbol,
    horizon,
    timeframe,
    asOf,
    targetTime: asOf + (steps + 1) * TIMEFRAME_MS[timeframe],
    lastPrice: p.lastPrice,
    median: p.median,
    interval80: { low: p.i80[0], high: p.i80[1] },
    interval95: { low: p.i95[0], high: p.i95[1] },
    probabilityUp: p.pUp,
    expectedVolatility: 0.05,
    modelVersion: "cnn-gru 2024-03-01 a1b2c3d4",
    data: { source: "live", asOf, stale: false },
    // Just after the asOf candle closed, as a served forecast is.
    madeAt: asOf + TIMEFRAME_MS[timeframe] + 60_000,
  };
}

// Target T0 + 2d; actual 108: |110 - 108| = 2, naive |100 - 108| = 8, up called and up: hit, inside both.
export const btc1d = handMade("BTC/USDT", "1d", "1d", T0, {
  lastPrice: 100,
  median: 110,
  i80: [95, 120],
  i95: [90, 130],
  pUp: 0.7,
});
// Target T0 + 2d; actual 220: |190 - 220| = 30, naive 20, "not up" called but up: miss, outside both.
export const eth1d = handMade("ETH/USDT", "1d", "1d", T0, {
  lastPrice: 200,
  median: 190,
  i80: [185, 205],
  i95: [170, 215],
  pUp: 0.3,
});
// Target T0 + 4d; actual 100, flat: |102 - 100| = 2, naive 0, up called but flat counts as not up: miss, inside.
export const btc3d = handMade("BTC/USDT", "1d", "3d", T0, {
  lastPrice: 100,
  median: 102,
  i80: [90, 110],
  i95: [80, 120],
  pUp: 0.55,
});
// Target T0 + 8d: not passed at NOW, stays pending.
export const btc7d = handMade("BTC/USDT", "1d", "7d", T0, {
  lastPrice: 100,
  median: 105,
  i80: [90, 120],
  i95: [80, 130],
  pUp: 0.6,
});
// Target T0 + 2d 8h: passed at NOW, but its candle is not stored, so it stays pending.
export const eth4h = handMade("ETH/USDT", "4h", "4h", T0 + 2 * DAY, {
  lastPrice: 210,
  median: 212,
  i80: [205, 220],
  i95: [200, 225],
  pUp: 0.6,
});

/** The scoring moment: exactly btc3d's target time, which counts as passed. */
export const NOW = T0 + 4 * DAY;

/** Closes keyed by symbol, timeframe and candle OPEN time, as a candle store would answer. */
export function fakeCloses(closes: Record<string, number>): { actualClose: ActualClose; calls: string[] } {
  const calls: string[] = [];
  const actualClose: ActualClose = async (symbol, timeframe, openTime) => {
    const key = `${symbol} ${timeframe} ${openTime}`;
    calls.push(key);
    return closes[key];
  };
  return { actualClose, calls };
}

export const CLOSES = {
  [`BTC/USDT 1d ${T0 + DAY}`]: 108,
  [`ETH/USDT 1d ${T0 + DAY}`]: 220,
  [`BTC/USDT 1d ${T0 + 3 * DAY}`]: 100,
};
