import { TRAINING_NICE } from "../workers/worker.js";
import type { WorkerPool } from "../workers/worker-pool.js";
import { once, type RootContext } from "./context.js";

export interface ModelPools {
  inference: WorkerPool;
  training: WorkerPool;
}

/**
 * The worker threads that run the model in this process, started on first use: forecasts on one pool,
 * training on another. `built()` is the pools once they exist, for stats that must not start them.
 */
export function createModelThreads(root: RootContext) {
  let built: ModelPools | undefined;
  const pools = once(() =>
    startModelPools(root).then((started) => {
      built = started;
      return started;
    }),
  );
  return { pools, built: () => built };
}

async function startModelPools({ config, logger, closers }: RootContext): Promise<ModelPools> {
  const workerData = {
    tfBackend: config.tfBackend,
    logLevel: config.logLevel,
    ...(config.logFile === undefined ? {} : { logFile: config.logFile }),
  };
  const { createWorkerPool } = await import("../workers/worker-pool.js");
  // Started now, not on the first request: the threads load TensorFlow.js and the model while the main
  // thread opens the stores and the adapters connect.
  const inference = createWorkerPool({
    name: "forecast",
    size: config.forecast.workers,
    queueLimit: config.forecast.queueLimit,
    workerData: { ...workerData, preload: ["forecast", "chart"] },
    logger,
  });
  inference.warm();
  // Training has its own thread: a retrain of several minutes never queues ahead of a forecast. It starts
  // on the first retrain.
  const training = createWorkerPool({
    name: "training",
    size: 1,
    queueLimit: 1,
    workerData: { ...workerData, nice: TRAINING_NICE },
    logger,
  });
  closers.push(
    () => inference.close(),
    () => training.close(),
  );
  return { inference, training };
}
