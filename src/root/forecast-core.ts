import type { Forecast } from "../contracts/forecast.js";
import { type Metrics, NO_METRICS } from "../contracts/metrics.js";
import type { RecordedEvaluations } from "../evaluation/recorded.js";
import type { ForecastCache } from "../forecast/cache.js";
import type { Ledger } from "../forecast/ledger-contract.js";
import { meterCache, meterForecasts, meterSeries, seedLastRefresh } from "../forecast/metered.js";
import type { ModelRunner } from "../forecast/runner.js";
import { createSeriesCache } from "../forecast/series-cache.js";
import { createForecastService, type ForecastService } from "../forecast/service.js";
import { createRetrainer, type Retrainer, type RetrainerDeps } from "../lifecycle/retrainer.js";
import type { Logger } from "../logger.js";
import type { MarketData } from "../market/market-data.js";

/** What the forecast core is joined from: parts the caller has opened (and closes). */
export interface ForecastCoreParts {
  market: MarketData;
  registry: RetrainerDeps["registry"];
  runner: ModelRunner;
  caches: { forecasts: ForecastCache<Forecast>; charts: ForecastCache<string> };
  ledger: Ledger;
  /** Days of newest data a challenger is judged on (RETRAIN_HOLDOUT_DAYS). */
  holdoutDays: number;
  evaluations?: RecordedEvaluations;
  /** NO_METRICS (the default): nothing is counted, nothing is wrapped. */
  metrics?: Metrics;
  /** What the retrainer becomes around its own (a fleet's, telling every replica); default itself. */
  shareRetrainer?: (own: Retrainer) => Promise<Retrainer>;
  logger: Logger;
  now?: () => number;
  firstRefreshWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The forecast core joined from its parts: the series cache, the retrainer over it and the ForecastService
 * over both, each part counted when metrics are on. The one place these are wired together: the
 * composition root builds the core through it (forecasting.ts), and so do the tests
 * (test/helpers/test-forecast-service.ts), so that what they test is what runs.
 */
export async function joinForecastCore(parts: ForecastCoreParts): Promise<ForecastService> {
  const { market, registry, runner, ledger, logger } = parts;
  const metrics = parts.metrics ?? NO_METRICS;
  const now = parts.now ?? Date.now;
  const metered = metrics !== NO_METRICS;
  const plainSeries = createSeriesCache({ market, logger, now });
  const series = metered ? meterSeries(plainSeries, metrics, now) : plainSeries;
  // Before the series can be refreshed (it is not shared yet), so that a refresh's time is never overwritten.
  if (metered) await seedLastRefresh(market, metrics, logger);
  const { forecasts, charts } = parts.caches;
  const own = createRetrainer({
    registry,
    runner,
    series,
    symbols: market.symbols,
    holdoutDays: parts.holdoutDays,
    logger,
    now,
  });
  const service = createForecastService({
    market,
    series,
    registry,
    runner,
    cache: metered ? meterCache(forecasts, "forecast", metrics) : forecasts,
    chartCache: metered ? meterCache(charts, "chart", metrics) : charts,
    ledger,
    retrainer: (await parts.shareRetrainer?.(own)) ?? own,
    logger,
    now,
    ...(parts.evaluations === undefined ? {} : { evaluations: parts.evaluations }),
    ...(parts.firstRefreshWaitMs === undefined ? {} : { firstRefreshWaitMs: parts.firstRefreshWaitMs }),
    ...(parts.sleep === undefined ? {} : { sleep: parts.sleep }),
  });
  return metered ? meterForecasts(service, metrics, market, now) : service;
}
