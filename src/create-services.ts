import { join } from "node:path";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Config } from "./config.js";
import type { Forecast } from "./contracts/forecast.js";
import { type Metrics, NO_METRICS } from "./contracts/metrics.js";
import { ConfigError } from "./errors.js";
import type { QueueWorker } from "./fleet/queue-worker.js";
import type { ForecastCache } from "./forecast/cache.js";
import type { Ledger } from "./forecast/ledger.js";
import type { ModelRunner } from "./forecast/runner.js";
import type { ForecastService } from "./forecast/service.js";
import type { ModelRegistry } from "./lifecycle/model-registry.js";
import type { Logger } from "./logger.js";
import type { MarketData } from "./market/market-data.js";
import type { SelectedBackend } from "./model/acceleration/backend.js";
import type { SeriesData } from "./model/types.js";
import type { SubscriptionStore } from "./schedule/store.js";
import type { Fleet, Services } from "./services.js";
import { TRAINING_NICE } from "./workers/worker.js";
import type { WorkerPool } from "./workers/worker-pool.js";

/**
 * The composition root's services, for main.ts: each built on first use, once per process, from Config.
 * Every module is imported where it is first needed, so `coincast --help` loads none of them and a
 * forecast from stored candles never loads ccxt; BullMQ and ioredis load only with REDIS_URL, pg only
 * with DATABASE_URL.
 */

/** Where Coincast keeps its track record, under DATA_DIR. */
export const LEDGER_FILE = "ledger.sqlite";
/** Where scheduled-post subscriptions and the record of their posts live, under DATA_DIR. */
export const SUBSCRIPTIONS_FILE = "subscriptions.sqlite";
/** Where the console writes chart images, under DATA_DIR. */
export const CHARTS_DIR = "charts";
/** Where retrained model versions live, under DATA_DIR. */
export const MODEL_VERSIONS_DIR = "models";

/** A fleet role's lease (the Telegram poller): a dead holder's role moves to another replica within ~20 s. */
const LEASE_MS = 15_000;

/** Parts of the forecast core a benchmark swaps: a cache that always misses, a runner that counts. */
export interface CoreOverrides {
  cache?: ForecastCache<Forecast>;
  chartCache?: ForecastCache<string>;
  runner?: (real: ModelRunner) => ModelRunner;
}

