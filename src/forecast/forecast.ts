import { UserError } from "../errors.js";
import { type Provenance, TIMEFRAME_MS } from "../market/types.js";
import { MODEL_HORIZONS, type ModelTimeframe } from "../model/horizons.js";
import type { ModelMeta } from "../model/model-meta.js";
import { expectedVolatility, probabilityUp, quantileAt } from "../model/quantile-math.js";
import type { QuantileVector } from "../model/types.js";
import { isoDay } from "../time.js";

/** A forecast as every surface shows it: prices, not log returns, and where its numbers come from. */
export interface Forecast {
  symbol: string;
  /** As the user named it: "1d", "3d", "7d", "4h", "12h". */
  horizon: string;
  timeframe: ModelTimeframe;
  /** Open time (ms) of the last closed candle the forecast is based on. */
  asOf: number;
  /** Close time (ms) of the candle whose close is forecast. */
  targetTime: number;
  lastPrice: number;
  median: number;
  interval80: { low: number; high: number };
  interval95: { low: number; high: number };
  /** P(close at target > last close). */
  probabilityUp: number;
  /** Expected standard deviation of the log return to the target (from the 80% interval). */
  expectedVolatility: number;
  modelVersion: string;
  data: Provenance;
  madeAt: number;
}

/** Which model timeframe and how many of its candles a user's horizon means; daily model first for "1d". */
export function resolveHorizon(input: string): { horizon: string; timeframe: ModelTimeframe; steps: number } {
  const horizon = input.trim().toLowerCase();
  for (const timeframe of ["1d", "4h"] as const) {
    const steps = (MODEL_HORIZONS[timeframe] as Record<string, number>)[horizon];
    if (steps !== undefined) return { horizon, timeframe, steps };
  }
  throw new UserError(`Unknown horizon "${horizon.slice(0, 10)}". Horizons: ${allHorizons().join(", ")}.`);
}

export function allHorizons(): string[] {
  return [...new Set(Object.values(MODEL_HORIZONS).flatMap((h) => Object.keys(h)))];
}

/** "cnn-gru 2025-12-08 a1b2c3d4": which trained model answered, so a track record can tell versions apart. */
export function modelVersion(meta: ModelMeta): string {
  // dataHash reads "sha256:<hex>": the first 8 characters would always be "sha256:" and one hex digit.
  const hex = meta.dataHash.slice(meta.dataHash.indexOf(":") + 1);
  return `${meta.name} ${isoDay(meta.trainedUntil)} ${hex.slice(0, 8)}`;
}

/** Turns one log-return quantile vector at the last candle into a Forecast in prices. */
export function toForecast(
  q: QuantileVector,
  context: {
    symbol: string;
    horizon: string;
    timeframe: ModelTimeframe;
    steps: number;
    lastPrice: number;
    data: Provenance;
    modelVersion: string;
    madeAt: number;
  },
): Forecast {
  const price = (level: Parameters<typeof quantileAt>[1]) =>
    context.lastPrice * Math.exp(quantileAt(q, level));
  const step = TIMEFRAME_MS[context.timeframe];
  return {
    symbol: context.symbol,
    horizon: context.horizon,
    timeframe: context.timeframe,
    asOf: context.data.asOf,
    targetTime: context.data.asOf + (context.steps + 1) * step,
    lastPrice: context.lastPrice,
    median: price(0.5),
    interval80: { low: price(0.1), high: price(0.9) },
    interval95: { low: price(0.025), high: price(0.975) },
    probabilityUp: probabilityUp(q),
    expectedVolatility: expectedVolatility(q),
    modelVersion: context.modelVersion,
    data: context.data,
    madeAt: context.madeAt,
  };
}
