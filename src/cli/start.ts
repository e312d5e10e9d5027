import { join } from "node:path";
import type { Command } from "commander";
import { COMMANDS } from "../../commands/index.js";
import { createCommandServices } from "../chat/command-services.js";
import { consolePostTarget, startConsole } from "../chat/console.js";
import { createDispatcher } from "../chat/dispatch.js";
import { DISCORD_SURFACE, startSurface, TELEGRAM_SURFACE } from "../chat/start-surface.js";
import { UserError } from "../errors.js";
import { startForecastSchedules } from "../forecast/schedule.js";
import type { Services } from "../main.js";
import { buildPost } from "../schedule/post.js";
import { createPostScheduler } from "../schedule/scheduler.js";
import { createSubscriptions } from "../schedule/subscriptions.js";
import type { Platform, PostTarget } from "../schedule/target.js";
import { guardShutdown } from "./shutdown-guard.js";

/** Where the console writes chart images, under DATA_DIR. */
export const CHARTS_DIR = "charts";

export interface StartIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

interface Adapter {
  stop(): Promise<void>;
}

/**
 * The bot. With no chat token and no terminal (`echo "/forecast BTC 1d" | coincast start`) it answers the
 * lines on stdin from the stored data and exits at their end, like `coincast forecast`. Otherwise it runs
 * until stopped: it refreshes the candles, keeps the data and retrain schedules, starts Discord and
 * Telegram where their tokens are set, and a console when stdin is a terminal (`/quit` stops all).
 */
export async function startBot(services: Services, io: StartIo): Promise<void> {
  const { config, logger } = services;
  const service = await services.forecastService();
  const store = await services.subscriptionStore();
  const subscriptions = createSubscriptions({ store, logger });
  const dispatcher = createDispatcher({
    commands: COMMANDS,
    services: createCommandServices(services, service, subscriptions),
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
  const chat = config.discordToken !== undefined || config.telegramToken !== undefined;
  const interactive = io.input.isTTY === true;
  if (!chat && !interactive) {
    await startConsole({ ...consoleOptions, interactive: false });
    return;
  }

  // Not awaited: the bot answers from the stored candles at once, and the fresh ones join when they land.
  const stopping = new AbortController();
  const refresh = service.refreshData({ signal: stopping.signal }).catch((error: unknown) => {
    if (stopping.signal.aborted)
      logger.info("stopped before the data refresh finished; the next start fetches again");
    else logger.warn({ err: error }, "data refresh at start failed; serving stored candles");
  });
  const schedules = startForecastSchedules({ service, retrainCron: config.retrain.cron, logger });
  const adapters: Adapter[] = [];
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
    const specs = COMMANDS.map((command) => command.spec);
    // Each surface on its own: a refused token says what to do, an unreachable API is retried in the
    // background, and neither stops the other surfaces.
    const refused: string[] = [];
    const surfacesStopping = new AbortController();
    stopSurfaces = () => surfacesStopping.abort();
    const surfaces: Promise<void>[] = [];
    if (config.discordToken !== undefined) {
      const token = config.discordToken;
      // Loaded only when configured: discord.js and grammY cost start-up time every other command would pay.
      const { startDiscord } = await import("../chat/discord.js");
      surfaces.push(
        startSurface({
          surface: DISCORD_SURFACE,
          start: () =>
            startDiscord({
              token,
              guildId: config.discord.guildId,
              applicationId: config.discord.applicationId,
              apiUrl: config.discord.apiUrl,
              dispatcher,
              specs,
              symbols: config.symbols,
              logger,
            }),
          onStarted: (discord) => {
            adapters.push(discord);
            targets.discord = discord.post;
          },
          logger,
          signal: surfacesStopping.signal,
        }).then((started) => {
          if (started.status === "refused") refused.push(started.message);
        }),
      );
    }
    if (config.telegramToken !== undefined) {
      const token = config.telegramToken;
      const { startTelegram } = await import("../chat/telegram.js");
      surfaces.push(
        startSurface({
          surface: TELEGRAM_SURFACE,
          start: () =>
            startTelegram({
              token,
              ...(config.telegram.apiRoot === undefined ? {} : { apiRoot: config.telegram.apiRoot }),
              dispatcher,
              commands: specs,
              adminUserIds: config.telegram.adminUserIds,
              ...(config.telegram.webhook === undefined ? {} : { webhook: config.telegram.webhook }),
              logger,
            }),
          onStarted: (telegram) => {
            adapters.push(telegram);
            targets.telegram = telegram.post;
          },
          logger,
          signal: surfacesStopping.signal,
        }).then((started) => {
          if (started.status === "refused") refused.push(started.message);
        }),
      );
    }
    await Promise.all(surfaces);
    const configured = Number(config.discordToken !== undefined) + Number(config.telegramToken !== undefined);
    // Nothing left to answer on: end with what to do instead of idling.
    if (!interactive && refused.length === configured) throw new UserError(refused.join("\n"));
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
      await startConsole({ ...consoleOptions, interactive: true });
    } else await stopSignal();
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

/** Resolves on Ctrl+C or a service manager's stop. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** `coincast start` (npm start). */
export function registerStartCommand(program: Command, services: Services): void {
  program
    .command("start")
    .description(
      "the bot: Discord and Telegram where their tokens are set, a console on a terminal; " +
        "piped lines (echo '/forecast BTC 1d' | coincast start) are answered, then it exits",
    )
    .action(async () => {
      await startBot(services, { input: process.stdin, output: process.stdout });
    });
}
