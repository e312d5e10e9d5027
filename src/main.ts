import { join } from "node:path";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Config } from "./config.js";
import { ConfigError } from "./errors.js";
import {
  announcingRegistry,
  type ChampionEvents,
  createChampionEvents,
  fleetRetrainer,
} from "./fleet/champion-events.js";
import { createFleetLock, type FleetLock } from "./fleet/lock.js";
import { createQueueRunner, type FleetStatus, type QueueModelRunner } from "./fleet/queue-runner.js";
import { type QueueWorker, startQueueWorker } from "./fleet/queue-worker.js";
import { checkEvictionPolicy, openRedis } from "./fleet/redis.js";
import { createForecastCaches, type ForecastCache } from "./forecast/cache.js";
import type { Forecast } from "./forecast/forecast.js";
import { type Ledger, openLedger } from "./forecast/ledger.js";
import { openPostgresLedger } from "./forecast/ledger-postgres.js";
import { createModelRegistry, type ModelRegistry } from "./forecast/model-registry.js";
import { createRetrainer } from "./forecast/retrainer.js";
import { type ModelRunner, workerModelRunner } from "./forecast/runner.js";
import { createSeriesCache } from "./forecast/series-cache.js";
import { createForecastService, type ForecastService } from "./forecast/service.js";
import { TRAINING_NICE } from "./forecast/worker.js";
import { createWorkerPool, type WorkerPool } from "./forecast/worker-pool.js";
import type { Logger } from "./logger.js";
import { createExchange } from "./market/exchange.js";
import { createMarketData, type MarketData } from "./market/market-data.js";
import { createCandleStore } from "./market/store.js";
import { type SelectedBackend, selectBackend } from "./model/backend.js";
import type { ModelTimeframe } from "./model/horizons.js";
import type { SeriesData } from "./model/types.js";
import { openSubscriptionStore, type SubscriptionStore } from "./schedule/store.js";
import { openPostgresSubscriptionStore } from "./schedule/store-postgres.js";
import { openPostgres } from "./storage/postgres.js";

/**
 * The composition root: builds each service on first use, once per process, from Config.
 * Commands ask for what they need, so `coincast --help` builds nothing and never loads ccxt's client.
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  marketData(): MarketData;
  /** Selects and initialises the TensorFlow.js back-end (process-wide), once. */
  modelBackend(): Promise<SelectedBackend>;
  /** Every configured symbol's candles at a model timeframe, from the local store (no network). */
  modelSeries(timeframe: ModelTimeframe): Promise<SeriesData[]>;
  /** Which model version serves each timeframe, and the kept ones (no model is loaded). */
  modelRegistry(): ModelRegistry;
  /** The forecast core (cache, ledger, worker threads, retraining), built once. */
  forecastService(): Promise<ForecastService>;
  /** Channel subscriptions and their posts (DATA_DIR/subscriptions.sqlite, or DATABASE_URL), opened once. */
  subscriptionStore(): Promise<SubscriptionStore>;
  /**
   * With REDIS_URL: the BullMQ runner every forecast goes through (so replicas share model runs), its
   * fleet status and a fleet-wide lock; undefined without REDIS_URL (worker threads in this process).
   */
  fleet():
    | { runner: QueueModelRunner; lock: FleetLock; champions: ChampionEvents; status(): Promise<FleetStatus> }
    | undefined;
  /**
   * Takes model work from the queues on this machine's worker threads (`coincast worker`, and `coincast
   * start --role all` with REDIS_URL).
   * @throws ConfigError without REDIS_URL.
   */
  startQueueWorker(options?: { lockDurationMs?: number; stalledIntervalMs?: number }): Promise<QueueWorker>;
  /** Stops what was started (worker threads, database handles) so the process can exit. */
  close(): Promise<void>;
}

