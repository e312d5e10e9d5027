import type { ModelRunner } from "../forecast/runner.js";
import type { WorkerPool } from "./worker-pool.js";

/** The ModelRunner of a running Coincast: forecasts and charts on one pool, training on its own. */
export function workerModelRunner(pools: { inference: WorkerPool; training: WorkerPool }): ModelRunner {
  return {
    forecast: (input) => pools.inference.run("forecast", input),
    chart: (input) => pools.inference.run("chart", input),
    challenge: (input, onProgress) =>
      pools.training.run("challenge", input, onProgress === undefined ? {} : { onProgress }),
  };
}
