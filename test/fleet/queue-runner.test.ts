import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { startHeartbeat } from "../../src/fleet/heartbeat.js";
import { createQueueRunner } from "../../src/fleet/queue-runner.js";
import type { ForecastJobInput } from "../../src/forecast/forecast-job-input.js";
import { silentLogger } from "../../src/logger.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

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
      await expect(runner.forecast(input(1))).rejects.toThrow(/No forecast worker is running/);
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
