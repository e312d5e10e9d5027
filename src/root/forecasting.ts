import type { Forecast } from "../contracts/forecast.js";
import { NO_METRICS } from "../contracts/metrics.js";
import type { ForecastCache } from "../forecast/cache.js";
import type { Ledger } from "../forecast/ledger.js";
import type { ModelRunner } from "../forecast/runner.js";
import type { ForecastService } from "../forecast/service.js";
import type { Services } from "../services.js";
import type { ModelPools } from "./model-threads.js";

/** Parts of the forecast core a benchmark swaps: a cache that always misses, a runner that counts. */
export interface CoreOverrides {
  cache?: ForecastCache<Forecast>;
  chartCache?: ForecastCache<string>;
  runner?: (real: ModelRunner) => ModelRunner;
}

/**
 * The forecast core: market data, the model registry, the caches (file or Redis), the series cache, the model
 * runner (this process's threads, or the fleet's queue with a fallback to them), the ledger, the retrainer,
 * and metering with HTTP_PORT.
 */
export async function buildForecastService(
  services: Services,
  parts: {
    closers: (() => Promise<void>)[];
    overrides: CoreOverrides;
    modelPools: () => Promise<ModelPools>;
    ledger: () => Promise<Ledger>;
    /** This process's own threads, when it also works the queue (role all); undefined otherwise. */
    ownThreads: () => Promise<ModelRunner | undefined>;
  },
): Promise<ForecastService> {
  const { closers, overrides } = parts;
  const { config, logger } = services;
  // With REDIS_URL every forecast goes through the queue, so all replicas share one model run per key, and
  // this process starts no model threads of its own (a `--role all` starts them for its queue worker).
  const shared = await services.fleet();
  const [
    market,
    registry,
    { createForecastCaches },
    { createSeriesCache },
    { createForecastService },
    { createRetrainer },
    { readRecordedEvaluations },
    workers,
    ledger,
    metrics,
    { meterCache, meterForecasts, meterSeries },
  ] = await Promise.all([
    services.marketData(),
    services.modelRegistry(),
    import("../forecast/cache.js"),
    import("../forecast/series-cache.js"),
    import("../forecast/service.js"),
    import("../lifecycle/retrainer.js"),
    import("../evaluation/recorded.js"),
    shared === undefined
      ? Promise.all([parts.modelPools(), import("../workers/model-runner.js")]).then(
          ([pools, { workerModelRunner }]) => workerModelRunner(pools),
        )
      : import("../fleet/local-fallback.js").then(({ withLocalFallback }) =>
          withLocalFallback(shared.runner, parts.ownThreads, logger),
        ),
    parts.ledger(),
    services.metrics(),
    import("../forecast/metered.js"),
  ]);
  // Without HTTP_PORT nothing is counted, so nothing is wrapped.
  const metered = metrics !== NO_METRICS;
  const plainSeries = createSeriesCache({ market, logger });
  const series = metered ? meterSeries(plainSeries, metrics) : plainSeries;
  // Built lazily: neither touches its file or server until first used, so an overridden one costs nothing.
  // In Redis they live under QUEUE_PREFIX, beside the fleet's queues: two fleets on one Redis keep apart.
  const caches = createForecastCaches({
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    logger,
    ...(config.redisUrl === undefined ? {} : { namespacePrefix: `${config.queue.prefix}-` }),
  });
  const forecastCache = overrides.cache ?? caches.forecasts;
  const plainChartCache = overrides.chartCache ?? caches.charts;
  const cache = metered ? meterCache(forecastCache, "forecast", metrics) : forecastCache;
  const chartCache = metered ? meterCache(plainChartCache, "chart", metrics) : plainChartCache;
  closers.push(async () => {
    const all = new Set<ForecastCache<unknown>>([
      forecastCache,
      plainChartCache,
      caches.forecasts,
      caches.charts,
    ]);
    await Promise.all([...all].map((c) => c.close()));
  });
  const runner = overrides.runner?.(workers) ?? workers;
  const alone = createRetrainer({
    registry,
    runner,
    series,
    symbols: market.symbols,
    holdoutDays: config.retrain.holdoutDays,
    logger,
  });
  const retrainer =
    shared === undefined
      ? alone
      : await import("../fleet/champion-events.js").then(({ fleetRetrainer }) =>
          fleetRetrainer(alone, shared.champions),
        );
  const service = createForecastService({
    market,
    series,
    registry,
    runner,
    cache,
    chartCache,
    ledger,
    retrainer,
    evaluations: readRecordedEvaluations(config.modelsDir, logger),
    logger,
  });
  return metered ? meterForecasts(service, metrics, market) : service;
}
