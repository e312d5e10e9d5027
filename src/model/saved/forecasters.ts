import { UserError } from "../../errors.js";
import { TIMEFRAME_MS } from "../../market/types.js";
import { createArimaForecaster } from "../baselines/arima.js";
import { createDriftForecaster } from "../baselines/drift.js";
import { createEwmaForecaster } from "../baselines/ewma.js";
import { createGarchForecaster } from "../baselines/garch.js";
import { createHarForecaster, ROLLING_HAR_DAYS } from "../baselines/har.js";
import { createPersistenceForecaster } from "../baselines/persistence.js";
import type { ModelTimeframe } from "../horizons.js";
import type { ArchitectureName, Hyperparameters } from "../networks/architectures.js";
import { MODEL_NAMES, type ModelName } from "./model-names.js";

export type { ModelName } from "./model-names.js";

import { createNeuralForecaster, type Pooling } from "../networks/neural-forecaster.js";
import type { Forecaster } from "../types.js";

/** Our model first, then the baselines it must beat, in the order reports show them. */
/** How far back the persistence and drift baselines take the returns their intervals come from. */
export const BASELINE_LOOKBACK_MS = 365 * 24 * 3_600_000;

const NEURAL: Record<string, ArchitectureName> = {
  "cnn-gru": "cnn-gru",
  lstm: "lstm",
  cnn: "cnn",
  gru: "gru",
};

/** The network architecture behind a neural model's name; undefined for the statistical baselines. */
export function neuralArchitecture(name: ModelName): ArchitectureName | undefined {
  return NEURAL[name];
}

export interface ForecasterSettings {
  timeframe: ModelTimeframe;
  pooling?: Pooling;
  hyper?: Partial<Hyperparameters>;
  seed?: number;
}

/** A fresh, unfitted forecaster of the named kind: every model is built here, so all share one harness. */
export function createForecaster(name: ModelName, settings: ForecasterSettings): Forecaster {
  const architecture = NEURAL[name];
  if (architecture !== undefined) {
    return createNeuralForecaster({
      name,
      architecture,
      timeframe: settings.timeframe,
      ...(settings.pooling ? { pooling: settings.pooling } : {}),
      ...(settings.hyper ? { hyper: settings.hyper } : {}),
      ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    });
  }
  // Intervals from the last year of returns only: all history since 2017 would carry the 2017-18 swings
  // into every interval and make the naive baselines look worse calibrated than a fair one is.
  const lookback = Math.round(BASELINE_LOOKBACK_MS / TIMEFRAME_MS[settings.timeframe]);
  if (name === "persistence") return createPersistenceForecaster({ lookback });
  if (name === "drift") return createDriftForecaster({ lookback });
  if (name === "ewma") return createEwmaForecaster();
  if (name === "garch") return createGarchForecaster();
  if (name === "har") return createHarForecaster();
  const windowDays = ROLLING_HAR_DAYS[name];
  if (windowDays !== undefined) return createHarForecaster({ name, windowDays });
  return createArimaForecaster();
}

export function parseModelNames(input: string): ModelName[] {
  const names = input
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length > 0);
  const unknown = names.filter((n) => !(MODEL_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new UserError(`Unknown model(s) ${unknown.join(", ")}: choose from ${MODEL_NAMES.join(", ")}.`, {
      code: "unknown-model",
    });
  return names as ModelName[];
}
