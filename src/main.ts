import { join } from "node:path";
import type { Config } from "./config.js";
import { createForecastCaches, type ForecastCache } from "./forecast/cache.js";
import type { Forecast } from "./forecast/forecast.js";
import { openLedger } from "./forecast/ledger.js";
import { createModelRegistry, type ModelRegistry } from "./forecast/model-registry.js";
import { createRetrainer } from "./forecast/retrainer.js";
import { type ModelRunner, workerModelRunner } from "./forecast/runner.js";
import { createSeriesCache } from "./forecast/series-cache.js";
import { createForecastService, type ForecastService } from "./forecast/service.js";
import { TRAINING_NICE } from "./forecast/worker.js";
import { createWorkerPool } from "./forecast/worker-pool.js";
import type { Logger } from "./logger.js";
import { createExchange } from "./market/exchange.js";
import { createMarketData, type MarketData } from "./market/market-data.js";
import { createCandleStore } from "./market/store.js";
import { type SelectedBackend, selectBackend } from "./model/backend.js";
import type { ModelTimeframe } from "./model/horizons.js";
import type { SeriesData } from "./model/types.js";
import { openSubscriptionStore, type SubscriptionStore } from "./schedule/store.js";

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
  /** Channel subscriptions and their posts (DATA_DIR/subscriptions.sqlite), opened once. */
  subscriptionStore(): Promise<SubscriptionStore>;
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
      registry ??= createModelRegistry({
        shippedDir: config.modelsDir,
        dir: join(config.dataDir, MODEL_VERSIONS_DIR),
        keep: config.retrain.keep,
        logger,
      });
      return registry;
    },
    forecastService: () => {
      core ??= buildForecastService(services, closers, overrides);
      return core;
    },
    subscriptionStore: () => {
      subscriptions ??= openSubscriptionStore({ file: join(config.dataDir, SUBSCRIPTIONS_FILE) }).then(
        (store) => {
          closers.push(() => store.close());
          return store;
        },
      );
      return subscriptions;
    },
    close: async () => {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
  return services;
}

async function buildForecastService(
  services: Services,
  closers: (() => Promise<void>)[],
  overrides: CoreOverrides,
): Promise<ForecastService> {
  const { config, logger } = services;
  const market = services.marketData();
  const series = createSeriesCache({ market, logger });
  const registry = services.modelRegistry();
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
  // Built lazily: neither touches its file or server until first used, so an overridden one costs nothing.
  const caches = createForecastCaches({ dataDir: config.dataDir, redisUrl: config.redisUrl, logger });
  const cache = overrides.cache ?? caches.forecasts;
  const chartCache = overrides.chartCache ?? caches.charts;
  closers.push(async () => {
    const all = new Set<ForecastCache<unknown>>([cache, chartCache, caches.forecasts, caches.charts]);
    await Promise.all([...all].map((c) => c.close()));
  });
  const ledger = await openLedger({ file: join(config.dataDir, LEDGER_FILE), logger });
  closers.push(() => ledger.close());
  const workers = workerModelRunner({ inference, training });
  const runner = overrides.runner?.(workers) ?? workers;
  const retrainer = createRetrainer({
    registry,
    runner,
    series,
    symbols: market.symbols,
    holdoutDays: config.retrain.holdoutDays,
    logger,
  });
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
