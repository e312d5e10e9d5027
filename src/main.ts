import { join } from "node:path";
import type { Config } from "./config.js";
import type { ChatAdapter, Platform, PostTarget } from "./contracts/chat.js";
import type { Forecast } from "./contracts/forecast.js";
import { UserError } from "./errors.js";
import type { ForecastCache } from "./forecast/cache.js";
import type { ModelRunner } from "./forecast/runner.js";
import type { ForecastService } from "./forecast/service.js";
import type { ModelRegistry } from "./lifecycle/model-registry.js";
import type { Logger } from "./logger.js";
import type { MarketData } from "./market/market-data.js";
import type { SelectedBackend } from "./model/backend.js";
import type { SeriesData } from "./model/types.js";
import type { SubscriptionStore } from "./schedule/store.js";
import type { Services } from "./services.js";
import { TRAINING_NICE } from "./workers/worker.js";

/**
 * The composition root: builds the services (each on first use, once per process, from Config) and, for
 * `coincast start`, wires them to the chat adapters, the post scheduler and the cron jobs. Nothing imports
 * it but the command line's entry (src/cli.ts). Every module it wires is imported where it is first
 * needed, so `coincast --help` loads none of them and a forecast from stored candles never loads ccxt.
 */

export type { Services };

/** Where Coincast keeps its track record, under DATA_DIR. */
export const LEDGER_FILE = "ledger.sqlite";
/** Where scheduled-post subscriptions and the record of their posts live, under DATA_DIR. */
export const SUBSCRIPTIONS_FILE = "subscriptions.sqlite";
/** Where the console writes chart images, under DATA_DIR. */
export const CHARTS_DIR = "charts";
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
  let marketData: Promise<MarketData> | undefined;
  let backend: Promise<SelectedBackend> | undefined;
  let core: Promise<ForecastService> | undefined;
  let registry: Promise<ModelRegistry> | undefined;
  let subscriptions: Promise<SubscriptionStore> | undefined;
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
          });
        },
      );
      return marketData;
    },
    modelBackend: () => {
      backend ??= import("./model/backend.js").then(({ selectBackend }) =>
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
    modelRegistry: () => {
      registry ??= import("./lifecycle/model-registry.js").then(({ createModelRegistry }) =>
        createModelRegistry({
          shippedDir: config.modelsDir,
          dir: join(config.dataDir, MODEL_VERSIONS_DIR),
          keep: config.retrain.keep,
          logger,
        }),
      );
      return registry;
    },
    forecastService: () => {
      core ??= buildForecastService(services, closers, overrides);
      return core;
    },
    subscriptionStore: () => {
      subscriptions ??= import("./schedule/store.js")
        .then(({ openSubscriptionStore }) =>
          openSubscriptionStore({ file: join(config.dataDir, SUBSCRIPTIONS_FILE) }),
        )
        .then((store) => {
          closers.push(() => store.close());
          return store;
        });
      return subscriptions;
    },
    close: async () => {
      // A service still being built registers its closers when it lands: wait for it, then close all.
      await Promise.allSettled([core, subscriptions]);
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
  return services;
}

async function loadExchange(config: Config) {
  const { createExchange } = await import("./market/exchange.js");
  return createExchange(config.exchange);
}

async function buildForecastService(
  services: Services,
  closers: (() => Promise<void>)[],
  overrides: CoreOverrides,
): Promise<ForecastService> {
  const { config, logger } = services;
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
  const [
    market,
    registry,
    { createForecastCaches },
    { openLedger },
    { createSeriesCache },
    { createForecastService },
    { createRetrainer },
    { workerModelRunner },
  ] = await Promise.all([
    services.marketData(),
    services.modelRegistry(),
    import("./forecast/cache.js"),
    import("./forecast/ledger.js"),
    import("./forecast/series-cache.js"),
    import("./forecast/service.js"),
    import("./lifecycle/retrainer.js"),
    import("./workers/model-runner.js"),
  ]);
  const series = createSeriesCache({ market, logger });
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

export interface StartIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  /** Stops a bot that runs until stopped, as Ctrl+C or SIGTERM do (tests, an embedding process). */
  signal?: AbortSignal;
}

/**
 * The bot. With no chat token and no terminal (`echo "/forecast BTC 1d" | coincast start`) it answers the
 * lines on stdin from the stored data and exits at their end, like `coincast forecast`. Otherwise it runs
 * until stopped: it refreshes the candles, keeps the data and retrain schedules, starts Discord and
 * Telegram where their tokens are set, and a console when stdin is a terminal (`/quit` stops all).
 */
export async function startBot(services: Services, io: StartIo): Promise<void> {
  const { config, logger } = services;
  const chat = config.discordToken !== undefined || config.telegramToken !== undefined;
  const interactive = io.input.isTTY === true;
  // The forecast core first: its worker starts loading the model while the rest is wired.
  const servicePromise = services.forecastService();
  const [
    service,
    store,
    { COMMANDS },
    { createCommandServices },
    { consolePostTarget, startConsole, startConsoleAdapter },
    { createDispatcher },
    { createSubscriptions },
  ] = await Promise.all([
    servicePromise,
    services.subscriptionStore(),
    import("../commands/index.js"),
    import("./chat/command-services.js"),
    import("./chat/console.js"),
    import("./chat/dispatch.js"),
    import("./schedule/subscriptions.js"),
  ]);
  const subscriptions = createSubscriptions({ store, logger });
  const dispatcher = createDispatcher({
    commands: COMMANDS,
    services: createCommandServices(config, logger, service, subscriptions),
    logger,
    rateLimit: config.rateLimit,
  });
  const consoleOptions = {
    dispatcher,
    input: io.input,
    output: io.output,
    imageDir: join(config.dataDir, CHARTS_DIR),
    logger,
  };
  if (!chat && !interactive) {
    await startConsole({ ...consoleOptions, interactive: false });
    return;
  }

  const [
    { startForecastSchedules },
    { createPostScheduler },
    { buildPost },
    { startChatAdapters },
    { guardShutdown },
  ] = await Promise.all([
    import("./forecast/schedule.js"),
    import("./schedule/scheduler.js"),
    import("../commands/daily-post.js"),
    import("./chat/adapters.js"),
    import("./cli/shutdown-guard.js"),
  ]);
  // Not awaited: the bot answers from the stored candles at once, and the fresh ones join when they land.
  const stopping = new AbortController();
  const refresh = service.refreshData({ signal: stopping.signal }).catch((error: unknown) => {
    if (stopping.signal.aborted)
      logger.info("stopped before the data refresh finished; the next start fetches again");
    else logger.warn({ err: error }, "data refresh at start failed; serving stored candles");
  });
  const schedules = startForecastSchedules({ service, retrainCron: config.retrain.cron, logger });
  const adapters: ChatAdapter[] = [];
  const targets: Partial<Record<Platform, PostTarget>> = {};
  if (interactive) targets.console = consolePostTarget(consoleOptions);
  const posts = createPostScheduler({
    store,
    targets,
    compose: (slot) => buildPost(service, slot, logger),
    graceMs: config.posts.graceMinutes * 60_000,
    logger,
  });
  let stopSurfaces = () => {};
  try {
    const surfacesStopping = new AbortController();
    stopSurfaces = () => surfacesStopping.abort();
    const refused = await startChatAdapters({
      config,
      dispatcher,
      specs: COMMANDS.map((command) => command.spec),
      logger,
      signal: surfacesStopping.signal,
      onStarted: (adapter) => {
        adapters.push(adapter);
        targets[adapter.platform] = adapter.post;
      },
    });
    const configured = Number(config.discordToken !== undefined) + Number(config.telegramToken !== undefined);
    // Nothing left to answer on: end with what to do instead of idling.
    if (!interactive && refused.length === configured) {
      throw new UserError(refused.join("\n"), { code: "platform-refused" });
    }
    for (const message of refused) {
      logger.error(message);
      process.stderr.write(`${message}\n`);
    }
    // After the adapters, so that posts have somewhere to go; not awaited, so a catch-up of several posts
    // never holds up the console.
    subscriptions.onChange(() => posts.reschedule());
    void posts
      .start()
      .catch((error: unknown) => logger.error({ err: error }, "scheduled posts did not start"));
    logger.info(
      {
        discord: config.discordToken !== undefined,
        telegram: config.telegramToken !== undefined,
        interactive,
      },
      "coincast is answering",
    );
    if (interactive) {
      if (config.logFile !== undefined) io.output.write(`Logs go to ${config.logFile}.\n`);
      const terminal = startConsoleAdapter({ ...consoleOptions, interactive: true });
      adapters.push(terminal);
      await terminal.done;
    } else await stopSignal(io.signal);
  } finally {
    const unguard = guardShutdown(io.output);
    // First, so that a surface still retrying cannot come up behind the adapters' stop.
    stopSurfaces();
    await posts.stop();
    for (const adapter of adapters.reverse()) {
      await adapter
        .stop()
        .catch((error: unknown) => logger.warn({ err: error }, "a chat adapter did not stop cleanly"));
    }
    await schedules.stop();
    // The ledger and store close after this returns, so the refresh ends first: aborting cuts its backoff
    // waits, and a request already sent ends within EXCHANGE_TIMEOUT_MS.
    stopping.abort();
    await refresh;
    unguard();
  }
}

/** Resolves on Ctrl+C, a service manager's stop, or `signal`. */
function stopSignal(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });
}
