import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { createServices, type Services, startBot } from "../../src/main.js";
import { opsGet, readiness } from "../helpers/ops-http.js";
import { BIN, type Child, freePort, startChild } from "../helpers/processes.js";
import { type Exposition, parseExposition, sampleValue } from "../helpers/prometheus.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

async function metrics(port: number): Promise<Exposition> {
  const { status, type, body } = await opsGet(port, "/metrics");
  expect(status).toBe(200);
  expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(body);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const withRedis = await redisAvailable();
if (!withRedis) console.warn("health-endpoints: no Redis on 127.0.0.1:6379, the fleet test is skipped");

describe.skipIf(!withRedis)(
  "the operations endpoints of a bot replica and a fleet worker (real Redis)",
  () => {
    const prefix = uniquePrefix("ops");
    let redis: Redis;
    let worker: Child | undefined;
    let workerPort: number;
    let botPort: number;
    let services: Services;
    const input = new PassThrough();
    const output = new PassThrough();
    let said = "";
    let bot: Promise<void>;
    const env = () => ({
      DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-ops-")),
      LOG_LEVEL: "warn",
      EXCHANGE_API_URL: "http://127.0.0.1:9",
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      FORECAST_TIMEOUT_MS: "180000",
    });
    /** Asks the bot's piped console, and waits for the reply's headline. */
    const ask = async (line: string, reply: RegExp) => {
      const before = said.length;
      input.write(`${line}\n`);
      await until(`a reply to ${line}`, async () => (reply.test(said.slice(before)) ? true : undefined));
    };

    beforeAll(async () => {
      redis = new Redis(REDIS_URL);
      [workerPort, botPort] = [await freePort(), await freePort()];
      worker = startChild(BIN, ["worker"], {
        ...env(),
        HTTP_PORT: String(workerPort),
        COINCAST_QUIET_SOURCE_RUN: "1",
      });
      output.on("data", (chunk: Buffer) => {
        said += chunk.toString("utf8");
      });
      services = createServices(createConfig({ ...env(), HTTP_PORT: String(botPort) }), silentLogger());
      bot = startBot(services, { input, output }, "bot");
    });

    afterAll(async () => {
      input.end();
      await bot?.catch(() => undefined);
      await services?.close();
      await worker?.stop();
      if (redis !== undefined) {
        await deletePrefix(redis, prefix);
        await redis.quit();
      }
    });

    it("GIVEN both roles with HTTP_PORT THEN /healthz answers 200 and /readyz is ready with every check ok", async () => {
      for (const [port, role] of [
        [workerPort, "worker"],
        [botPort, "bot"],
      ] as const) {
        const health = await until(`${role} /healthz`, () => opsGet(port, "/healthz"));
        expect(health.status).toBe(200);
        expect(JSON.parse(health.body)).toMatchObject({ status: "ok", role });
        // The bot is ready once the worker's first heartbeat is in Redis; the worker once it takes jobs.
        const ready = await until(`${role} ready`, async () => {
          const report = await readiness(port);
          return report.ready ? report : undefined;
        });
        expect(ready.status).toBe(200);
        for (const check of Object.values(ready.checks)) expect(check).toEqual({ ok: true });
      }
      expect(Object.keys((await readiness(botPort)).checks).sort()).toEqual([
        "process",
        "stores",
        "surfaces",
        "worker",
      ]);
    });

    it("GIVEN a forecast asked of the bot THEN its counter and latency histogram move, the cache counts a miss and the worker times the job", async () => {
      // The shipped history is a year old here, so the forecast made from it is counted "stale".
      const outcome = "stale";
      const labels = { symbol: "BTC/USDT", horizon: "1d", outcome };
      const before = await metrics(botPort);
      expect(before.types.get("coincast_forecasts_total")).toBe("counter");
      expect(before.types.get("coincast_forecast_duration_seconds")).toBe("histogram");
      await ask("/forecast BTC 1d", /BTC\/USDT forecast, 1d ahead/);

      const after = await metrics(botPort);
      expect(
        sampleValue(after, "coincast_forecasts_total", labels) -
          sampleValue(before, "coincast_forecasts_total", labels),
      ).toBe(1);
      const count = (e: Exposition) =>
        sampleValue(e, "coincast_forecast_duration_seconds_count", { outcome });
      expect(count(after) - count(before)).toBe(1);
      const sum = sampleValue(after, "coincast_forecast_duration_seconds_sum", { outcome });
      expect(sum).toBeGreaterThan(0);
      // The +Inf bucket holds every observation; a finite bucket at least as large as the sum holds this one.
      expect(sampleValue(after, "coincast_forecast_duration_seconds_bucket", { outcome, le: "+Inf" })).toBe(
        count(after),
      );
      expect(
        sampleValue(after, "coincast_cache_lookups_total", { cache: "forecast", result: "miss" }),
      ).toBeGreaterThanOrEqual(1);
      // Scrape-time state: the worker's heartbeat with its back-end, the queues, the serving model.
      const beats = after.samples.filter((s) => s.name === "coincast_worker_last_heartbeat_seconds");
      expect(beats).toHaveLength(1);
      expect(beats[0]?.labels.backend).toMatch(/^(tensorflow-gpu|tensorflow|wasm|cpu)$/);
      expect(Math.abs((beats[0]?.value ?? 0) - Date.now() / 1000)).toBeLessThan(60);
      expect(sampleValue(after, "coincast_queue_jobs", { queue: "forecast", state: "waiting" })).toBe(0);
      expect(
        after.samples
          .filter((s) => s.name === "coincast_model_info")
          .map((s) => s.labels.timeframe)
          .sort(),
      ).toEqual(["1d", "4h"]);

      const onWorker = await metrics(workerPort);
      expect(
        sampleValue(onWorker, "coincast_job_duration_seconds_count", { job: "forecast", outcome: "ok" }),
      ).toBe(1);

      // The same forecast again comes from the cache (counted "stale" still: its data are; a cache hit).
      await ask("/forecast BTC 1d", /BTC\/USDT forecast, 1d ahead/);
      const again = await metrics(botPort);
      expect(
        sampleValue(again, "coincast_forecasts_total", labels) -
          sampleValue(after, "coincast_forecasts_total", labels),
      ).toBe(1);
      expect(
        sampleValue(again, "coincast_cache_lookups_total", { cache: "forecast", result: "hit" }),
      ).toBeGreaterThanOrEqual(1);
    });

    it("GIVEN the worker is stopped THEN the bot's /readyz answers 503, naming the missing worker", async () => {
      await worker?.stop();
      const report = await until(
        "the bot not ready",
        async () => {
          const found = await readiness(botPort);
          return found.ready ? undefined : found;
        },
        10_000,
      );
      expect(report.status).toBe(503);
      expect(report.checks.worker?.reason).toMatch(/no forecast worker has sent a heartbeat/);
      expect(report.checks.stores).toEqual({ ok: true });
      // Alive, though: an orchestrator must not restart a bot for a missing worker.
      expect((await opsGet(botPort, "/healthz")).status).toBe(200);
    });
  },
);
