/**
 * Training and prediction throughput of the CNN-GRU on the wasm back-end (with Coincast's training kernels)
 * against the pure-JS cpu back-end, side by side in one process. Run: `npx tsx bench/train-throughput.ts`
 * (add `--no-simd` to load wasm's plain build instead of the SIMD one).
 */
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { createLogger, type Logger, silentLogger } from "../src/logger.js";
import { type SelectedBackend, selectBackend } from "../src/model/backend.js";

const WINDOW = 60;
const FEATURES = 20;
const QUANTILE_LEVELS = [0.025, 0.1, 0.5, 0.9, 0.975];
const BATCH = 64;

export interface BenchOptions {
  /** Synthetic training windows; a few hundred, so that batches cycle through different data. */
  samples?: number;
  /** Timed batches per repetition on each back-end (cpu is ~25x slower, so it gets fewer). */
  wasmBatches?: number;
  cpuBatches?: number;
  repetitions?: number;
  wasmSimd?: boolean;
  logger?: Logger;
}

export interface BackendThroughput {
  backend: "wasm" | "cpu";
  /** Median over repetitions of the mean time of one training batch. */
  msPerBatch: number;
  samplesPerSecond: number;
  /** Mean ms per batch of each repetition, in order. */
  repetitionsMs: number[];
}

export interface ThroughputReport {
  wasm: BackendThroughput;
  cpu: BackendThroughput;
  /** cpu ms per batch divided by wasm ms per batch (target >= 8). */
  wasmSpeedup: number;
  /** Median wasm latency of model.predict plus reading the result back (targets: < 30 ms and < 300 ms). */
  predictMs: { batch1: number; batch256: number };
  selected: SelectedBackend;
}

/** The CNN-GRU as the architecture defaults build it: 2 conv blocks of 32, GRU 32 then 16, quantile head. */
function buildModel(seed: number): tf.LayersModel {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const model = tf.sequential();
  model.add(
    tf.layers.conv1d({
      inputShape: [WINDOW, FEATURES],
      filters: 32,
      kernelSize: 3,
      padding: "same",
      activation: "relu",
      kernelInitializer: init(1),
    }),
  );
  model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  model.add(
    tf.layers.conv1d({
      filters: 32,
      kernelSize: 3,
      padding: "same",
      activation: "relu",
      kernelInitializer: init(2),
    }),
  );
  model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  model.add(tf.layers.gru({ units: 32, returnSequences: true, kernelInitializer: init(3) }));
  model.add(tf.layers.gru({ units: 16, kernelInitializer: init(4) }));
  model.add(tf.layers.dropout({ rate: 0.2, seed }));
  model.add(tf.layers.dense({ units: QUANTILE_LEVELS.length, kernelInitializer: init(5) }));
  const levels = tf.tensor1d(QUANTILE_LEVELS);
  const pinball = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
    tf.tidy(() => {
      const error = tf.sub(yTrue, yPred);
      return tf.mean(tf.maximum(tf.mul(levels, error), tf.mul(tf.sub(levels, 1), error)));
    });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: pinball });
  return model;
}

/** Deterministic pseudo-random host data (mulberry32), shared by both back-ends. */
function syntheticData(samples: number, seed: number): { x: Float32Array; y: Float32Array } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
  const x = new Float32Array(samples * WINDOW * FEATURES).map(next);
  const y = new Float32Array(samples * QUANTILE_LEVELS.length).map(() => next() * 0.02);
  return { x, y };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface Lane {
  backend: "wasm" | "cpu";
  model: tf.LayersModel;
  batches: { x: tf.Tensor; y: tf.Tensor }[];
  cursor: number;
}

async function makeLane(
  backend: "wasm" | "cpu",
  data: { x: Float32Array; y: Float32Array },
  weights: { values: Float32Array; shape: number[] }[] | null,
): Promise<Lane> {
  await tf.setBackend(backend);
  const model = buildModel(7);
  if (weights !== null) model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
  const samples = data.y.length / QUANTILE_LEVELS.length;
  const batches: Lane["batches"] = [];
  for (let start = 0; start + BATCH <= samples; start += BATCH) {
    const xs = data.x.subarray(start * WINDOW * FEATURES, (start + BATCH) * WINDOW * FEATURES);
    const ys = data.y.subarray(start * QUANTILE_LEVELS.length, (start + BATCH) * QUANTILE_LEVELS.length);
    batches.push({
      x: tf.tensor3d(xs, [BATCH, WINDOW, FEATURES]),
      y: tf.tensor2d(ys, [BATCH, QUANTILE_LEVELS.length]),
    });
  }
  return { backend, model, batches, cursor: 0 };
}

