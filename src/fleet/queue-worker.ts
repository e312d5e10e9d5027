import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChartJobInput } from "../chart/chart-job.js";
import { type Metrics, NO_METRICS } from "../contracts/metrics.js";
import { errorReason, redactUrls } from "../error-report.js";
import { ConfigError, isUserError } from "../errors.js";
import type { ForecastJobInput } from "../forecast/forecast-job-input.js";
import type { ChallengeInput } from "../lifecycle/challenge.js";
import type { ModelStore } from "../lifecycle/model-registry-postgres.js";
import type { Logger } from "../logger.js";
import { within } from "../time.js";
import { serializeError } from "../workers/worker.js";
import type { WorkerPool } from "../workers/worker-pool.js";
import { unpackCandles } from "./candle-codec.js";
import { type Heartbeat, liveWorkers, startHeartbeat, type WorkerBeat } from "./heartbeat.js";
import {
  type ChartQueueOutput,
  FORECAST_QUEUE,
  type QueuedChart,
  type QueuedForecast,
  type QueueResult,
  retryableFailure,
  TRAINING_QUEUE,
} from "./queue-jobs.js";
import { bullConnection } from "./redis.js";
import { closeWithin, outageLogger, redisHealth } from "./redis-health.js";

export interface QueueWorkerOptions {
  redisUrl: string;
  prefix: string;
  /** Plain client for the heartbeat. */
  redis: Redis;
  /** Worker threads that run forecasts and charts: one BullMQ job per thread at a time. */
  inference: WorkerPool;
  /** The training thread. */
  training: WorkerPool;
  /**
   * The model registry in PostgreSQL (DATABASE_URL): a job's model folder, named on the asking machine, is
   * written here from the database on first use, and a promoted challenger trained here is stored there.
   * Without it a job's folders are read as they are (one machine, or a shared DATA_DIR volume).
   */
  models?: ModelStore;
  /** Forecast jobs at once (FORECAST_WORKERS, the inference pool's size). */
  concurrency: number;
  /** The back-end the threads run on, for the heartbeat. */
  backend: string;
  logger: Logger;
  /**
   * BullMQ's job lock: a worker that stops renewing it (killed) loses the job to another after this long.
   * Default FORECAST_LOCK_MS.
   */
  lockDurationMs?: number;
  /**
   * How often a worker looks for jobs whose lock expired (stalled) and queues them again. Default
   * STALLED_INTERVAL_MS.
   */
  stalledIntervalMs?: number;
  /** Each job's duration and outcome; default none. */
  metrics?: Metrics;
  /** How long close() lets a running training finish before giving it back; default TRAINING_STOP_MS. */
  trainingStopMs?: number;
}

/**
 * A forecast or chart job takes milliseconds, and it runs on a worker thread, so the event loop that renews
 * the lock (every half of it) never blocks: a lock of seconds is safe, and BullMQ's 30 s lock and 30 s
 * stalled check would leave a job held by a killed worker (kill -9, a lost machine) stranded for up to a
 * minute, past every caller's FORECAST_TIMEOUT_MS. With these, another worker takes it over within
 * at most the lock plus two check intervals, 9 s (test/fleet/stalled-job.test.ts).
 */
export const FORECAST_LOCK_MS = 5_000;
export const STALLED_INTERVAL_MS = 2_000;
/** A training job runs for minutes and reports progress through the same event loop: a longer lock. */
const TRAINING_LOCK_MS = 60_000;
/**
 * How long a stopping worker lets its running training finish: past it the job goes back to the queue,
 * where another worker starts it again, and the worker exits. Below docker-compose.yml's stop_grace_period
 * (75 s), which must leave room for it and the rest of the stop.
 */
export const TRAINING_STOP_MS = 60_000;
/** How long health() waits for Redis's PONG: less than a readiness check's budget (2 s). */
const HEALTH_PING_MS = 1_500;

