import type { Candle } from "../../src/market/types.js";
import { createRng } from "../../src/model/networks/seed.js";
import type { SeriesData } from "../../src/model/types.js";

export const DAY_MS = 86_400_000;
export const SERIES_START = Date.UTC(2021, 0, 1);

/** Standard normal draws (Box-Muller) from the project's seeded generator. */
export function gaussianSampler(seed: number): () => number {
  const uniform = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A daily series whose log returns follow AR(1) with drift: r_t = drift + phi * (r_{t-1} - drift) + sigma * z_t.
 * Close of candle i is the price after return i; open is the previous close.
 */
export function syntheticDailySeries(
  symbol: string,
  length: number,
  { seed = 1, drift = 0.0005, phi = 0.2, sigma = 0.02, startPrice = 100 } = {},
): SeriesData {
  const gaussian = gaussianSampler(seed);
  const candles: Candle[] = [];
  let close = startPrice;
  let previousReturn = drift;
  for (let i = 0; i < length; i++) {
    const r = drift + phi * (previousReturn - drift) + sigma * gaussian();
    const open = close;
    close = open * Math.exp(r);
    previousReturn = r;
    candles.push({
      time: SERIES_START + i * DAY_MS,
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: 1,
    });
  }
  return { symbol, candles };
}

/** A copy of the series with every candle after index `last` replaced by nonsense prices. */
export function scrambleAfter(series: SeriesData, last: number): SeriesData {
  return {
    symbol: series.symbol,
    candles: series.candles.map((c, i) =>
      i <= last ? c : { ...c, close: c.close * (i % 2 === 0 ? 3 : 0.2) },
    ),
  };
}