/** Trains `count` batches on the lane's back-end; returns the mean ms per batch. */
async function trainBatches(lane: Lane, count: number): Promise<number> {
  await tf.setBackend(lane.backend);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const batch = lane.batches[lane.cursor++ % lane.batches.length];
    if (batch === undefined) throw new Error("no training batches: raise `samples`");
    // trainOnBatch resolves after reading the loss back, so the batch has really finished.
    await lane.model.trainOnBatch(batch.x, batch.y);
  }
  return (performance.now() - start) / count;
}

async function timePredict(model: tf.LayersModel, batchSize: number, runs: number): Promise<number> {
  const x = tf.randomNormal([batchSize, WINDOW, FEATURES]);
  const once = async () => {
    const start = performance.now();
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
    return performance.now() - start;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  x.dispose();
  return median(times);
}

/** Runs the benchmark and returns its figures; prints nothing. */
export async function benchTrainThroughput(options: BenchOptions = {}): Promise<ThroughputReport> {
  const { samples = 384, wasmBatches = 6, cpuBatches = 2, repetitions = 5 } = options;
  await tf.setBackend("cpu");
  const selected = await selectBackend({
    preference: "wasm",
    logger: options.logger ?? silentLogger(),
    ...(options.wasmSimd === undefined ? {} : { wasmSimd: options.wasmSimd }),
  });
  const data = syntheticData(samples, 42);

  const wasm = await makeLane("wasm", data, null);
  // Same starting weights on both back-ends, moved as host arrays (tensors belong to one back-end).
  const weights = wasm.model
    .getWeights()
    .map((w) => ({ values: w.dataSync() as Float32Array, shape: w.shape }));
  const cpu = await makeLane("cpu", data, weights);

  // Warm-up: first calls compile kernels, allocate optimizer slots and grow the wasm heap.
  await trainBatches(wasm, 2);
  await trainBatches(cpu, 1);

  const wasmRuns: number[] = [];
  const cpuRuns: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    // Interleaved so that background load on the machine hits both back-ends alike.
    wasmRuns.push(await trainBatches(wasm, wasmBatches));
    cpuRuns.push(await trainBatches(cpu, cpuBatches));
  }

  await tf.setBackend("wasm");
  const predictMs = {
    batch1: await timePredict(wasm.model, 1, 20),
    batch256: await timePredict(wasm.model, 256, 5),
  };

  for (const lane of [wasm, cpu]) {
    await tf.setBackend(lane.backend);
    lane.model.dispose();
    tf.dispose(lane.batches.flatMap((b) => [b.x, b.y]));
  }
  await tf.setBackend("wasm");

  const summarise = (backend: "wasm" | "cpu", runs: number[]): BackendThroughput => {
    const msPerBatch = median(runs);
    return { backend, msPerBatch, samplesPerSecond: (BATCH * 1000) / msPerBatch, repetitionsMs: runs };
  };
  const wasmFigures = summarise("wasm", wasmRuns);
  const cpuFigures = summarise("cpu", cpuRuns);
  return {
    wasm: wasmFigures,
    cpu: cpuFigures,
    wasmSpeedup: cpuFigures.msPerBatch / wasmFigures.msPerBatch,
    predictMs,
    selected,
  };
}

function printReport(report: ThroughputReport): void {
  const { wasm, cpu, selected } = report;
  const row = (f: BackendThroughput) =>
    `${f.backend.padEnd(5)} ${f.msPerBatch.toFixed(1).padStart(9)} ${f.samplesPerSecond.toFixed(0).padStart(10)}   ${f.repetitionsMs.map((ms) => ms.toFixed(1)).join(", ")}`;
  console.log(
    `CNN-GRU training, batch ${BATCH}, window ${WINDOW} x ${FEATURES} features ` +
      `(wasm: SIMD ${selected.has.simd ? "on" : "off"}, threads ${selected.threads})`,
  );
  console.log("back  ms/batch  samples/s   per repetition (ms/batch)");
  console.log(row(wasm));
  console.log(row(cpu));
  console.log(`wasm:cpu speed-up ${report.wasmSpeedup.toFixed(1)}x (target >= 8x)`);
  console.log(
    `wasm predict: batch 1 ${report.predictMs.batch1.toFixed(1)} ms (target < 30), ` +
      `batch 256 ${report.predictMs.batch256.toFixed(1)} ms (target < 300)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = await benchTrainThroughput({
    logger: createLogger("info"),
    ...(process.argv.includes("--no-simd") ? { wasmSimd: false } : {}),
  });
  printReport(report);
}
