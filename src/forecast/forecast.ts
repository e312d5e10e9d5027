import type { Forecast, Provenance } from "../contracts/forecast.js";
import { namedInput, UserError } from "../errors.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { MODEL_HORIZONS, type ModelTimeframe } from "../model/horizons.js";
import { expectedVolatility, probabilityUp, quantileAt } from "../model/quantile-math.js";
import type { QuantileVector } from "../model/types.js";

export type { Forecast };

/** Which model timeframe and how many of its candles a user's horizon means; daily model first for "1d". */
export function resolveHorizon(input: string): { horizon: string; timeframe: ModelTimeframe; steps: number } {
  const horizon = input.trim().toLowerCase();
  for (const timeframe of ["1d", "4h"] as const) {
    const steps = (MODEL_HORIZONS[timeframe] as Record<string, number>)[horizon];
    if (steps !== undefined) return { horizon, timeframe, steps };
  }
  const horizons = allHorizons().join(", ");
  // A horizon is letters and digits: nothing else of what was typed is echoed (no mention, no markup).
  const echo = horizon.replace(/[^a-z0-9]/g, "").slice(0, 10);
  throw new UserError(`Unknown horizon${echo === "" ? "" : ` "${echo}"`}. Horizons: ${horizons}.`, {
    code: "unknown-horizon",
    params: { ...namedInput(echo), horizons },
  });
}

export function allHorizons(): string[] {
  return [...new Set(Object.values(MODEL_HORIZONS).flatMap((h) => Object.keys(h)))];
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
