/**
 * Training samples per second with 1 and 2 training worker threads, each with its own wasm back-end and
 * its own CNN-GRU (trainModel's step, batch 64), as `coincast train` and `coincast evaluate` use them.
 * Each worker also reports its own thread's CPU time over the timed batches (Linux /proc/thread-self),
 * which tells a worker that waited for a core (CPU below wall) from one that got its core but ran slower
 * on it (CPU per batch up). Run through bench/train-throughput.ts.
 */

import { readFileSync } from "node:fs";
import { silentLogger } from "../src/logger.js";
import { selectBackend } from "../src/model/acceleration/backend.js";
import { serveJobs } from "../src/workers/worker.js";
import { createWorkerPool } from "../src/workers/worker-pool.js";
import { median } from "./measure.js";
import { BATCH, makeLane, SEED, syntheticData, trainBatches } from "./train-lane.js";

interface StepsInput {
  batches: number;
  /**
   * Untimed batches first. V8 compiles the hot wasm and JS with its optimising tier in background threads
   * during the first few hundred milliseconds: a short warm-up times that compilation on the other core.
   */
  warmup: number;
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
  /** This thread's CPU ms (user + system) over the timed batches; null without /proc/thread-self. */
  cpuMs: number | null;
}

/** CPU ms of the calling thread so far, from /proc/thread-self/stat (clock ticks of 10 ms); null elsewhere. */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Builds a network, warms it up with `warmup` batches, then times `batches` batches. */
async function trainSteps(input: StepsInput): Promise<StepsOutput> {
  const lane = await makeLane("wasm", syntheticData(input.samples, input.seed), null);
  await trainBatches(lane, input.warmup);
  // Start the timed batches together, so that the spans measure the workers side by side.
  const arrived = new Int32Array(input.barrier);
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  for (let seen = Atomics.load(arrived, 0); seen < input.workers; seen = Atomics.load(arrived, 0)) {
    Atomics.wait(arrived, 0, seen, 1000);
  }
  const cpuStart = threadCpuMs();
  const start = performance.timeOrigin + performance.now();
  await trainBatches(lane, input.batches);
  const end = performance.timeOrigin + performance.now();
  const cpuEnd = threadCpuMs();
  lane.step.model.dispose();
  lane.step.optimizer.dispose();
  const cpuMs = cpuStart === null || cpuEnd === null ? null : cpuEnd - cpuStart;
  return { start, end, samples: input.batches * BATCH, cpuMs };
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
  /** Mean over workers of wall ms per batch, and of the worker thread's own CPU ms per batch (null: no /proc). */
  msPerBatch: number;
  cpuMsPerBatch: number | null;
}

/** Runs `workers` workers at once, `batches` timed batches each after `warmup`, and sums their throughput. */
export async function benchTrainWorkers(
  workers: number,
  batches: number,
  warmup: number,
): Promise<WorkersThroughput> {
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
        pool.run("trainSteps", { batches, warmup, samples: 4 * BATCH, seed: SEED + i, barrier, workers }),
      ),
    );
    const spans = runs.map((r) => r.end - r.start);
    const shared = Math.min(...runs.map((r) => r.end)) - Math.max(...runs.map((r) => r.start));
    const cpu = runs.map((r) => r.cpuMs);
    return {
      workers,
      samplesPerSecond: runs.reduce((sum, r) => sum + (r.samples * 1000) / (r.end - r.start), 0),
      overlap: Math.max(0, shared) / Math.max(...spans),
      msPerBatch: spans.reduce((a, b) => a + b, 0) / (workers * batches),
      cpuMsPerBatch: cpu.some((c) => c === null)
        ? null
        : (cpu as number[]).reduce((a, b) => a + b, 0) / (workers * batches),
    };
  } finally {
    await pool.close();
  }
}

export interface WorkersComparison {
  rounds: { one: WorkersThroughput; two: WorkersThroughput }[];
  /** Median over rounds of two workers' samples/s over one worker's, each round measured back to back. */
  ratio: number;
}

/** `rounds` rounds of 1 worker then 2 workers, so that a change in the machine's load hits both alike. */
export async function compareTrainWorkers(
  rounds: number,
  batches: number,
  warmup: number,
): Promise<WorkersComparison> {
  const measured: WorkersComparison["rounds"] = [];
  for (let i = 0; i < rounds; i++) {
    const one = await benchTrainWorkers(1, batches, warmup);
    const two = await benchTrainWorkers(2, batches, warmup);
    measured.push({ one, two });
  }
  return {
    rounds: measured,
    ratio: median(measured.map((r) => r.two.samplesPerSecond / r.one.samplesPerSecond)),
  };
}
