import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { liveWorkers } from "../../src/fleet/heartbeat.js";
import { FORECAST_QUEUE } from "../../src/fleet/queue-jobs.js";
import { bullConnection } from "../../src/fleet/redis.js";
import { silentLogger } from "../../src/logger.js";
import { createServices, type Services } from "../../src/main.js";
import { type Child, startChild } from "../helpers/processes.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

const WORKER = fileURLToPath(new URL("../helpers/fleet-worker.ts", import.meta.url));
/** What a caller waits for its answer here: less than BullMQ's default 30 s lock alone. */
const CALLER_TIMEOUT_MS = 20_000;

const redisUp = await redisAvailable();
if (!redisUp) console.warn("stalled-job.test.ts skipped: no Redis answers on 127.0.0.1:6379");

describe.skipIf(!redisUp)(
  "a forecast job held by a worker killed with -9 (real Redis and worker processes)",
  () => {
    const prefix = uniquePrefix("stalled");
    const redis = new Redis(REDIS_URL);
    const children: Child[] = [];
    let bot: Services | undefined;
    let events: QueueEvents | undefined;
    const env = () => ({
      DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-stalled-")),
      LOG_LEVEL: "warn",
      EXCHANGE_API_URL: "http://127.0.0.1:9",
      REDIS_URL,
      QUEUE_PREFIX: prefix,
    });

    afterAll(async () => {
      await Promise.all(children.map((child) => child.stop()));
      await bot?.close();
      await events?.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    });

    it("GIVEN the shipped lock and stalled check THEN another worker takes the job over within 10 s and every waiting caller gets the answer", async () => {
      // Both workers run startQueueWorker with its defaults: the held one takes a job and never finishes it;
      // the rescuer loads its model first and takes jobs only once told, after the kill.
      const held = startChild(WORKER, ["--hold"], env());
      const rescuer = startChild(WORKER, ["--standby"], env());
      children.push(held, rescuer);
      await Promise.all([held.ready, rescuer.ready]);
      const deadline = Date.now() + 60_000;
      while ((await liveWorkers(redis, prefix)).length === 0) {
        if (Date.now() > deadline) throw new Error(`the held worker never beat: ${held.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      events = new QueueEvents(FORECAST_QUEUE, { connection: bullConnection(REDIS_URL), prefix });
      await events.waitUntilReady();
      const active: string[] = [];
      events.on("active", ({ jobId }) => active.push(jobId));

      bot = createServices(
        createConfig({ ...env(), LOG_LEVEL: "silent", FORECAST_TIMEOUT_MS: String(CALLER_TIMEOUT_MS) }),
        silentLogger(),
      );
      const service = await bot.forecastService();
      const callers = Array.from({ length: 3 }, () => service.forecast("ETH", "1d"));
      const settled = Promise.allSettled(callers);
      while (active.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      held.process.kill("SIGKILL");
      const killedAt = Date.now();
      rescuer.process.send({ go: true });
      const results = await settled;
      const waited = Date.now() - killedAt;

      const failures = results.filter((r) => r.status === "rejected").map((r) => String(r.reason));
      expect(failures, rescuer.stderr).toEqual([]);
      const medians = results.map((r) => (r.status === "fulfilled" ? r.value.median : Number.NaN));
      expect(new Set(medians).size).toBe(1);
      // The job ran twice (the killed worker's attempt, then the rescuer's) and answered all three callers.
      expect(active).toHaveLength(2);
      expect(waited).toBeLessThan(10_000);
      console.info(`stalled job taken over and answered ${waited} ms after the kill`);
    }, 120_000);
  },
);
