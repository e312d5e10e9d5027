/**
 * The step-level measurements of the training benches (train-throughput.ts, train-global.ts): the cnn-gru
 * step's FLOPs, a matMul's rate, one engine kernel's fixed cost, a profiled step and predict latency.
 */
import * as tf from "@tensorflow/tfjs";
import { trainBatch } from "../src/model/networks/train.js";
import { median } from "./measure.js";
import { BATCH, HYPER, type Lane, SHAPE } from "./train-lane.js";

/**
 * FLOPs of one training step of the cnn-gru: 2·m·k·n per product, conv taps as products, the recurrence's
 * products per step; backward is counted as twice forward (dX and dW), the usual rule.
 */
export function cnnGruStepFlops(): number {
  let steps = SHAPE.window;
  let channels = SHAPE.features;
  let forward = 0;
  for (const filters of HYPER.convFilters) {
    forward += 2 * BATCH * steps * HYPER.kernelSize * channels * filters;
    channels = filters;
    steps = Math.floor(steps / HYPER.poolSize);
  }
  for (const units of HYPER.recurrentUnits) {
    forward += 2 * BATCH * steps * (channels + units) * 3 * units;
    channels = units;
  }
  forward += 2 * BATCH * channels * HYPER.denseUnits;
  forward += 2 * BATCH * HYPER.denseUnits * SHAPE.horizons * SHAPE.quantiles.length * 2;
  return 3 * forward;
}

/** Median GFLOP/s of a 512×512 by 512×512 matMul on the current back-end. */
export async function timeMatMul(runs: number): Promise<number> {
  const n = 512;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    if (i > 0) times.push(performance.now() - start);
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (median(times) * 1e6);
}

/** µs of one engine kernel that does (almost) nothing: the fixed cost every kernel of a step pays. */
export async function timeKernelOverhead(calls: number): Promise<number> {
  const a = tf.tensor1d([1]);
  const once = () => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) tf.add(a, a).dispose();
    return ((performance.now() - start) * 1000) / calls;
  };
  once();
  const times = Array.from({ length: 5 }, once);
  a.dispose();
  return median(times);
}

/** One profiled training step: engine kernels run, the costliest kernel types, kernel and wall time. */
export interface StepProfile {
  kernels: number;
  top: { name: string; calls: number; ms: number }[];
  kernelMs: number;
  stepMs: number;
}

/** Profiles one training step of `lane` on its back-end (tf.profile). */
export async function profileStep(lane: Lane): Promise<StepProfile> {
  await tf.setBackend(lane.backend);
  const batch = lane.batches[0];
  if (batch === undefined) throw new Error("no training batches to profile");
  let stepMs = 0;
  const info = await tf.profile(async () => {
    const start = performance.now();
    const loss = trainBatch(lane.step, batch.x, batch.y);
    await loss.data();
    stepMs = performance.now() - start;
    loss.dispose();
  });
  const byName = new Map<string, { name: string; calls: number; ms: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { name: k.name, calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    byName.set(k.name, entry);
  }
  const sorted = [...byName.values()].sort((a, b) => b.ms - a.ms);
  // A custom-gradient op shows as an "unnamed scope" whose time includes its kernel's: not summed twice.
  const kernelMs = sorted
    .filter((k) => tf.getKernel(k.name, lane.backend) !== undefined)
    .reduce((sum, k) => sum + k.ms, 0);
  return { kernels: info.kernels.length, top: sorted.slice(0, 8), kernelMs, stepMs };
}

/** Median ms of `model.predict` at `batchSize` plus reading the result back, after one warm-up. */
export async function timePredict(model: tf.LayersModel, batchSize: number, runs: number): Promise<number> {
  const x = tf.randomNormal([batchSize, SHAPE.window, SHAPE.features]);
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
