import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createQueueRunner } from "../../src/fleet/queue-runner.js";
import { startQueueWorker } from "../../src/fleet/queue-worker.js";
import type { ChallengeInput } from "../../src/lifecycle/challenge.js";
import { silentLogger } from "../../src/logger.js";
import type { WorkerPool } from "../../src/workers/worker-pool.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";
import { fakeTrainingPool, KEPT_CHALLENGE } from "../helpers/training-pool.js";

/** A training "thread" that answers a kept challenge, or never (`hang`); it tells `onStart` of each input. */
const trainingPool = (hang: boolean, onStart: (input: ChallengeInput) => void): WorkerPool =>
  fakeTrainingPool(async (input) => {
    onStart(input);
    if (hang) await new Promise(() => undefined);
    return KEPT_CHALLENGE;
  });

describe.skipIf(!(await redisAvailable()))("a worker stopping during a training (real Redis)", () => {
  const prefix = uniquePrefix("trainstop");
  const redis = new Redis(REDIS_URL);
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const worker = (hang: boolean, onStart: (input: ChallengeInput) => void) =>
    startQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      inference: trainingPool(false, () => undefined),
      training: trainingPool(hang, onStart),
      concurrency: 1,
      backend: "cpu",
      logger: silentLogger(),
      trainingStopMs: 300,
    });

  it("GIVEN a training that outlasts the stop's bound THEN close() ends and the job goes back to the queue, where another worker finishes it", async () => {
    let started: () => void = () => undefined;
    const startedOnA = new Promise<void>((resolve) => {
      started = resolve;
    });
    const a = await worker(true, () => started());
    // Its first heartbeat: the runner queues a training only while a worker is alive.
    await a.ready;
    const runner = createQueueRunner({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      queueLimit: 10,
      timeoutMs: 40_000,
      logger: silentLogger(),
    });
    closers.push(() => runner.close());
    const input = {
      timeframe: "1d",
      championDir: "/models/1d",
      challengerDir: "/data/models/1d/versions/x",
    } as unknown as ChallengeInput;
    const outcome = runner.challenge(input, () => undefined);
    await startedOnA;
    // Before, close() waited for the training for as long as it ran: here, for ever.
    await a.close();

    const seenByB: ChallengeInput[] = [];
    const b = await worker(false, (asked) => seenByB.push(asked));
    closers.push(() => b.close());
    await expect(outcome).resolves.toMatchObject({ decision: "keep" });
    expect(seenByB).toHaveLength(1);
  }, 90_000);
});
