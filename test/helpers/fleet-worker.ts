// A `coincast worker` for the fleet tests, with the shipped job lock and stalled check (see
// FORECAST_LOCK_MS), so that the kill tests prove what a real fleet does. With --hold it takes a forecast job and never finishes it
// (its thread is never asked), so the test can kill it mid-job. With --standby it starts its threads
// (TensorFlow.js and the model load), says ready, and takes jobs only once the parent sends { go: true }:
// a rescuer started before the kill, so the test does not wait for a cold start after it.
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { startQueueWorker } from "../../src/fleet/queue-worker.js";
import { openRedis } from "../../src/fleet/redis.js";
import { openPostgresModelRegistry } from "../../src/lifecycle/model-registry-postgres.js";
import { createLogger } from "../../src/logger.js";
import { MODEL_VERSIONS_DIR } from "../../src/main.js";
import { openPostgres } from "../../src/storage/postgres.js";
import { createWorkerPool, type WorkerPool } from "../../src/workers/worker-pool.js";

const config = loadConfig();
const logger = createLogger(config.logLevel);
const hold = process.argv.includes("--hold");
const standby = process.argv.includes("--standby");
const workerData = { tfBackend: config.tfBackend, logLevel: config.logLevel };
const real = createWorkerPool({
  name: "forecast",
  size: 1,
  queueLimit: 100,
  workerData: { ...workerData, preload: ["forecast"] },
  logger,
});
if (!hold) real.warm();
const inference: WorkerPool = hold ? { ...real, run: () => new Promise<never>(() => {}) } : real;
const training = createWorkerPool({ name: "training", size: 1, queueLimit: 1, workerData, logger });
const redisUrl = config.redisUrl ?? "redis://127.0.0.1:6379";
if (standby) {
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => {
    process.on("message", (message: { go?: boolean }) => {
      if (message.go === true) resolve();
    });
  });
}
// With DATABASE_URL, the versions its jobs name come from the database into its own DATA_DIR.
const models =
  config.databaseUrl === undefined
    ? undefined
    : await openPostgresModelRegistry({
        db: openPostgres(config.databaseUrl),
        shippedDir: config.modelsDir,
        dir: join(config.dataDir, MODEL_VERSIONS_DIR),
        keep: config.retrain.keep,
        logger,
      });
const worker = await startQueueWorker({
  ...(models === undefined ? {} : { models }),
  redisUrl,
  prefix: config.queue.prefix,
  redis: openRedis(redisUrl, logger),
  inference,
  training,
  concurrency: 1,
  backend: hold ? "held" : config.tfBackend,
  logger,
});
await worker.ready;
if (!standby) process.send?.({ ready: true });
