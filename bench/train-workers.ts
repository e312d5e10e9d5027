/**
 * Training samples per second with 1 and 2 training worker threads, each with its own wasm back-end and
 * its own CNN-GRU (trainModel's step, batch 64), as `coincast train` and `coincast evaluate` use them.
 * Run through bench/train-throughput.ts.
 */

import { silentLogger } from "../src/logger.js";
import { selectBackend } from "../src/model/backend.js";
import { serveJobs } from "../src/workers/worker.js";
import { createWorkerPool } from "../src/workers/worker-pool.js";
import { BATCH, makeLane, SEED, syntheticData, trainBatches } from "./train-lane.js";

interface StepsInput {
  batches: number;
  samples: number;
  seed: number;
  /** Shared by the workers of one run: each counts itself in after warm-up and waits for the others. */
  barrier: SharedArrayBuffer;
  workers: number;
}
interface StepsOutput {
  /** Epoch ms (performance.timeOrigin + now, comparable across threads) of the timed batches. */
  start: number;
  end: number;
  samples: number;
}

/** Builds a network, warms it up with two batches, then times `batches` batches. */
async function trainSteps(input: StepsInput): Promise<StepsOutput> {
  const lane = await makeLane("wasm", syntheticData(input.samples, input.seed), null);
  await trainBatches(lane, 2);
  // Start the timed batches together, so that the spans measure the workers side by side.
  const arrived = new Int32Array(input.barrier);
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  for (let seen = Atomics.load(arrived, 0); seen < input.workers; seen = Atomics.load(arrived, 0)) {
    Atomics.wait(arrived, 0, seen, 1000);
  }
  const start = performance.timeOrigin + performance.now();
  await trainBatches(lane, input.batches);
  const end = performance.timeOrigin + performance.now();
  lane.step.model.dispose();
  lane.step.optimizer.dispose();
  return { start, end, samples: input.batches * BATCH };
}

const BENCH_JOBS = { trainSteps } as const;

/** The worker side (train-worker-entry.mjs): wasm first, then the bench's jobs. */
export async function startBenchTrainWorker(): Promise<void> {
  serveJobs(BENCH_JOBS, { ready: selectBackend({ preference: "wasm", logger: silentLogger() }) });
}

export interface WorkersThroughput {
  workers: number;
  /** Summed over workers: each worker's samples over its own timed span. */
  samplesPerSecond: number;
  /** Time all workers were timing at once, as a share of the longest span (1: fully side by side). */
  overlap: number;
}

/** Runs `workers` workers at once, `batches` timed batches each, and sums their throughput. */
export async function benchTrainWorkers(workers: number, batches: number): Promise<WorkersThroughput> {
  const pool = createWorkerPool<typeof BENCH_JOBS>({
    name: "bench-training",
    size: workers,
    queueLimit: workers,
    workerData: { tfBackend: "wasm", logLevel: "warn" },
    logger: silentLogger(),
    entry: new URL("./train-worker-entry.mjs", import.meta.url),
  });
  try {
    const barrier = new SharedArrayBuffer(4);
    const runs = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        pool.run("trainSteps", { batches, samples: 4 * BATCH, seed: SEED + i, barrier, workers }),
      ),
    );
    const spans = runs.map((r) => r.end - r.start);
    const shared = Math.min(...runs.map((r) => r.end)) - Math.max(...runs.map((r) => r.start));
    return {
      workers,
      samplesPerSecond: runs.reduce((sum, r) => sum + (r.samples * 1000) / (r.end - r.start), 0),
      overlap: Math.max(0, shared) / Math.max(...spans),
    };
  } finally {
    await pool.close();
  }
}
