import { UserError } from "../errors.js";
import type { Timeframe } from "../market/types.js";

/** The horizons each model timeframe serves, as users name them, in candles of that timeframe. */
export const MODEL_HORIZONS = {
  "1d": { "1d": 1, "3d": 3, "7d": 7 },
  "4h": { "4h": 1, "12h": 3, "1d": 6 },
} as const satisfies Partial<Record<Timeframe, Record<string, number>>>;

export type ModelTimeframe = keyof typeof MODEL_HORIZONS;
export const MODEL_TIMEFRAMES = Object.keys(MODEL_HORIZONS) as ModelTimeframe[];

/** Horizon steps a model of this timeframe predicts, ascending. */
export function horizonSteps(timeframe: ModelTimeframe): number[] {
  return Object.values(MODEL_HORIZONS[timeframe]);
}

export function parseModelTimeframe(input: string): ModelTimeframe {
  const value = input.trim().toLowerCase();
  if (value in MODEL_HORIZONS) return value as ModelTimeframe;
  throw new UserError(
    `Unknown model timeframe "${value.slice(0, 10)}": use ${MODEL_TIMEFRAMES.join(" or ")}.`,
    { code: "unknown-timeframe" },
  );
}
