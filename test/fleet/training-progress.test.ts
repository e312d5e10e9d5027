import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { describeRetrainStatus } from "../../commands/retrain.js";
import { createQueueRunner } from "../../src/fleet/queue-runner.js";
import { startQueueWorker } from "../../src/fleet/queue-worker.js";
import type { ChallengeInput, ChallengeProgress } from "../../src/lifecycle/challenge.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { createRetrainer, type RetrainStatus } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import type { WorkerPool } from "../../src/workers/worker-pool.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";
import { fakeTrainingPool, KEPT_CHALLENGE } from "../helpers/training-pool.js";

/** What the training thread reports, epoch by epoch, then while scoring. */
const REPORTS: ChallengeProgress[] = [1, 2, 3].map((epoch) => ({
  phase: "training",
  fraction: epoch / 4,
  train: {
    model: "cnn-gru",
    epoch,
    epochs: 3,
    loss: 0.5 / epoch,
    valLoss: 0.6 / epoch,
    etaMs: (3 - epoch) * 60_000,
  },
}));
REPORTS.push({ phase: "scoring", fraction: 0.9 });

/** A pool whose training "thread" reports REPORTS and answers a kept challenge; forecasts are never asked here. */
const trainingPool = (seen: ChallengeInput[]): WorkerPool =>
  fakeTrainingPool(async (input, onProgress) => {
    seen.push(input);
    for (const report of REPORTS) onProgress?.(report);
    return KEPT_CHALLENGE;
  });

describe.skipIf(!(await redisAvailable()))("training progress through the queue (real Redis)", () => {
  const prefix = uniquePrefix("progress");
  const redis = new Redis(REDIS_URL);
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it("GIVEN a retrain run by a queue worker THEN the bot's progress callback hears every epoch and the scoring, as the chat's progress line shows them", async () => {
    const seen: ChallengeInput[] = [];
    const worker = await startQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      inference: trainingPool([]),
      training: trainingPool(seen),
      concurrency: 1,
      backend: "cpu",
      logger: silentLogger(),
    });
    closers.push(() => worker.close());
    const runner = createQueueRunner({
      redisUrl: REDIS_URL,
      prefix,
      redis,
      queueLimit: 10,
      // Not a test of the timeout: a full suite on two cores once left this job unanswered within 10 s.
      timeoutMs: 40_000,
      logger: silentLogger(),
    });
    closers.push(() => runner.close());
    const champion = {
      id: "shipped",
      dir: "/models/1d",
      meta: handMadeMeta({ symbols: ["BTC/USDT"] }),
    } as ModelVersionInfo;
    const retrainer = createRetrainer({
      registry: {
        champion: async () => champion,
        stage: async () => ({
          id: "20260121T030000Z-a1b2",
          dir: "/data/models/1d/versions/20260121T030000Z-a1b2",
        }),
        promote: async () => true,
        discard: async () => undefined,
        rollback: async () => champion,
      },
      runner,
      series: { get: async () => ({ candles: [] }) },
      symbols: ["BTC/USDT"],
      holdoutDays: 30,
      logger: silentLogger(),
    });

    const statuses: RetrainStatus[] = [];
    const outcomes = await retrainer.retrain({ timeframe: "1d" }, (status) => statuses.push(status));

    // The outcome first: a failed retrain's reason shows in the assertion's message.
    expect(outcomes).toMatchObject([{ decision: "keep" }]);
    expect(seen.map((input) => input.challengerDir)).toEqual([
      "/data/models/1d/versions/20260121T030000Z-a1b2",
    ]);
    expect(statuses.map((s) => [s.phase, s.fraction, s.epoch?.epoch])).toEqual([
      ["training", 0.25, 1],
      ["training", 0.5, 2],
      ["training", 0.75, 3],
      ["scoring", 0.9, undefined],
    ]);
    expect(describeRetrainStatus(statuses[1] as RetrainStatus)).toBe(
      "training the 1d model, 50% done (epoch 2/3, loss 0.2500, val 0.3000, ETA 1m 00s)",
    );
  }, 90_000);
});
