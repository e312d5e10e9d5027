import type { Forecast } from "../../src/forecast/forecast.js";
import { type Candle, TIMEFRAME_MS } from "../../src/market/types.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";

/** A small seeded generator (mulberry32): the same candles on every run and every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` synthetic but plausible candles ending with the one that opens at `lastOpen`: a random walk in
 * log price with `volatility` per step, a slow swing and a pull back to `start`, so the chart has a trend
 * and a range to show.
 */
export function syntheticCandles(options: {
  timeframe: ModelTimeframe;
  lastOpen: number;
  count: number;
  start: number;
  volatility: number;
  seed: number;
}): Candle[] {
  const step = TIMEFRAME_MS[options.timeframe];
  const random = seeded(options.seed);
  const candles: Candle[] = [];
  let close = options.start;
  for (let i = 0; i < options.count; i++) {
    const open = close;
    const shock = (random() + random() + random() - 1.5) * 2 * options.volatility;
    // Pulled back towards the start price, so the series wanders around it rather than away from it.
    const pull = 0.06 * Math.log(options.start / open);
    close = open * Math.exp(shock + pull + 0.006 * Math.sin(i / 9));
    const wick = open * options.volatility * random();
    candles.push({
      time: options.lastOpen - (options.count - 1 - i) * step,
      open,
      high: Math.max(open, close) + wick,
      low: Math.min(open, close) - wick,
      close,
      volume: 1000 + 500 * random(),
    });
  }
  return candles;
}

/** A forecast written by hand around `lastPrice`: log-return quantiles in, prices out, as toForecast does. */
export function handMadeForecast(options: {
  symbol: string;
  horizon: string;
  timeframe: ModelTimeframe;
  steps: number;
  asOf: number;
  lastPrice: number;
  /** Log returns at 0.025, 0.1, 0.5, 0.9, 0.975. */
  quantiles: readonly [number, number, number, number, number];
  probabilityUp: number;
  stale?: boolean;
}): Forecast {
  const [q025, q10, q50, q90, q975] = options.quantiles;
  const price = (q: number) => options.lastPrice * Math.exp(q);
  return {
    symbol: options.symbol,
    horizon: options.horizon,
    timeframe: options.timeframe,
    asOf: options.asOf,
    targetTime: options.asOf + (options.steps + 1) * TIMEFRAME_MS[options.timeframe],
    lastPrice: options.lastPrice,
    median: price(q50),
    interval80: { low: price(q10), high: price(q90) },
    interval95: { low: price(q025), high: price(q975) },
    probabilityUp: options.probabilityUp,
    expectedVolatility: (q90 - q10) / (2 * 1.2815515655446004),
    modelVersion: "cnn-gru 2025-12-08 a1b2c3d4",
    data: { source: "live", asOf: options.asOf, stale: options.stale ?? false },
    madeAt: options.asOf + 2 * TIMEFRAME_MS[options.timeframe],
  };
}

/** BTC/USDT, 1d horizon on daily candles: 120 days drifting around 95k, the last opening 2025-01-11. */
export function btcDaily(): { forecast: Forecast; history: Candle[] } {
  const asOf = Date.UTC(2025, 0, 11);
  const history = syntheticCandles({
    timeframe: "1d",
    lastOpen: asOf,
    count: 120,
    start: 94_000,
    volatility: 0.022,
    seed: 7,
  });
  const lastPrice = (history.at(-1) as Candle).close;
  const forecast = handMadeForecast({
    symbol: "BTC/USDT",
    horizon: "1d",
    timeframe: "1d",
    steps: 1,
    asOf,
    lastPrice,
    quantiles: [-0.058, -0.032, 0.004, 0.036, 0.061],
    probabilityUp: 0.55,
  });
  return { forecast, history };
}

/** XRP/USDT, 1d horizon on 4h candles (6 steps), around 2.04, stale data: the other corner of the picture. */
export function xrp4h(): { forecast: Forecast; history: Candle[] } {
  const asOf = Date.UTC(2025, 0, 11, 16);
  const history = syntheticCandles({
    timeframe: "4h",
    lastOpen: asOf,
    count: 100,
    start: 2.1,
    volatility: 0.012,
    seed: 11,
  });
  const lastPrice = (history.at(-1) as Candle).close;
  const forecast = handMadeForecast({
    symbol: "XRP/USDT",
    horizon: "1d",
    timeframe: "4h",
    steps: 6,
    asOf,
    lastPrice,
    quantiles: [-0.09, -0.05, -0.006, 0.045, 0.08],
    probabilityUp: 0.46,
    stale: true,
  });
  return { forecast, history };
}

/**
 * The BTC daily forecast while a newer 4h close exists, as `/forecast BTC 1d` makes it most of the day: the
 * summary then names that close and its time, the longest header the picture has.
 */
export function btcDailyWithLatest(stale: boolean): { forecast: Forecast; history: Candle[] } {
  const { forecast, history } = btcDaily();
  const origin = forecast.asOf + TIMEFRAME_MS["1d"];
  const latest = { price: forecast.lastPrice * 0.9985, time: origin + 2 * TIMEFRAME_MS["4h"] };
  return { forecast: { ...forecast, latest, data: { ...forecast.data, stale } }, history };
}
