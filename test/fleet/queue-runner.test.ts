import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { CoincastError, ConfigError, UserError } from "../../src/errors.js";
import { startHeartbeat } from "../../src/fleet/heartbeat.js";
import { createQueueRunner } from "../../src/fleet/queue-runner.js";
import { startQueueWorker } from "../../src/fleet/queue-worker.js";
import type { ForecastJobInput } from "../../src/forecast/forecast-job-input.js";
import { silentLogger } from "../../src/logger.js";
import type { WorkerPool } from "../../src/workers/worker-pool.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";

const input = (origin: number): ForecastJobInput => ({
  modelDir: "/models/1d",
  symbol: "BTC/USDT",
  steps: 1,
  candles: [{ time: origin, open: 1, high: 1, low: 1, close: 1, volume: 1 }],
});

describe.skipIf(!(await redisAvailable()))(
  "the BullMQ runner's refusals (real Redis, no worker consuming)",
  () => {
    const prefix = uniquePrefix("runner");
    const redis = new Redis(REDIS_URL);
    const runner = createQueueRunner({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      queueLimit: 2,
      timeoutMs: 1000,
      logger: silentLogger(),
    });
    afterAll(async () => {
      await runner.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    });

    it("GIVEN no worker seen in the last minute THEN a forecast is refused at once: no forecast worker is running", async () => {
      const refusal = await refusalOf(() => runner.forecast(input(1)));
      expect(refusal.message).toMatch(/No forecast worker is running/);
      expectNamedEverywhere(refusal, ["coincast worker", "REDIS_URL"]);
      expect((await runner.status()).forecast.waiting).toBe(0);
    });

    it("GIVEN a live worker that does not answer THEN the caller hears so after its timeout, and past the queue limit it is busy", async () => {
      const heartbeat = startHeartbeat({
        redis,
        prefix,
        describe: () => ({ id: "silent", backend: "cpu", concurrency: 1, startedAt: 0, jobs: 0 }),
      });
      await heartbeat.beat();
      // Wait out the 2 s liveness memo of the first test's "none".
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const first = runner.forecast(input(1));
      const second = runner.forecast(input(2));
      const joined = runner.forecast(input(1));
      // The same key again may be refused at once as busy (this replica counts its own adds) or time out
      // with the first: a UserError either way. Settled together, so an early refusal is not unhandled.
      const [a, b, c] = await Promise.allSettled([first, second, joined]);
      expect(a.status === "rejected" && String(a.reason)).toMatch(/did not answer within 1 s/);
      if (a.status === "rejected") expectNamedEverywhere(a.reason as UserError, ["1 s"]);
      expect(b.status === "rejected" && b.reason).toBeInstanceOf(UserError);
      expect(c.status === "rejected" && c.reason).toBeInstanceOf(UserError);
      const status = await runner.status();
      expect(status.forecast.waiting).toBe(2);
      expect(status.workers.map((w) => w.id)).toEqual(["silent"]);
      await expect(runner.forecast(input(3))).rejects.toThrow(/busy \(2 forecasts queued\)/);
      await heartbeat.stop();
    });
  },
);

describe.skipIf(!(await redisAvailable()))(
  "errors through BullMQ (real Redis, a queue worker whose threads fail)",
  () => {
    const prefix = uniquePrefix("errors");
    const redis = new Redis(REDIS_URL);
    const failures = new Map<string, Error>([
      ["BTC/USDT", new UserError("Coincast is busy; try again in a few seconds.", { code: "busy" })],
      [
        "ETH/USDT",
        new UserError("No candles for ETH/USDT yet.", { code: "no-candles", suggestions: ["BTC"] }),
      ],
      ["SOL/USDT", new ConfigError("TF_BACKEND=webgpu is not available", { code: "backend-unavailable" })],
    ]);
    // The worker's threads, faked: each symbol's job fails with its error; ADA's threads are busy once.
    const runs = new Map<string, number>();
    const threads = {
      run: async (_kind: string, job: { symbol: string }) => {
        const run = (runs.get(job.symbol) ?? 0) + 1;
        runs.set(job.symbol, run);
        if (job.symbol === "ADA/USDT")
          if (run === 1)
            throw new UserError("Coincast is busy; try again in a few seconds.", { code: "busy" });
          else return { answered: run };
        throw failures.get(job.symbol) ?? new RangeError("a bug");
      },
      stats: () => ({ queued: 0, running: 0, completed: 0, threads: 1, closed: false }),
      close: async () => undefined,
    } as unknown as WorkerPool;
    const worker = startQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      inference: threads,
      training: threads,
      concurrency: 1,
      backend: "cpu",
      logger: silentLogger(),
    });
    const runner = createQueueRunner({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      queueLimit: 16,
      timeoutMs: 10_000,
      logger: silentLogger(),
    });
    afterAll(async () => {
      await runner.close();
      await (await worker).close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    });

    it("GIVEN a job that throws a UserError or a ConfigError THEN the caller gets it back with its code and retryable", async () => {
      await (await worker).ready;
      const attempt = (symbol: string) =>
        runner.forecast({ ...input(1), symbol }).catch((error: unknown) => error);
      const busy = await attempt("BTC/USDT");
      expect(busy).toBeInstanceOf(UserError);
      expect(busy).toMatchObject({ code: "busy", retryable: true, message: expect.stringMatching(/busy/) });
      const noCandles = await attempt("ETH/USDT");
      expect(noCandles).toMatchObject({ code: "no-candles", retryable: false, suggestions: ["BTC"] });
      const config = await attempt("SOL/USDT");
      expect(config).toBeInstanceOf(ConfigError);
      expect(config).toMatchObject({ code: "backend-unavailable", retryable: false, name: "ConfigError" });
      // A fault is not an answer: the job fails, and the caller hears that it did.
      const bug = await attempt("XRP/USDT");
      expect(bug).not.toBeInstanceOf(CoincastError);
      expect(String(bug)).toMatch(/failed on a worker: a bug/);
    });

    it("GIVEN the worker's threads busy once THEN \"busy\" is not kept as the job's answer: the same forecast asked again runs again", async () => {
      await (await worker).ready;
      const ask = () => runner.forecast({ ...input(1), symbol: "ADA/USDT" }).catch((error: unknown) => error);
      expect(await ask()).toMatchObject({ code: "busy", retryable: true });
      expect(await ask()).toEqual({ answered: 2 });
      // An answer is kept: asked again, the job is not run a third time.
      expect(await ask()).toEqual({ answered: 2 });
      expect(runs.get("ADA/USDT")).toBe(2);
    });
  },
);