export function createServices(config: Config, logger: Logger, overrides: CoreOverrides = {}): Services {
  let marketData: Promise<MarketData> | undefined;
  let backend: Promise<SelectedBackend> | undefined;
  let core: Promise<ForecastService> | undefined;
  let registry: Promise<ModelRegistry> | undefined;
  let store: Promise<ModelRegistry> | undefined;
  let subscriptions: Promise<SubscriptionStore> | undefined;
  let fleet: Promise<Fleet> | undefined;
  let redis: Promise<Redis> | undefined;
  let postgres: Promise<pg.Pool> | undefined;
  let pools: Promise<ModelPools> | undefined;
  // Whether this process takes the queue's jobs on its own threads (role all): its forecasts may then run
  // on them when the queue cannot take them (see withLocalFallback).
  let ownWorker = false;
  let poolsBuilt: ModelPools | undefined;
  let metrics: Promise<Metrics> | undefined;
  // Run in reverse on close(): what was built last is stopped first.
  const closers: (() => Promise<void>)[] = [];
  const services: Services = {
    config,
    logger,
    marketData: () => {
      marketData ??= Promise.all([import("./market/market-data.js"), import("./market/store.js")]).then(
        ([{ createMarketData }, { createCandleStore }]) => {
          let exchange: ReturnType<typeof loadExchange> | undefined;
          return createMarketData({
            store: createCandleStore({ dir: config.dataDir, logger }),
            // One exchange instance per process: ccxt's rate limiter only works if every request shares it.
            // Built on the first fetch: ccxt takes seconds to load and stored candles never need it.
            exchange: () => {
              exchange ??= loadExchange(config);
              return exchange;
            },
            config,
            logger,
            // Pairs outside SYMBOLS: backfilled on their first /forecast, at most MAX_SYMBOLS kept.
            onDemand: {
              registryFile: join(config.dataDir, "candles", config.exchange.id, "on-demand.json"),
              maxSymbols: config.maxSymbols,
            },
          });
        },
      );
      return marketData;
    },
    modelBackend: () => {
      backend ??= import("./model/acceleration/backend.js").then(({ selectBackend }) =>
        selectBackend({ preference: config.tfBackend, logger }),
      );
      return backend;
    },
    modelSeries: async (timeframe) => {
      const market = await services.marketData();
      const series: SeriesData[] = [];
      for (const symbol of market.symbols) {
        const { candles } = await market.getCandles(symbol, timeframe);
        series.push({ symbol, candles });
      }
      return series;
    },
    corpusSeries: async (timeframe) => {
      const { corpusDirs, loadCorpusSeries } = await import("./market/corpus.js");
      const { createCandleStore } = await import("./market/store.js");
      const store = createCandleStore({ dir: config.dataDir, logger });
      const source = { store, dirs: corpusDirs(config.dataDir), exclude: config.symbols };
      return loadCorpusSeries(source, timeframe);
    },
    corpusStatus: async () => {
      const { corpusDirs, describeCorpus } = await import("./market/corpus.js");
      const { createCandleStore } = await import("./market/store.js");
      const store = createCandleStore({ dir: config.dataDir, logger });
      return describeCorpus({ store, dirs: corpusDirs(config.dataDir), exclude: config.symbols });
    },
    modelRegistry: () => {
      registry ??= (async () => {
        const local = await modelStore();
        // With a fleet, every replica hears of a promotion or rollback made anywhere.
        const shared = await services.fleet();
        if (shared === undefined) return local;
        const { announcingRegistry } = await import("./fleet/champion-events.js");
        return announcingRegistry(local, shared.champions);
      })();
      return registry;
    },
    metrics: () => {
      // prom-client (and its default process metrics) only for a process that serves them.
      metrics ??=
        config.httpPort === undefined
          ? Promise.resolve(NO_METRICS)
          : import("./ops/prom-metrics.js").then(({ createPromMetrics }) => createPromMetrics());
      return metrics;
    },
    forecastPool: () => poolsBuilt?.inference.stats(),
    forecastService: () => {
      core ??= buildForecastService(services, {
        closers,
        overrides,
        modelPools,
        ledger: openTheLedger,
        ownThreads: async () =>
          ownWorker
            ? import("./workers/model-runner.js").then(async ({ workerModelRunner }) =>
                workerModelRunner(await modelPools()),
              )
            : undefined,
      });
      return core;
    },
    subscriptionStore: () => {
      subscriptions ??= (async () => {
        const db = await database();
        const local =
          db === undefined
            ? await import("./schedule/store.js").then(({ openSubscriptionStore }) =>
                openSubscriptionStore({ file: join(config.dataDir, SUBSCRIPTIONS_FILE) }),
              )
            : await import("./schedule/store-postgres.js").then(({ openPostgresSubscriptionStore }) =>
                openPostgresSubscriptionStore({ db }),
              );
        // Redis without PostgreSQL: the day's post is claimed for the fleet in Redis.
        const shared = db === undefined ? await services.fleet() : undefined;
        const store =
          shared === undefined
            ? local
            : await import("./schedule/fleet-claims.js").then(({ fleetClaimedStore }) =>
                fleetClaimedStore(local, shared.lock),
              );
        closers.push(() => store.close());
        return store;
      })();
      return subscriptions;
    },
    fleet: () => {
      const url = config.redisUrl;
      if (url === undefined) return Promise.resolve(undefined);
      fleet ??= buildFleet(url);
      return fleet;
    },
    startQueueWorker: async (options = {}) => {
      if (config.redisUrl === undefined)
        throw new ConfigError(
          "`coincast worker` takes its jobs from Redis: set REDIS_URL (redis://host:6379).",
        );
      ownWorker = true;
      const [{ inference, training }, backend, client, { startQueueWorker }, models, meter] =
        await Promise.all([
          modelPools(),
          services.modelBackend(),
          plainRedis(config.redisUrl),
          import("./fleet/queue-worker.js"),
          config.databaseUrl === undefined ? undefined : modelStore(),
          services.metrics(),
        ]);
      const worker: QueueWorker = await startQueueWorker({
        redisUrl: config.redisUrl,
        prefix: config.queue.prefix,
        redis: client,
        inference,
        training,
        // A job waits beside each busy thread, so that no thread idles for a Redis round trip between
        // jobs (one worker process of one thread: 158 -> 185-190 forecasts/s in bench/queue-throughput).
        concurrency: 2 * config.forecast.workers,
        backend: backend.name,
        logger,
        metrics: meter,
        ...(models?.has.sharedVersions === true ? { models: models.files } : {}),
        ...options,
      });
      closers.push(() => worker.close());
      return worker;
    },
    modelThreadsReady: async () => {
      const { inference } = await modelPools();
      await inference.run("ready", undefined);
    },
    close: async () => {
      // A service still being built registers its closers when it lands: wait for it, then close all.
      await Promise.allSettled([core, subscriptions, registry, store, fleet, redis, postgres, pools]);
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
  /** One PostgreSQL pool per process, for every store (with DATABASE_URL). */
  const database = (): Promise<pg.Pool | undefined> => {
    const url = config.databaseUrl;
    if (url === undefined) return Promise.resolve(undefined);
    postgres ??= import("./storage/postgres.js").then(async ({ openPostgres, checkPostgres }) => {
      const pool = openPostgres(url);
      pool.on("error", (error) => logger.warn({ err: error }, "an idle PostgreSQL connection failed"));
      closers.push(() => pool.end());
      // Once, at first use: a wrong or unreachable DATABASE_URL is named here, not by the first migration.
      await checkPostgres(pool, url);
      return pool;
    });
    return postgres;
  };
  /**
   * The model registry without the fleet's announcements: files under DATA_DIR, or PostgreSQL with
   * DATABASE_URL (which a queue worker also uses to fetch the versions its jobs name).
   */
  const modelStore = (): Promise<ModelRegistry> => {
    store ??= (async (): Promise<ModelRegistry> => {
      const options = {
        shippedDir: config.modelsDir,
        dir: join(config.dataDir, MODEL_VERSIONS_DIR),
        keep: config.retrain.keep,
        logger,
      };
      const db = await database();
      if (db === undefined)
        return import("./lifecycle/model-registry.js").then(({ createModelRegistry }) =>
          createModelRegistry(options),
        );
      const { openPostgresModelRegistry } = await import("./lifecycle/model-registry-postgres.js");
      return openPostgresModelRegistry({ ...options, db });
    })();
    return store;
  };
  /** One plain Redis client per process, for heartbeats, locks and champion events (with REDIS_URL). */
  const plainRedis = (url: string): Promise<Redis> => {
    redis ??= import("./fleet/redis.js").then(({ openRedis, checkEvictionPolicy }) => {
      const client = openRedis(url, logger);
      // Once per process, at the first use of the queues: a warning, never a stop.
      void checkEvictionPolicy(client, logger);
      closers.push(async () => {
        await client.quit().catch(() => client.disconnect());
      });
      return client;
    });
    return redis;
  };
  const buildFleet = async (url: string): Promise<Fleet> => {
    const [client, { createQueueRunner }, { createChampionEvents }, { createFleetLock }, { createElection }] =
      await Promise.all([
        plainRedis(url),
        import("./fleet/queue-runner.js"),
        import("./fleet/champion-events.js"),
        import("./fleet/lock.js"),
        import("./fleet/leader.js"),
      ]);
    const runner = createQueueRunner({
      redisUrl: url,
      prefix: config.queue.prefix,
      redis: client,
      queueLimit: config.forecast.queueLimit,
      timeoutMs: config.queue.timeoutMs,
      logger,
    });
    const champions = createChampionEvents(client, config.queue.prefix, logger);
    closers.push(
      () => runner.close(),
      () => champions.close(),
    );
    return {
      runner,
      lock: createFleetLock(client, config.queue.prefix),
      election: createElection({ redis: client, prefix: config.queue.prefix, ttlMs: LEASE_MS, logger }),
      champions,
      status: () => runner.status(),
    };
  };
  const openTheLedger = async (): Promise<Ledger> => {
    const db = await database();
    const ledger =
      db === undefined
        ? await import("./forecast/ledger.js").then(({ openLedger }) =>
            openLedger({ file: join(config.dataDir, LEDGER_FILE), logger }),
          )
        : await import("./forecast/ledger-postgres.js").then(({ openPostgresLedger }) =>
            openPostgresLedger({ db, logger }),
          );
    closers.push(() => ledger.close());
    return ledger;
  };
  const modelPools = (): Promise<ModelPools> => {
    pools ??= createModelPools(config, logger, closers).then((built) => {
      poolsBuilt = built;
      return built;
    });
    return pools;
  };
  return services;
}

interface ModelPools {
  inference: WorkerPool;
  training: WorkerPool;
}

/** The worker threads that run the model in this process: forecasts on one pool, training on another. */
async function createModelPools(
  config: Config,
  logger: Logger,
  closers: (() => Promise<void>)[],
): Promise<ModelPools> {
  const workerData = {
    tfBackend: config.tfBackend,
    logLevel: config.logLevel,
    ...(config.logFile === undefined ? {} : { logFile: config.logFile }),
  };
  const { createWorkerPool } = await import("./workers/worker-pool.js");
  // Started now, not on the first request: the threads load TensorFlow.js and the model while the main
  // thread opens the stores and the adapters connect.
  const inference = createWorkerPool({
    name: "forecast",
    size: config.forecast.workers,
    queueLimit: config.forecast.queueLimit,
    workerData: { ...workerData, preload: ["forecast", "chart"] },
    logger,
  });
  inference.warm();
  // Training has its own thread: a retrain of several minutes never queues ahead of a forecast. It starts
  // on the first retrain.
  const training = createWorkerPool({
    name: "training",
    size: 1,
    queueLimit: 1,
    workerData: { ...workerData, nice: TRAINING_NICE },
    logger,
  });
  closers.push(
    () => inference.close(),
    () => training.close(),
  );
  return { inference, training };
}

async function loadExchange(config: Config) {
  const { createExchange } = await import("./market/exchange.js");
  return createExchange(config.exchange);
}

async function buildForecastService(
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
    import("./forecast/cache.js"),
    import("./forecast/series-cache.js"),
    import("./forecast/service.js"),
    import("./lifecycle/retrainer.js"),
    import("./evaluation/recorded.js"),
    shared === undefined
      ? Promise.all([parts.modelPools(), import("./workers/model-runner.js")]).then(
          ([pools, { workerModelRunner }]) => workerModelRunner(pools),
        )
      : import("./fleet/local-fallback.js").then(({ withLocalFallback }) =>
          withLocalFallback(shared.runner, parts.ownThreads, logger),
        ),
    parts.ledger(),
    services.metrics(),
    import("./forecast/metered.js"),
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
      : await import("./fleet/champion-events.js").then(({ fleetRetrainer }) =>
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
