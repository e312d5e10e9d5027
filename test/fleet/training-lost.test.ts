import type { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { TRAINING_LOST_MESSAGE } from "../../src/fleet/lost-job.js";
import { createQueueRunner, type QueueModelRunner } from "../../src/fleet/queue-runner.js";
import { type QueueWorker, startQueueWorker } from "../../src/fleet/queue-worker.js";
import { openRedis } from "../../src/fleet/redis.js";
import type { ChallengeInput } from "../../src/lifecycle/challenge.js";
import { silentLogger } from "../../src/logger.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";
import { type OwnRedis, ownRedis, redisServerInstalled } from "../helpers/redis-server.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";
import { fakeTrainingPool, KEPT_CHALLENGE } from "../helpers/training-pool.js";

const input = (name: string) =>
  ({
    timeframe: "4h",
    championDir: "/models/4h",
    challengerDir: `/data/models/4h/versions/${name}`,
  }) as unknown as ChallengeInput;

/** A bot's runner and a worker whose training "thread" takes `trainMs` (for ever: Infinity), on `url`. */
async function fleet(url: string, prefix: string, trainMs: number, lostJobCheckMs?: number) {
  const logger = silentLogger();
  const clients: Redis[] = [openRedis(url, logger), openRedis(url, logger)];
  let started: () => void = () => undefined;
  const trainingStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const pool = fakeTrainingPool(async () => {
    started();
    await new Promise((resolve) => {
      if (Number.isFinite(trainMs)) setTimeout(resolve, trainMs);
    });
    return KEPT_CHALLENGE;
  });
  const worker: QueueWorker = await startQueueWorker({
    redisUrl: url,
    prefix,
    redis: clients[0] as Redis,
    inference: pool,
    training: pool,
    concurrency: 1,
    backend: "cpu",
    logger,
    trainingStopMs: 300,
  });
  await worker.ready;
  const runner: QueueModelRunner = createQueueRunner({
    redisUrl: url,
    prefix,
    redis: clients[1] as Redis,
    queueLimit: 10,
    timeoutMs: 20_000,
    logger,
    ...(lostJobCheckMs === undefined ? {} : { lostJobCheckMs }),
  });
  return {
    runner,
    trainingStarted,
    async close() {
      await Promise.all([runner.close(), worker.close()]);
      for (const client of clients) client.disconnect();
    },
  };
}

/** How a training's caller ends: its answer or its error, and after how long; "still waiting" past `boundMs`. */
async function settled(outcome: Promise<unknown>, boundMs: number) {
  const from = Date.now();
  const waited = new Promise((resolve) => setTimeout(() => resolve("still waiting"), boundMs).unref());
  const ended = await Promise.race([outcome.catch((error: unknown) => error), waited]);
  return { ended, ms: Date.now() - from };
}

describe.skipIf(!redisServerInstalled())(
  "a training's caller when Redis restarts without its keys (own redis-server)",
  () => {
    let redis: OwnRedis | undefined;
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const close of closers.reverse()) await close();
      await redis?.stop();
    });

    it("GIVEN a training running on a worker WHEN Redis is killed and started again empty THEN the caller is told the queue lost it, in every language, within seconds (not after 6 h)", async () => {
      redis = await ownRedis();
      await redis.start();
      const { runner, trainingStarted, close } = await fleet(redis.url, "lost", Number.POSITIVE_INFINITY);
      closers.push(close);
      const outcome = runner.challenge(input("restart"));
      outcome.catch(() => undefined);
      await trainingStarted;

      await redis.stop();
      await redis.start();
      // The reconnection comes within 2 s (the retry strategy); the check on it, at once.
      const { ended, ms } = await settled(outcome, 15_000);
      expect(ended).toMatchObject({ code: "training-lost", message: TRAINING_LOST_MESSAGE });
      expect(ms).toBeLessThan(15_000);
      expectNamedEverywhere(await refusalOf(() => outcome), ["Redis"]);
    }, 60_000);
  },
);

describe.skipIf(!(await redisAvailable()))(
  "a training's caller when its job's keys go without a restart (real Redis)",
  () => {
    const prefixes = [uniquePrefix("lostjob"), uniquePrefix("lostjob")];
    const cleaner = openRedis(REDIS_URL, silentLogger());
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const close of closers.reverse()) await close();
      for (const prefix of prefixes) await deletePrefix(cleaner, prefix);
      cleaner.disconnect();
    });

    it("GIVEN a training that outlasts several checks THEN it is answered; GIVEN its keys deleted while it runs THEN the caller is told within a check", async () => {
      const [kept = "", evicted = ""] = prefixes;
      const slow = await fleet(REDIS_URL, kept, 1_500, 200);
      closers.push(slow.close);
      // Checked seven times while its job is there: never taken for lost.
      await expect(slow.runner.challenge(input("kept"))).resolves.toMatchObject({ decision: "keep" });

      const hung = await fleet(REDIS_URL, evicted, Number.POSITIVE_INFINITY, 200);
      closers.push(hung.close);
      const outcome = hung.runner.challenge(input("evicted"));
      outcome.catch(() => undefined);
      await hung.trainingStarted;
      // Evicted, flushed by hand, or a failover to a replica that lacked them: the job is gone, no event comes.
      await deletePrefix(cleaner, evicted);
      const { ended, ms } = await settled(outcome, 5_000);
      expect(ended).toMatchObject({ code: "training-lost" });
      expect(ms).toBeLessThan(5_000);
    }, 60_000);
  },
);
