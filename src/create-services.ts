import type { Config } from "./config.js";
import { type Metrics, NO_METRICS } from "./contracts/metrics.js";
import type { ForecastService } from "./forecast/service.js";
import type { ModelRegistry } from "./lifecycle/model-registry.js";
import type { Logger } from "./logger.js";
import { once, type RootContext } from "./root/context.js";
import { createFleetParts } from "./root/fleet.js";
import { buildForecastService, type CoreOverrides } from "./root/forecasting.js";
import { createMarketParts } from "./root/market.js";
import { createModelThreads } from "./root/model-threads.js";
import { createStorage } from "./root/storage.js";
import type { Services } from "./services.js";

/**
 * The composition root's services, for main.ts: each built on first use, once per process, from Config.
 * Every module is imported where it is first needed, so `coincast --help` loads none of them and a
 * forecast from stored candles never loads ccxt; BullMQ and ioredis load only with REDIS_URL, pg only
 * with DATABASE_URL. The parts live in src/root/, one concern each: market, storage, model threads, fleet,
 * forecasting; this file joins them into the Services the command line is given.
 */

export type { CoreOverrides } from "./root/forecasting.js";
export { MODEL_VERSIONS_DIR, SUBSCRIPTIONS_FILE } from "./root/storage.js";

export function createServices(config: Config, logger: Logger, overrides: CoreOverrides = {}): Services {
  const root: RootContext = { config, logger, closers: [] };
  const market = createMarketParts(root);
  const threads = createModelThreads(root);
  const modelBackend = once(() =>
    import("./model/acceleration/backend.js").then(({ selectBackend }) =>
      selectBackend({ preference: config.tfBackend, logger }),
    ),
  );
  // prom-client (and its default process metrics) only for a process that serves them.
  const metrics = once(
    (): Promise<Metrics> =>
      config.httpPort === undefined
        ? Promise.resolve(NO_METRICS)
        : import("./ops/prom-metrics.js").then(({ createPromMetrics }) => createPromMetrics()),
  );
  // The fleet needs the stores (a worker fetches versions from PostgreSQL) and the stores the fleet (posts
  // claimed in Redis): each is handed the other's getter, called only once both exist.
  const storage = createStorage(root, () => fleet.fleet());
  const fleet = createFleetParts(root, {
    modelPools: threads.pools,
    modelBackend,
    modelStore: storage.modelStore,
    metrics,
  });
  const modelRegistry = once(async (): Promise<ModelRegistry> => {
    const local = await storage.modelStore();
    // With a fleet, every replica hears of a promotion or rollback made anywhere.
    const shared = await fleet.fleet();
    if (shared === undefined) return local;
    const { announcingRegistry } = await import("./fleet/champion-events.js");
    return announcingRegistry(local, shared.champions);
  });
  const forecastService = once(
    (): Promise<ForecastService> =>
      buildForecastService(services, {
        closers: root.closers,
        overrides,
        modelPools: threads.pools,
        ledger: storage.ledger,
        ownThreads: async () =>
          fleet.ownsWorker()
            ? import("./workers/model-runner.js").then(async ({ workerModelRunner }) =>
                workerModelRunner(await threads.pools()),
              )
            : undefined,
      }),
  );

  const trackRecord = once(async () => {
    const [{ createSeriesCache }, { trackRecordSource }, marketData, ledger] = await Promise.all([
      import("./forecast/series-cache.js"),
      import("./forecast/close-at.js"),
      market.marketData(),
      storage.ledger(),
    ]);
    return trackRecordSource(ledger, marketData, createSeriesCache({ market: marketData, logger }));
  });

  const services: Services = {
    config,
    logger,
    marketData: market.marketData,
    modelBackend,
    modelSeries: market.modelSeries,
    corpusSeries: market.corpusSeries,
    corpusStatus: market.corpusStatus,
    keptSymbols: market.keptSymbols,
    modelRegistry,
    modelVersions: storage.modelStore,
    trackRecord,
    metrics,
    forecastPool: () => threads.built()?.inference.stats(),
    forecastService,
    subscriptionStore: storage.subscriptionStore,
    fleet: fleet.fleet,
    startQueueWorker: fleet.startQueueWorker,
    modelThreadsReady: async () => {
      const { inference } = await threads.pools();
      await inference.run("ready", undefined);
    },
    close: async () => {
      // A service still being built registers its closers when it lands: wait for it, then close all.
      await Promise.allSettled([
        forecastService.started(),
        trackRecord.started(),
        modelRegistry.started(),
        threads.pools.started(),
        ...storage.started(),
        ...fleet.started(),
      ]);
      for (const close of root.closers.splice(0).reverse()) await close();
    },
  };
  return services;
}
