import { join } from "node:path";
import { ConfigError } from "../errors.js";
import type { Services, StartRole } from "../services.js";

/** Where the console writes chart images, under DATA_DIR. */
export const CHARTS_DIR = "charts";

/** The streams a console answers on (StartIo's in main.ts). */
interface ConsoleIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export type Answering = Awaited<ReturnType<typeof wireAnswering>>;

/**
 * What answers a command, in every mode: the fleet's queue worker (role all with REDIS_URL), the forecast
 * core, the stores, subscriptions and alerts, and the dispatcher over the commands.
 */
export async function wireAnswering(services: Services, io: ConsoleIo, role: StartRole) {
  const { config, logger } = services;
  const shared = await services.fleet();
  if (role === "bot" && shared === undefined)
    throw new ConfigError(
      "`coincast start --role bot` hands model work to workers through Redis: set REDIS_URL.",
    );
  if (role === "all" && shared !== undefined) await services.startQueueWorker();
  // The forecast core first: its worker starts loading the model while the rest is wired.
  // An explicit TF_BACKEND that cannot run stops start-up here, not at the first forecast.
  const servicePromise = Promise.all([
    services.forecastService(),
    role === "all" && config.tfBackend !== "auto" ? services.modelThreadsReady() : undefined,
  ]).then(([service]) => service);
  const [
    service,
    store,
    { COMMANDS },
    { createCommandServices },
    { consolePostTarget, startConsole, startConsoleAdapter },
    { createDispatcher },
    { createSubscriptions },
    metrics,
  ] = await Promise.all([
    servicePromise,
    services.subscriptionStore(),
    import("../../commands/index.js"),
    import("../chat/command-services.js"),
    import("../chat/console.js"),
    import("../chat/dispatch.js"),
    import("../schedule/subscriptions.js"),
    services.metrics(),
  ]);
  const subscriptions = createSubscriptions({ store, logger });
  // The kept on-demand pairs, in every mode (console too): a lowered MAX_SYMBOLS applies now, not at the
  // next backfill.
  await (await services.marketData()).loadKept();
  const [{ createObserver }, { createAlerts }] = await Promise.all([
    import("../schedule/alert-observe.js"),
    import("../schedule/alerts.js"),
  ]);
  const observer = createObserver({ store: store.alerts, forecasts: service });
  const alerts = createAlerts({ store: store.alerts, observer, logger });
  const dispatcher = createDispatcher({
    commands: COMMANDS,
    services: createCommandServices(config, logger, service, {
      subscriptions,
      alerts,
      ...(shared === undefined ? {} : { fleetStatus: () => shared.status() }),
    }),
    logger,
    rateLimit: config.rateLimit,
  });
  const consoleOptions = {
    dispatcher,
    input: io.input,
    output: io.output,
    imageDir: join(config.dataDir, CHARTS_DIR),
    logger,
    locale: config.consoleLanguage,
  };
  return {
    shared,
    service,
    store,
    commands: COMMANDS,
    consoleChat: { consolePostTarget, startConsole, startConsoleAdapter },
    subscriptions,
    observer,
    metrics,
    consoleOptions,
  };
}
