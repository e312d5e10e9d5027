import type { Forecaster } from "../types.js";
import { createEmpiricalForecaster, type EmpiricalBaselineOptions } from "./empirical.js";

/**
 * Random walk with drift: median log return = mean of past h-step log returns in the training period, with the
 * same empirical spread as persistence around it. In a bull-market training window it calls "up" every time,
 * which is exactly the naive bet a model's directional accuracy must be weighed against.
 */
export function createDriftForecaster(options: EmpiricalBaselineOptions = {}): Forecaster {
  return createEmpiricalForecaster(
    options.name ?? "drift",
    (returns) => returns.reduce((sum, r) => sum + r, 0) / returns.length,
    options,
  );
}
