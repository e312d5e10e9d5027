import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach } from "vitest";
import { createConfig } from "../../src/config.js";
import { createServices, startBot } from "../../src/main.js";
import { captureLogger } from "../helpers/capture-logger.js";
import type { FakeDiscord } from "../helpers/fake-discord.js";

/**
 * How long a step of the whole bot may take: generous, because on a loaded 2-core machine loading
 * discord.js, TensorFlow.js and the model in a fresh worker can take tens of seconds. Not a speed claim.
 */
export const E2E_WAIT_MS = 90_000;

/** A PNG file's first eight bytes. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Runs the whole bot as `npm start` does (the composition root's startBot, the real services, the shipped
 * data and models, worker threads) with the environment `env` adds, in a fresh data directory, with no
 * terminal and an exchange nobody answers. `stop()` ends it as SIGTERM would and resolves once startBot
 * has returned and every service is closed: what a clean shutdown means.
 */
export async function startWholeBot(env: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), "coincast-e2e-"));
  const log = captureLogger();
  const config = createConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    EXCHANGE_API_URL: "http://127.0.0.1:9",
    RETRAIN_CRON: "off",
    ...env,
  });
  const services = createServices(config, log.logger);
  const stopping = new AbortController();
  const running = startBot(services, {
    input: new PassThrough(),
    output: new PassThrough(),
    signal: stopping.signal,
  });
  return {
    log,
    running,
    stop: async () => {
      stopping.abort();
      try {
        await running;
      } finally {
        await services.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

type WholeBot = Awaited<ReturnType<typeof startWholeBot>>;

/**
 * What a whole-bot test starts, stopped after each test whether it passed or not: the bot first (as SIGTERM
 * would), then the fakes it talked to. `fake` registers a fake and hands it back; `stopBot` ends the bot
 * within the test, for a test of the shutdown itself.
 */
export function wholeBotStage() {
  let bot: WholeBot | undefined;
  const fakes: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    const running = bot;
    bot = undefined;
    await running?.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });
  return {
    fake<T extends { close(): Promise<void> }>(started: T): T {
      fakes.push(started);
      return started;
    },
    async startBot(env: Record<string, string>): Promise<WholeBot> {
      bot = await startWholeBot(env);
      return bot;
    },
    async stopBot(): Promise<void> {
      const running = bot;
      bot = undefined;
      await running?.stop();
    },
  };
}

/** The environment that points the bot at a fake Discord accepting `token`. */
export function discordEnv(discord: FakeDiscord, token: string): Record<string, string> {
  return {
    DISCORD_TOKEN: token,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.guildId,
    DISCORD_APPLICATION_ID: discord.applicationId,
  };
}
