import { type Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { UserError } from "../errors.js";
import type { ModelRunner } from "../forecast/runner.js";
import type { ChallengeOutput } from "../lifecycle/challenge.js";
import type { Logger } from "../logger.js";
import { busyError, deserializeError } from "../workers/worker-pool.js";
import { packCandles } from "./candle-codec.js";
import { fleetStores, liveWorkers, type WorkerBeat } from "./heartbeat.js";
import { type JobWatch, LOST_JOB_CHECK_MS, watchJobKey } from "./lost-job.js";
import {
  type ChartQueueOutput,
  challengeJobId,
  chartJobId,
  FORECAST_QUEUE,
  forecastJobId,
  type QueuedChart,
  type QueuedForecast,
  type QueueResult,
  retryableRefusal,
  TRAINING_QUEUE,
} from "./queue-jobs.js";
import { bullConnection, bullProducerConnection } from "./redis.js";
import {
  closeWithin,
  isConnectionError,
  outageLogger,
  queueUnreachable,
  redisHealth,
} from "./redis-health.js";

export interface QueueRunnerOptions {
  redisUrl: string;
  /** BullMQ key prefix (QUEUE_PREFIX): fleets sharing one Redis keep apart by it. */
  prefix: string;
  /** Plain client for the worker heartbeats; its connection tells whether Redis answers (redis-health.ts). */
  redis: Redis;
  /** Waiting forecast jobs past which a new one is refused as "busy". */
  queueLimit: number;
  /** How long a caller waits for a forecast or chart job's answer. */
  timeoutMs: number;
  /** How often a caller waiting for a training checks its job is still in Redis (default LOST_JOB_CHECK_MS). */
  lostJobCheckMs?: number;
  logger: Logger;
}

/** The fleet as a bot sees it: live workers, the queues' depth, and the stores the bots write. */
export interface FleetStatus {
  workers: WorkerBeat[];
  /** Distinct subscription stores the live bot replicas announce (store-split.ts): more than 1 is a split. */
  stores: number;
  forecast: { waiting: number; active: number };
  training: { waiting: number; active: number };
}

/** ModelRunner over BullMQ: what a bot replica uses instead of its own worker threads. */
export interface QueueModelRunner extends ModelRunner {
  status(): Promise<FleetStatus>;
  close(): Promise<void>;
}

/** How long a finished forecast stays in Redis for latecomers of the same key (the cache holds it longer). */
const KEEP_COMPLETED_S = 3600;
/** Liveness is asked at most this often: a burst of requests costs one SCAN. */
const LIVENESS_TTL_MS = 2000;
/** How long a read of the queue's depth serves admissions (see waitingCount). */
const WAITING_TTL_MS = 250;
/** A training job may sit a long time behind another; its caller waits for it this long at most. */
const TRAINING_TIMEOUT_MS = 6 * 3600_000;
/**
 * Admitting and adding a job takes a few round trips; past this the queue is called unreachable (a Queue
 * whose first connection is still being retried would otherwise hold the caller until it is made).
 */
const ADD_DEADLINE_MS = 5_000;

export const NO_WORKER_MESSAGE =
  "No forecast worker is running. An admin starts one with `coincast worker` (it needs the same REDIS_URL).";

/**
 * Enqueues model work and awaits its answer. Job ids are forecast keys (see forecastJobId), so however
 * many replicas ask for one key at once, one model run answers all of them. Refuses at once, with a
 * UserError, when no worker has beaten in the last minute or the queue is past its limit; a job not
 * answered within `timeoutMs` is a UserError too (the job itself goes on and fills the cache). While Redis
 * cannot be reached, every call fails at once with the queue-unreachable UserError, and works again as
 * soon as the connections are back (ioredis reconnects on its own).
 */
export function createQueueRunner(options: QueueRunnerOptions): QueueModelRunner {
  const { prefix, logger, timeoutMs, queueLimit } = options;
  // Set by close(): a connection then still retrying (Redis away) ends at its next attempt, within 2 s.
  let closing = false;
  const stopped = () => closing;
  const connection = bullConnection(options.redisUrl, stopped);
  const producer = bullProducerConnection(options.redisUrl, stopped);
  const health = redisHealth(options.redis);
  const inference = new Queue(FORECAST_QUEUE, { connection: producer, prefix });
  const training = new Queue(TRAINING_QUEUE, { connection: producer, prefix });
  const inferenceEvents = new QueueEvents(FORECAST_QUEUE, { connection, prefix });
  const trainingEvents = new QueueEvents(TRAINING_QUEUE, { connection, prefix });
  // Every caller waiting on a job listens on the queue and its events: hundreds at once are expected.
  for (const emitter of [inference, training, inferenceEvents, trainingEvents]) emitter.setMaxListeners(0);
  const onError = outageLogger(health, logger, "queue connection error");
  for (const queue of [inference, training]) queue.on("error", onError);
  for (const events of [inferenceEvents, trainingEvents]) events.on("error", onError);
  let live: { at: number; workers: Promise<WorkerBeat[]> } | undefined;

  /**
   * Runs Redis work for a caller: refused at once while Redis is known to be away, cut short when the
   * connection is lost meanwhile or `deadlineMs` passes, and a lost connection is told as such.
   */
  const viaRedis = async <T>(run: () => Promise<T>, deadlineMs?: number): Promise<T> => {
    await health.whenUp();
    let off = () => {};
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          off = health.onChange((up) => {
            if (!up) reject(queueUnreachable());
          });
          if (deadlineMs !== undefined) timer = setTimeout(() => reject(queueUnreachable()), deadlineMs);
        }),
      ]);
    } catch (error) {
      throw isConnectionError(error) ? queueUnreachable(error) : error;
    } finally {
      off();
      clearTimeout(timer);
    }
  };

  const workers = () => {
    const now = Date.now();
    if (live === undefined || now - live.at > LIVENESS_TTL_MS) {
      live = { at: now, workers: liveWorkers(options.redis, prefix) };
      live.workers.catch(() => {
        live = undefined;
      });
    }
    return live.workers;
  };

  const waitingCount = waitingCounter(inference, queueLimit);

  const admit = async (jobId: string) => {
    if ((await workers()).length === 0) throw new UserError(NO_WORKER_MESSAGE, { code: "no-worker" });
    const waiting = await waitingCount(jobId);
    if (waiting >= queueLimit) throw busyError(waiting);
  };

  const addInference = async (name: string, data: unknown, jobId: string) => {
    await admit(jobId);
    return inference.add(name, data, {
      jobId,
      removeOnComplete: { age: KEEP_COMPLETED_S, count: 10_000 },
      // A failed run is forgotten at once, so the next request for its key runs it again.
      removeOnFail: true,
    });
  };

  return {
    async forecast(input) {
      const data: QueuedForecast = { ...input, candles: packCandles(input.candles) };
      const job = await viaRedis(() => addInference("forecast", data, forecastJobId(input)), ADD_DEADLINE_MS);
      return viaRedis(() => awaitResult(job, inferenceEvents, timeoutMs, "forecast"));
    },
    async chart(input) {
      const data: QueuedChart = { ...input, history: packCandles(input.history) };
      const job = await viaRedis(() => addInference("chart", data, chartJobId(input)), ADD_DEADLINE_MS);
      const { pngBase64 } = await viaRedis(() =>
        awaitResult<ChartQueueOutput>(job, inferenceEvents, timeoutMs, "chart"),
      );
      return { png: Buffer.from(pngBase64, "base64") };
    },
    async challenge(input, onProgress) {
      const found = await viaRedis(() => workers(), ADD_DEADLINE_MS);
      if (found.length === 0) throw new UserError(NO_WORKER_MESSAGE, { code: "no-worker" });
      const jobId = challengeJobId(input);
      const onJobProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
        if (id !== jobId) return;
        try {
          onProgress?.(data as never);
        } catch (error) {
          logger.warn({ err: error }, "onProgress threw");
        }
      };
      trainingEvents.on("progress", onJobProgress);
      let watch: JobWatch | undefined;
      try {
        const job = await viaRedis(
          () =>
            training.add("challenge", input, {
              jobId,
              removeOnComplete: { age: KEEP_COMPLETED_S },
              removeOnFail: { age: KEEP_COMPLETED_S },
            }),
          ADD_DEADLINE_MS,
        );
        // Hours of waiting, so not cut short by an outage (the training goes on meanwhile), but told once
        // Redis comes back without the job rather than left waiting for an answer that cannot come.
        watch = watchJobKey(
          options.redis,
          health,
          training.toKey(jobId),
          options.lostJobCheckMs ?? LOST_JOB_CHECK_MS,
        );
        return await Promise.race([
          awaitResult<ChallengeOutput>(job, trainingEvents, TRAINING_TIMEOUT_MS, "training"),
          watch.lost,
        ]);
      } finally {
        watch?.stop();
        trainingEvents.off("progress", onJobProgress);
      }
    },
    async status() {
      const [found, f, t, stores] = await viaRedis(
        () =>
          Promise.all([
            liveWorkers(options.redis, prefix),
            inference.getJobCounts("waiting", "prioritized", "active"),
            training.getJobCounts("waiting", "prioritized", "active"),
            fleetStores(options.redis, prefix),
          ]),
        ADD_DEADLINE_MS,
      );
      const depth = (c: Record<string, number>) => ({
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
      });
      return { workers: found, stores, forecast: depth(f), training: depth(t) };
    },
    async close() {
      closing = true;
      await closeWithin(
        health,
        Promise.all([inferenceEvents.close(), trainingEvents.close()]).then(() =>
          Promise.all([inference.close(), training.close()]),
        ),
      );
    },
  };
}

