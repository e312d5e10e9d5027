import type { ChatAdapter, Platform, PostTarget } from "./contracts/chat.js";
import { ConfigError } from "./errors.js";
import type { QueueWorker } from "./fleet/queue-worker.js";
import type { SurfaceState } from "./ops/serve.js";
import { serialAlertChecks } from "./root/alert-checks.js";
import { type Answering, wireAnswering } from "./root/answering.js";
import { startSurfaces } from "./root/surfaces.js";
import type { Services, StartRole } from "./services.js";
import { checkDataDir } from "./storage/data-dir.js";
import { within } from "./time.js";

/**
 * The composition root's start: wires the services (create-services.ts) to the chat adapters, the post
 * scheduler and the cron jobs for `coincast start`, and to the fleet's queues for `coincast worker`.
 * Nothing imports it but the command line's entry (src/cli.ts). Every module it wires is imported where it
 * is first needed, so `coincast --help` loads none of them.
 */

export type { CoreOverrides } from "./create-services.js";
export { createServices, MODEL_VERSIONS_DIR, SUBSCRIPTIONS_FILE } from "./create-services.js";
export type { Services };

export interface StartIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  /** Stops a bot that runs until stopped, as Ctrl+C or SIGTERM do (tests, an embedding process). */
  signal?: AbortSignal;
  /**
   * Installed while the bot shuts down, removed after (the returned function): the command line passes its
   * answer to a repeated Ctrl+C (src/cli/shutdown-guard.ts); the root imports nothing from the command line.
   */
  guardShutdown?: (output: NodeJS.WritableStream) => () => void;
}

/**
 * The bot. With no chat token and no terminal (`echo "/forecast BTC 1d" | coincast start`) it answers the
 * lines on stdin from the stored data and exits at their end, like `coincast forecast`. Otherwise it runs
 * until stopped: it refreshes the candles, keeps the data and retrain schedules, starts Discord and
 * Telegram where their tokens are set, and a console when stdin is a terminal (`/quit` stops all).
 * `role` "bot" (needs REDIS_URL) leaves the model work to `coincast worker` processes; "all" with REDIS_URL
 * also takes jobs from the fleet's queues, so it answers with no other worker.
 */
export async function startBot(services: Services, io: StartIo, role: StartRole = "all"): Promise<void> {
  // Each chat platform's state, for /readyz (with HTTP_PORT).
  const surfaces = new Map<Platform, SurfaceState>();
  let stopping = false;
  const ops =
    services.config.httpPort === undefined
      ? undefined
      : await import("./ops/serve.js").then(({ serveBot }) =>
          serveBot(services, { role, surfaces: () => surfaces, stopping: () => stopping }),
        );
  try {
    await runBot(services, io, role, surfaces);
  } finally {
    stopping = true;
    await ops?.close();
  }
}

async function runBot(
  services: Services,
  io: StartIo,
  role: StartRole,
  surfaces: Map<Platform, SurfaceState>,
): Promise<void> {
  const { config } = services;
  const chat = config.discordToken !== undefined || config.telegramToken !== undefined;
  const interactive = io.input.isTTY === true;
  // A bot that runs until stopped listens for the stop from the first moment: a stop during its start-up
  // (a platform that does not answer yet) ends the start and goes through the same shutdown, never a kill.
  const stopped = chat && !interactive ? stopSignal(io.signal) : undefined;
  await checkDataDir(config.dataDir);
  const answering = await wireAnswering(services, io, role);
  if (!chat && !interactive) {
    const read = await answering.consoleChat.startConsole({
      ...answering.consoleOptions,
      interactive: false,
    });
    // An empty input and no platform (a container with the .env.example's empty tokens): say so, rather
    // than ending at once with nothing said and status 0, to be restarted in a loop.
    if (read === 0)
      throw new ConfigError(
        "Nothing to answer: no chat platform is set (DISCORD_TOKEN, TELEGRAM_BOT_TOKEN; see .env.example) " +
          "and the console's input ended without a command. Set a token, or pipe commands: " +
          "printf '/forecast BTC 1d\\n' | npm start.",
      );
    return;
  }
  await serveUntilStopped(services, io, role, surfaces, answering, stopped);
}

/**
 * The bot that runs until stopped: the data refresh, the forecast and retrain schedules, the alert checks
 * after each 4h close, the daily posts, and the chat surfaces (and a console on a terminal); then stops them
 * in reverse.
 */