/** Where Coincast keeps its track record, under DATA_DIR. */
export const LEDGER_FILE = "ledger.sqlite";
/** Where scheduled-post subscriptions and the record of their posts live, under DATA_DIR. */
export const SUBSCRIPTIONS_FILE = "subscriptions.sqlite";
/** The training worker's thread priority: below forecasts (see WorkerSettings.nice). */

/** Where retrained model versions live, under DATA_DIR. */
export const MODEL_VERSIONS_DIR = "models";

/** Parts of the forecast core a benchmark swaps: a cache that always misses, a runner that counts. */
export interface CoreOverrides {
  cache?: ForecastCache<Forecast>;
  chartCache?: ForecastCache<string>;
  runner?: (real: ModelRunner) => ModelRunner;
}

export function createServices(config: Config, logger: Logger, overrides: CoreOverrides = {}): Services {
  let marketData: MarketData | undefined;
  let backend: Promise<SelectedBackend> | undefined;
  let core: Promise<ForecastService> | undefined;
  let registry: ModelRegistry | undefined;
  let subscriptions: Promise<SubscriptionStore> | undefined;
  let pools: { inference: WorkerPool; training: WorkerPool } | undefined;
  let postgres: pg.Pool | undefined;
  let redis: Redis | undefined;
  let fleet: ReturnType<Services["fleet"]>;
  // Run in reverse on close(): what was built last is stopped first.
  const closers: (() => Promise<void>)[] = [];
  const services: Services = {
    config,
    logger,
    marketData: () => {
      marketData ??= createMarketData({
        store: createCandleStore({ dir: config.dataDir, logger }),
        // One exchange instance per process: ccxt's rate limiter only works if every request shares it.
        exchange: createExchange(config.exchange),
        config,
        logger,
      });
      return marketData;
    },
    modelBackend: () => {
      backend ??= selectBackend({ preference: config.tfBackend, logger });
      return backend;
    },
    modelSeries: async (timeframe) => {
      const market = services.marketData();
      const series: SeriesData[] = [];
      for (const symbol of market.symbols) {
        const { candles } = await market.getCandles(symbol, timeframe);
        series.push({ symbol, candles });
      }
      return series;
    },
    modelRegistry: () => {
      if (registry === undefined) {
        const local = createModelRegistry({
          shippedDir: config.modelsDir,
          dir: join(config.dataDir, MODEL_VERSIONS_DIR),
          keep: config.retrain.keep,
          logger,
        });
        // With a fleet, every replica hears of a promotion or rollback made anywhere.
        const fleet = services.fleet();
        registry = fleet === undefined ? local : announcingRegistry(local, fleet.champions);
      }
      return registry;
    },
    forecastService: () => {
      core ??= buildForecastService(services, { closers, overrides, modelPools, ledger: openTheLedger });
      return core;
    },
    subscriptionStore: () => {
      const db = database();
      subscriptions ??= (
        db === undefined
          ? openSubscriptionStore({ file: join(config.dataDir, SUBSCRIPTIONS_FILE) })
          : openPostgresSubscriptionStore({ db })
      ).then((store) => {
        closers.push(() => store.close());
        return store;
      });
      return subscriptions;
    },
    fleet: () => {
      if (config.redisUrl === undefined) return undefined;
      if (fleet === undefined) {
        const client = plainRedis(config.redisUrl);
        const runner = createQueueRunner({
          redisUrl: config.redisUrl,
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
        fleet = {
          runner,
          lock: createFleetLock(client, config.queue.prefix),
          champions,
          status: () => runner.status(),
        };
      }
      return fleet;
    },
    startQueueWorker: async (options = {}) => {
      if (config.redisUrl === undefined)
        throw new ConfigError(
          "`coincast worker` takes its jobs from Redis: set REDIS_URL (redis://host:6379).",
        );
      const { inference, training } = modelPools();
      const backend = await services.modelBackend();
      const worker = await startQueueWorker({
        redisUrl: config.redisUrl,
        prefix: config.queue.prefix,
        redis: plainRedis(config.redisUrl),
        inference,
        training,
        concurrency: config.forecast.workers,
        backend: backend.name,
        logger,
        ...options,
      });
      closers.push(() => worker.close());
      return worker;
    },
    close: async () => {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
  /** One PostgreSQL pool per process, for every store (with DATABASE_URL). */
  const database = (): pg.Pool | undefined => {
    if (config.databaseUrl === undefined) return undefined;
    if (postgres === undefined) {
      const pool = openPostgres(config.databaseUrl);
      pool.on("error", (error) => logger.warn({ err: error }, "an idle PostgreSQL connection failed"));
      postgres = pool;
      closers.push(() => pool.end());
    }
    return postgres;
  };
  const plainRedis = (url: string): Redis => {
    if (redis === undefined) {
      const client = openRedis(url, logger);
      redis = client;
      // Once per process, at the first use of the queues: a warning, never a stop.
      void checkEvictionPolicy(client, logger);
      closers.push(async () => {
        await client.quit().catch(() => client.disconnect());
      });
    }
    return redis;
  };
  const openTheLedger = async (): Promise<Ledger> => {
    const db = database();
    const ledger =
      db === undefined
        ? await openLedger({ file: join(config.dataDir, LEDGER_FILE), logger })
        : await openPostgresLedger({ db, logger });
    closers.push(() => ledger.close());
    return ledger;
  };
  const modelPools = () => {
    pools ??= createModelPools(config, logger, closers);
    return pools;
  };
  return services;
}

/** The worker threads that run the model in this process: forecasts on one pool, training on another. */
function createModelPools(
  config: Config,
  logger: Logger,
  closers: (() => Promise<void>)[],
): { inference: WorkerPool; training: WorkerPool } {
  const workerData = {
    tfBackend: config.tfBackend,
    logLevel: config.logLevel,
    ...(config.logFile === undefined ? {} : { logFile: config.logFile }),
  };
  const inference = createWorkerPool({
    name: "forecast",
    size: config.forecast.workers,
    queueLimit: config.forecast.queueLimit,
    workerData,
    logger,
  });
  // Training has its own thread: a retrain of several minutes never queues ahead of a forecast.
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

async function buildForecastService(
  services: Services,
  parts: {
    closers: (() => Promise<void>)[];
    overrides: CoreOverrides;
    modelPools: () => { inference: WorkerPool; training: WorkerPool };
    ledger: () => Promise<Ledger>;
  },
): Promise<ForecastService> {
  const { closers, overrides } = parts;
  const { config, logger } = services;
  const market = services.marketData();
  const series = createSeriesCache({ market, logger });
  const registry = services.modelRegistry();
  // Built lazily: neither touches its file or server until first used, so an overridden one costs nothing.
  // In Redis they live under QUEUE_PREFIX, beside the fleet's queues: two fleets on one Redis keep apart.
  const caches = createForecastCaches({
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    logger,
    ...(config.redisUrl === undefined ? {} : { namespacePrefix: `${config.queue.prefix}-` }),
  });
  const cache = overrides.cache ?? caches.forecasts;
  const chartCache = overrides.chartCache ?? caches.charts;
  closers.push(async () => {
    const all = new Set<ForecastCache<unknown>>([cache, chartCache, caches.forecasts, caches.charts]);
    await Promise.all([...all].map((c) => c.close()));
  });
  const ledger = await parts.ledger();
  // With REDIS_URL every forecast goes through the queue, so all replicas share one model run per key.
  const workers = services.fleet()?.runner ?? workerModelRunner(parts.modelPools());
  const runner = overrides.runner?.(workers) ?? workers;
  const local = createRetrainer({
    registry,
    runner,
    series,
    symbols: market.symbols,
    holdoutDays: config.retrain.holdoutDays,
    logger,
  });
  const fleet = services.fleet();
  const retrainer = fleet === undefined ? local : fleetRetrainer(local, fleet.champions);
  return createForecastService({
    market,
    series,
    registry,
    runner,
    cache,
    chartCache,
    ledger,
    retrainer,
    logger,
  });
}