/**
 * The forecast queue's depth for admitting job `jobId`, asked at most every WAITING_TTL_MS and counted up by
 * this replica's adds meanwhile: one round trip less per forecast (part of the queue hop's latency), and a
 * burst of a thousand requests asks Redis once instead of a thousand times, while still refusing past the
 * limit. Counted by job id, so that many callers of one key (which share one job) count once.
 */
function waitingCounter(queue: Queue, queueLimit: number): (jobId: string) => Promise<number> {
  let depth: { at: number; count: Promise<number>; added: Set<string> } | undefined;
  return async (jobId) => {
    const now = Date.now();
    if (depth === undefined || now - depth.at > WAITING_TTL_MS) {
      const fresh = { at: now, count: queue.getWaitingCount(), added: new Set<string>() };
      depth = fresh;
      fresh.count.catch(() => {
        if (depth === fresh) depth = undefined;
      });
    }
    const memo = depth;
    const waiting = (await memo.count) + memo.added.size - (memo.added.has(jobId) ? 1 : 0);
    if (waiting < queueLimit) memo.added.add(jobId);
    return waiting;
  };
}

/**
 * A queued job's answer, waited for at most `ttl` ms: its output, or its error rebuilt (a UserError stays
 * one); a wait that times out is a UserError, a lost connection is rethrown as it is (see viaRedis).
 */
async function awaitResult<T>(job: Job, events: QueueEvents, ttl: number, what: string): Promise<T> {
  let result: QueueResult<T>;
  try {
    result = (await job.waitUntilFinished(events, ttl)) as QueueResult<T>;
  } catch (error) {
    if (isConnectionError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const refusal = retryableRefusal(message);
    if (refusal !== undefined) throw deserializeError(refusal);
    if (/timed out before finishing/.test(message)) {
      const seconds = Math.round(ttl / 1000);
      throw new UserError(`The forecast workers did not answer within ${seconds} s; try again shortly.`, {
        code: "worker-timeout",
        params: { seconds },
        cause: error,
      });
    }
    throw new Error(`the ${what} job failed on a worker: ${message}`, { cause: error });
  }
  if (result.ok) return result.output;
  throw deserializeError(result.error);
}
