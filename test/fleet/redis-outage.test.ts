import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { createChampionEvents } from "../../src/fleet/champion-events.js";
import { openRedis } from "../../src/fleet/redis.js";
import { QUEUE_UNREACHABLE_MESSAGE } from "../../src/fleet/redis-health.js";
import { silentLogger } from "../../src/logger.js";
import { createServices, type Services } from "../../src/main.js";
import { freePort, runCoincast } from "../helpers/processes.js";
import { type OwnRedis, ownRedis, redisServerInstalled } from "../helpers/redis-server.js";

const installed = redisServerInstalled();
if (!installed)
  console.warn("redis-outage.test.ts: outage scenarios skipped, no redis-server to start and stop");

/** The real bin with REDIS_URL where nothing listens; resolves with what it wrote and how long it took. */
function coincast(args: string[], env: Record<string, string>, stdin?: string) {
  return runCoincast(args, env, { ...(stdin === undefined ? {} : { stdin }), timeoutMs: 120_000 });
}

describe("REDIS_URL set and no Redis answering (real processes)", () => {
  it("GIVEN start (role all) THEN /help, /faq and /model are answered, a forecast comes from its own threads, and it ends", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const { code, stdout, stderr } = await coincast(
      ["start"],
      { REDIS_URL: url },
      "/help\n/faq\n/model\n/forecast BTC 1d\n",
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/\/forecast/); // /help lists the commands
    expect(stdout).toMatch(/^The models/m);
    expect(stdout).toContain(QUEUE_UNREACHABLE_MESSAGE); // /model's fleet line, for the console's admin
    expect(stdout).toMatch(/^BTC\/USDT forecast, 1d ahead$/m);
  }, 150_000);

  it("GIVEN start --role bot THEN /help is answered and a forecast is told the queue is unreachable", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const { code, stdout, stderr } = await coincast(
      ["start", "--role", "bot"],
      { REDIS_URL: url },
      "/help\n/forecast BTC 1d\n",
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/\/forecast/);
    expect(stdout).toContain(QUEUE_UNREACHABLE_MESSAGE);
    expect(stdout).not.toMatch(/Something went wrong|MaxRetriesPerRequest/);
  }, 150_000);

  it("GIVEN `coincast status` and `coincast forecast` THEN each ends with the message naming REDIS_URL without its password, exit 2, well within FORECAST_TIMEOUT_MS", async () => {
    const port = await freePort();
    const env = { REDIS_URL: `redis://coincast:hunter2@127.0.0.1:${port}/0`, FORECAST_TIMEOUT_MS: "30000" };
    const [status, forecast] = await Promise.all([
      coincast(["status"], env),
      coincast(["forecast", "BTC", "1d"], env),
    ]);
    for (const result of [status, forecast]) {
      expect(result.stderr).toContain(QUEUE_UNREACHABLE_MESSAGE);
      expect(result.stderr).toContain(`No Redis answered at REDIS_URL=redis://127.0.0.1:${port}/0`);
      expect(result.stderr).not.toMatch(/hunter2/);
      expect(result.code).toBe(2);
      // Start-up (tsx) included; the refusal itself comes within FIRST_CONNECT_WAIT_MS (3 s).
      expect(result.ms).toBeLessThan(30_000);
    }
  }, 150_000);
});

describe.skipIf(!installed)("a Redis outage and its end, without a restart (own redis-server)", () => {
  let redis: OwnRedis;
  /** `coincast start` (role all): a queue worker on its own threads and the forecast service. */
  let all: Services;
  /** `coincast start --role bot`: the forecast service only, model work to the queue. */
  let bot: Services;

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    const config = (label: string) =>
      createConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), `coincast-outage-${label}-`)),
        REDIS_URL: redis.url,
        QUEUE_PREFIX: "outage",
        LOG_LEVEL: "silent",
        EXCHANGE_API_URL: "http://127.0.0.1:9",
        FORECAST_TIMEOUT_MS: "20000",
      });
    all = createServices(config("all"), silentLogger());
    bot = createServices(config("bot"), silentLogger());
    await (await all.startQueueWorker()).ready;
  }, 120_000);

  afterAll(async () => {
    try {
      await redis?.start();
      await Promise.all([bot?.close(), all?.close()]);
    } finally {
      await redis?.stop();
    }
  });

  it("GIVEN Redis killed THEN the bot is told at once that the queue is unreachable, and role all answers from its own threads", async () => {
    const [allService, botService] = await Promise.all([all.forecastService(), bot.forecastService()]);
    expect((await botService.forecast("BTC", "1d")).symbol).toBe("BTC/USDT");
    expect((await allService.forecast("ETH", "1d")).symbol).toBe("ETH/USDT");

    await redis.stop();
    const asked = Date.now();
    const refused = await botService.forecast("XRP", "1d").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: "queue-unreachable", message: QUEUE_UNREACHABLE_MESSAGE });
    expect(Date.now() - asked).toBeLessThan(3_000);
    await expect((await bot.fleet())?.status()).rejects.toMatchObject({ code: "queue-unreachable" });
    expect((await allService.forecast("XRP", "1d")).symbol).toBe("XRP/USDT");
  }, 120_000);

  it("GIVEN Redis started again without its keys THEN role all's first forecast is answered (issue 24 item 8), and the bot serves again within 15 s, no restart", async () => {
    const [allService, botService] = await Promise.all([all.forecastService(), bot.forecastService()]);
    // Back, with none of its keys (no persistence): no heartbeat, no queue. Past the 2 s reconnect.
    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // Not "No forecast worker is running", though this process runs its own.
    expect((await allService.forecast("BTC", "4h")).symbol).toBe("BTC/USDT");
    const deadline = Date.now() + 15_000;
    let answered: unknown;
    while (Date.now() < deadline) {
      answered = await botService.forecast("ETH", "4h").catch((error: unknown) => error);
      if (!(answered instanceof Error)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answered).toMatchObject({ symbol: "ETH/USDT" });
    const status = await (await bot.fleet())?.status();
    expect(status?.workers).toHaveLength(1);
  }, 120_000);
});

describe.skipIf(!installed)("champion changes heard after an outage at start (own redis-server)", () => {
  let redis: OwnRedis | undefined;
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  it("GIVEN Redis down when a replica first subscribes THEN once Redis is up it hears a promotion, no restart", async () => {
    redis = await ownRedis();
    const logger = silentLogger();
    // A replica's client while nothing listens: the first SUBSCRIBE cannot get through.
    const replica = openRedis(redis.url, logger);
    clients.push(replica);
    const events = createChampionEvents(replica, "outage-champion", logger);
    const heard: string[] = [];
    events.subscribe((timeframe) => void heard.push(timeframe));
    // Past the main client's two retries (0.2 s, 0.4 s) and a connect timeout: the old subscribe had failed.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await redis.start();
    // Another process promotes, repeatedly until heard: the replica's reconnection takes up to 2 s.
    const publisher = openRedis(redis.url, logger);
    clients.push(publisher);
    const other = createChampionEvents(publisher, "outage-champion", logger);
    const deadline = Date.now() + 10_000;
    while (heard.length === 0 && Date.now() < deadline) {
      await other.publish("1d");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(heard[0]).toBe("1d");
    await events.close();
    await other.close();
  }, 30_000);
});