export interface QueueWorker {
  readonly id: string;
  /**
   * Resolves once its connections are up and it takes jobs. Starting never waits for Redis: while it is
   * away the worker connects in the background, and it starts taking jobs as soon as Redis answers.
   */
  readonly ready: Promise<void>;
  /**
   * Finishes the jobs in hand (others go back to the queue), stops beating. A training still running after
   * trainingStopMs goes back to the queue for another worker.
   */
  close(): Promise<void>;
  /** Undefined while it takes jobs (running, threads open, Redis answering); otherwise why not. */
  health(): Promise<string | undefined>;
  /** The fleet's workers seen in the last minute, this one included. */
  peers(): Promise<WorkerBeat[]>;
}

/**
 * `coincast worker`: takes forecast, chart and training jobs from BullMQ and runs them on this machine's
 * worker threads. BullMQ's sandboxed processors (a child process per job) would keep the lock renewing
 * too; the threads do the same while keeping loaded models warm between jobs and reuse the pool (its
 * back-end selection, priorities and crash handling) that the embedded bot already runs.
 * Training runs with concurrency 1 here and a global concurrency of 1 across the fleet.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { prefix, logger, inference, training, models } = options;
  const connection = bullConnection(options.redisUrl);
  const id = `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;
  const log = logger.child({ worker: id });
  let jobs = 0;
  const settings = {
    connection,
    prefix,
    name: id,
    lockDuration: options.lockDurationMs ?? FORECAST_LOCK_MS,
    stalledInterval: options.stalledIntervalMs ?? STALLED_INTERVAL_MS,
    // One stall (a killed worker) is retried; a job that kills every worker it lands on is not.
    maxStalledCount: 2,
  };

  const metrics = options.metrics ?? NO_METRICS;
  const answer = async <T>(job: Job, run: () => Promise<T>): Promise<QueueResult<T>> => {
    const started = performance.now();
    let ok = false;
    try {
      const output = await run();
      ok = true;
      return { ok: true, output };
    } catch (error) {
      if (isUserError(error) || error instanceof ConfigError) {
        if (error.retryable) throw retryableFailure(serializeError(error));
        return { ok: false, error: serializeError(error) };
      }
      log.error({ err: error, job: job.name, jobId: job.id }, "job failed");
      throw error;
    } finally {
      jobs++;
      metrics.job({ name: job.name, ok }, (performance.now() - started) / 1000);
    }
  };

  const forecasts = new Worker(
    FORECAST_QUEUE,
    async (job: Job) => {
      if (job.name === "forecast")
        return answer(job, async () => {
          const queued = job.data as QueuedForecast;
          const input: ForecastJobInput = { ...queued, candles: unpackCandles(queued.candles) };
          const modelDir = (await models?.localize(input.modelDir)) ?? input.modelDir;
          return inference.run("forecast", { ...input, modelDir });
        });
      if (job.name === "chart")
        return answer(job, async (): Promise<ChartQueueOutput> => {
          const queued = job.data as QueuedChart;
          const input: ChartJobInput = { ...queued, history: unpackCandles(queued.history) };
          const { png } = await inference.run("chart", input);
          return { pngBase64: Buffer.from(png).toString("base64") };
        });
      throw new Error(`unknown job "${job.name}"`);
    },
    { ...settings, concurrency: options.concurrency },
  );
  // The training in hand and its lock's token: close() gives it back when it runs past trainingStopMs.
  let runningTraining: { job: Job; token: string | undefined } | undefined;
  const trainings = new Worker(
    TRAINING_QUEUE,
    (job: Job, token?: string) => {
      runningTraining = { job, token };
      return answer(job, async () => {
        const asked = job.data as ChallengeInput;
        const input =
          models === undefined
            ? asked
            : {
                ...asked,
                championDir: await models.localize(asked.championDir),
                challengerDir: models.localPath(asked.challengerDir),
              };
        const output = await training.run("challenge", input, {
          onProgress: (progress) => {
            job.updateProgress(progress).catch(() => undefined);
          },
        });
        // The asking bot promotes it, maybe on another machine: it finds the challenger in the database.
        if (models !== undefined && output.decision === "promote") await models.upload(asked.challengerDir);
        return output;
      }).finally(() => {
        runningTraining = undefined;
      });
    },
    { ...settings, concurrency: 1, lockDuration: Math.max(settings.lockDuration, TRAINING_LOCK_MS) },
  );
  // Its one command waits for the reconnection rather than fail (no caller is waiting on it).
  const trainingQueue = new Queue(TRAINING_QUEUE, { connection, prefix });
  const health = redisHealth(options.redis);
  const onError = outageLogger(health, log, "queue worker connection error");
  for (const worker of [forecasts, trainings]) worker.on("error", onError);
  trainingQueue.on("error", onError);
  forecasts.on("stalled", (jobId) => log.warn({ jobId }, "a job stalled (its worker died?): queued again"));
  // One training at a time for the whole fleet: on a shared machine two would halve each other's speed.
  // Set again after every reconnection: a Redis restarted without persistence has forgotten it.
  const limitTraining = () => {
    trainingQueue
      .setGlobalConcurrency(1)
      .catch((error: unknown) => log.warn({ err: error }, "could not limit training to one at a time"));
  };

  const startedAt = Date.now();
  const heartbeat: Heartbeat = startHeartbeat({
    redis: options.redis,
    prefix,
    describe: () => ({
      id,
      backend: options.backend,
      concurrency: options.concurrency,
      startedAt,
      jobs,
    }),
  });
  const offHealth = health.onChange((up) => {
    if (up) limitTraining();
  });
  const ready = (async () => {
    health.whenUp().catch(() => log.warn("Redis does not answer: the queue worker takes jobs once it does"));
    await Promise.all([forecasts.waitUntilReady(), trainings.waitUntilReady()]);
    limitTraining();
    await heartbeat.beat().catch(() => undefined);
    log.info({ backend: options.backend, concurrency: options.concurrency }, "queue worker started");
  })();
  ready.catch(() => undefined);

  /** Takes no new training; the running one finishes within trainingStopMs or goes back to the queue. */
  const closeTrainings = async () => {
    const stopMs = options.trainingStopMs ?? TRAINING_STOP_MS;
    const finished = await within(
      trainings.pause().then(() => true),
      stopMs,
    );
    const held = runningTraining;
    if (finished === true || held === undefined) return trainings.close();
    log.warn(
      { jobId: held.job.id, afterMs: stopMs },
      "stopping: the running training goes back to the queue, another worker starts it again",
    );
    // Back to waiting at once; should that fail, its lock lapses (TRAINING_LOCK_MS) and a stalled check requeues it.
    if (held.token !== undefined)
      await held.job
        .moveToWait(held.token)
        .catch((error: unknown) => log.warn({ err: error }, "the training goes back once its lock lapses"));
    await trainings.close(true);
  };

  let closed = false;
  return {
    id,
    ready,
    async health() {
      if (closed) return "the queue worker is stopping";
      if (!forecasts.isRunning()) return "the forecast queue's worker is not running";
      if (inference.stats().closed) return "the forecast threads are closed";
      // The heartbeat's own Redis: a worker that can not reach it is invisible to the bots. Within the
      // readiness check's budget, so that the answer names Redis rather than the budget.
      const redis = `Redis (${redactUrls(options.redisUrl)})`;
      const pong = await within(
        options.redis.ping().catch((error: unknown) => errorReason(error)),
        HEALTH_PING_MS,
      );
      if (pong === undefined) return `${redis} does not answer within ${HEALTH_PING_MS} ms`;
      return pong === "PONG" ? undefined : `${redis} does not answer: ${pong}`;
    },
    peers: () => liveWorkers(options.redis, prefix),
    async close() {
      closed = true;
      offHealth();
      await heartbeat.stop().catch(() => undefined);
      await closeWithin(
        health,
        Promise.all([forecasts.close(), closeTrainings()]).then(() => trainingQueue.close()),
      );
    },
  };
}
