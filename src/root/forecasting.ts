import type { Forecast } from "../contracts/forecast.js";
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
 * The forecast core as this process runs it: market data, the model registry, the caches (file or Redis), the
 * model runner (this process's threads, or the fleet's queue with a fallback to them), the ledger and, with
 * HTTP_PORT, the metrics, joined by joinForecastCore (forecast-core.ts) with the series cache and the
 * retrainer (a fleet's, telling every replica, with REDIS_URL).
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
    { readRecordedEvaluations },
    workers,
    ledger,
    metrics,
    core,
  ] = await Promise.all([
    services.marketData(),
    services.modelRegistry(),
    import("../forecast/cache.js"),
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
    import("./forecast-core.js"),
  ]);
  // Built lazily: neither touches its file or server until first used, so an overridden one costs nothing.
  // In Redis they live under QUEUE_PREFIX, beside the fleet's queues: two fleets on one Redis keep apart.
  const caches = createForecastCaches({
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    logger,
    ...(config.redisUrl === undefined ? {} : { namespacePrefix: `${config.queue.prefix}-` }),
  });
  const forecasts = overrides.cache ?? caches.forecasts;
  const charts = overrides.chartCache ?? caches.charts;
  closers.push(async () => {
    const all = new Set<ForecastCache<unknown>>([forecasts, charts, caches.forecasts, caches.charts]);
    await Promise.all([...all].map((c) => c.close()));
  });
  // Without HTTP_PORT nothing is counted (NO_METRICS), so nothing is wrapped.
  return core.joinForecastCore({
    market,
    registry,
    runner: overrides.runner?.(workers) ?? workers,
    caches: { forecasts, charts },
    ledger,
    holdoutDays: config.retrain.holdoutDays,
    evaluations: readRecordedEvaluations(config.modelsDir, logger),
    metrics,
    logger,
    ...(shared === undefined
      ? {}
      : {
          shareRetrainer: (own) =>
            import("../fleet/champion-events.js").then(({ fleetRetrainer }) =>
              fleetRetrainer(own, shared.champions),
            ),
        }),
  });
}
