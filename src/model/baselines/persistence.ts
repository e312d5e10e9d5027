import type { Forecaster } from "../types.js";
import { createEmpiricalForecaster, type EmpiricalBaselineOptions } from "./empirical.js";

/**
 * The random walk, made fair: median log return 0 (the forecast price is the origin close), with quantiles from
 * the empirical distribution of past h-step log returns in the training period, re-centred so the median is 0.
 * Every model must beat this one; its MASE is 1 by construction.
 */
export function createPersistenceForecaster(options: EmpiricalBaselineOptions = {}): Forecaster {
  return createEmpiricalForecaster(options.name ?? "persistence", () => 0, options);
}