async function serveUntilStopped(
  services: Services,
  io: StartIo,
  role: StartRole,
  surfaces: Map<Platform, SurfaceState>,
  answering: Answering,
  /** Resolves on the stop, for a bot with no terminal; undefined on a terminal (its console ends the bot). */
  stopped: Promise<void> | undefined,
): Promise<void> {
  const { config, logger } = services;
  const { shared, service, store, consoleChat, subscriptions, observer, metrics, consoleOptions } = answering;
  const interactive = io.input.isTTY === true;
  const [
    { startForecastSchedules },
    { createPostScheduler },
    { buildPost },
    { createAlertChecker },
    { buildAlertPost },
    { meterPosts },
    { channelMoves },
    once,
  ] = await Promise.all([
    import("./forecast/schedule.js"),
    import("./schedule/scheduler.js"),
    import("../commands/daily-post.js"),
    import("./schedule/alert-checker.js"),
    import("../commands/alert-post.js"),
    import("./schedule/metered-posts.js"),
    import("./schedule/follow-move.js"),
    // Bot replicas: the scheduled retrain runs in one of them (a lock with expiry in Redis).
    shared === undefined
      ? undefined
      : import("./fleet/lock.js").then(({ fleetOnce }) => fleetOnce(shared.lock)),
  ]);
  // Not awaited: the bot answers from the stored candles at once, and the fresh ones join when they land.
  const stopping = new AbortController();
  const refresh = service.refreshData({ signal: stopping.signal }).catch((error: unknown) => {
    if (stopping.signal.aborted)
      logger.info("stopped before the data refresh finished; the next start fetches again");
    else logger.warn({ err: error }, "data refresh at start failed; serving stored candles");
  });
  const adapters: ChatAdapter[] = [];
  const targets: Partial<Record<Platform, PostTarget>> = {};
  // A chat with a new id (a Telegram group upgraded to a supergroup) takes its subscription and alerts along.
  const moves = channelMoves(store, logger);
  const checker = createAlertChecker({
    store: store.alerts,
    observer,
    targets,
    moves,
    compose: (firing) => buildAlertPost(service, firing, logger),
    logger,
  });
  const alertChecks = serialAlertChecks(checker, metrics, logger);
  const schedules = startForecastSchedules({
    service,
    retrainCron: config.retrain.cron,
    logger,
    afterRefresh: alertChecks.run,
    ...(once === undefined ? {} : { once }),
  });
  if (interactive)
    targets.console = meterPosts("console", consoleChat.consolePostTarget(consoleOptions), metrics);
  const posts = createPostScheduler({
    store,
    targets,
    compose: (slot) => buildPost(service, slot, logger),
    graceMs: config.posts.graceMinutes * 60_000,
    logger,
  });
  const surfacesStopping = new AbortController();
  void stopped?.then(() => surfacesStopping.abort());
  try {
    await startSurfaces(services, answering, {
      role,
      surfaces,
      interactive,
      signal: surfacesStopping.signal,
      moves,
      onStarted: (adapter) => {
        adapters.push(adapter);
        targets[adapter.platform] = meterPosts(adapter.platform, adapter.post, metrics);
      },
    });
    // After the adapters, so that posts have somewhere to go; not awaited, so a catch-up of several posts
    // never holds up the console.
    subscriptions.onChange(() => posts.reschedule());
    void posts
      .start()
      .catch((error: unknown) => logger.error({ err: error }, "scheduled posts did not start"));
    // The close that passed while the bot was down (if any) is checked once the first refresh is in.
    void refresh.then(alertChecks.run);
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
      const terminal = consoleChat.startConsoleAdapter({ ...consoleOptions, interactive: true });
      adapters.push(terminal);
      await terminal.done;
    } else await stopped;
  } finally {
    const unguard = io.guardShutdown?.(io.output) ?? (() => {});
    // First, so that a surface still retrying cannot come up behind the adapters' stop.
    surfacesStopping.abort();
    // Bounded: a post waiting out a long rate limit (Telegram may ask for minutes) must not hold the stop
    // until a supervisor kills the process; one left behind is marked failed at the next start (at most once).
    await boundedStop("scheduled posts", posts.stop(), logger);
    await boundedStop("alert checks", alertChecks.stop(), logger);
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

/** `coincast worker`: takes model work from the fleet's queues until Ctrl+C, a stop, or `signal`. */
export async function runWorker(services: Services, signal?: AbortSignal): Promise<void> {
  await checkDataDir(services.config.dataDir);
  // Listened for before the worker starts, so that a stop during its start-up still shuts it down cleanly.
  const stopped = stopSignal(signal);
  // The endpoints first: a port that cannot be used (HTTP_PORT taken) stops the worker before it takes a
  // job or says it does.
  let worker: QueueWorker | undefined;
  const ops =
    services.config.httpPort === undefined
      ? undefined
      : await import("./ops/serve.js").then(({ serveWorker }) => serveWorker(services, () => worker));
  try {
    const started = await services.startQueueWorker();
    worker = started;
    // Not awaited: a worker started while Redis is away connects in the background and says so.
    void started.ready.then(() =>
      services.logger.info({ worker: started.id }, "coincast worker is taking jobs"),
    );
    await stopped;
  } finally {
    await ops?.close();
  }
}

/** How long a stop waits for the posts and alert checks under way. */
const STOP_WAIT_MS = 30_000;

async function boundedStop(what: string, stopping: Promise<void>, logger: Services["logger"]): Promise<void> {
  const finished = await within(
    stopping.then(() => true),
    STOP_WAIT_MS,
  );
  if (finished === undefined)
    logger.warn({ what, waitedMs: STOP_WAIT_MS }, "still running at the stop: left behind");
}

/** Resolves on Ctrl+C, a service manager's stop, or `signal`. */
function stopSignal(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      // Removed after this signal's listeners have all run: signal-exit (proper-lockfile's, registered
      // after this one when proper-lockfile was first loaded during start-up) re-raises the signal, killing the
      // process, when it finds itself the only listener left.
      setImmediate(() => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      });
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });
}
