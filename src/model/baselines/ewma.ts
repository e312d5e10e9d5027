import { ewmaVariance, lambdaPerStep, logReturns, RISKMETRICS_LAMBDA } from "./volatility.js";
import {
  createVolatilityForecaster,
  type VolatilityForecaster,
  type VolatilityModel,
} from "./volatility-forecaster.js";

/**
 * RiskMetrics EWMA (lambda 0.94 a day) with zero drift and empirical standardised-residual quantiles: the
 * cheap anchor Alexander & Dakos (2023) find as good as GARCH for crypto value-at-risk. The h-step variance
 * is h times the one-step forecast (EWMA's forecast is flat).
 */
export function createEwmaForecaster(options: { name?: string; lambda?: number } = {}): VolatilityForecaster {
  const daily = options.lambda ?? RISKMETRICS_LAMBDA;
  return createVolatilityForecaster(options.name ?? "ewma", (_, perDay) =>
    ewmaModel(lambdaPerStep(daily, perDay)),
  );
}

/** The EWMA model with a per-step decay. */
export function ewmaModel(lambda: number): VolatilityModel {
  return {
    state: () => ({ kind: "ewma", lambda }),
    sd(candles, origins, horizon) {
      const variance = ewmaVariance(logReturns(candles), lambda);
      return origins.map((o) => Math.sqrt(horizon * (variance[o] ?? Number.NaN)));
    },
  };
}
