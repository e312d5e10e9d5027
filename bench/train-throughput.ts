/**
 * Training and prediction throughput of the shipped CNN-GRU (BUILDERS["cnn-gru"], DEFAULT_HYPERPARAMETERS,
 * 60 × FEATURE_NAMES input, 3 horizons × QUANTILES) on the wasm back-end (with Coincast's training kernels)
 * against the pure-JS cpu back-end, side by side in one process. Each batch is trainModel's own step
 * (trainBatch: pinball loss, clipped gradients, Adam). Run: `npx tsx bench/train-throughput.ts` (add
 * `--no-simd` to load wasm's plain build instead of the SIMD one, `--quick` for a smoke test, `--no-workers`
 * and `--no-train-command` to skip those parts). Also profiles one wasm step (tf.profile: engine kernels per
 * step, time per kernel type) and sets its effective GFLOP/s against wasm's own matMul rate measured in the
 * same process; times, in the same interleaved loop, the same network with tf.train.adam and tf-op
 * clipping (the step before the fused optimiser) and with tf.layers.gru and tf.train.adam (the step before
 * the fused layer); measures the fixed cost of one engine kernel; samples/s of 1 and 2 training workers (train-workers.ts, three rounds after a 40-batch warm-up); and the wall time of
 * `coincast train --timeframe 1d` in a child process (train-cli.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { createLogger, type Logger, silentLogger } from "../src/logger.js";
import { type SelectedBackend, selectBackend } from "../src/model/acceleration/backend.js";
import { QUANTILES } from "../src/model/types.js";
import { isMain, median, quickFlag, type SummaryRow } from "./measure.js";
import { cnnGruStepFlops, profileStep, timeKernelOverhead, timeMatMul, timePredict } from "./step-timing.js";
import { timeTrainCommand } from "./train-cli.js";
import { BATCH, makeLane, SEED, SHAPE, syntheticData, trainBatches } from "./train-lane.js";
import { compareTrainWorkers, type WorkersComparison, type WorkersThroughput } from "./train-workers.js";

/** wasm:cpu training speed-up the wasm back-end (and its Coincast kernels) must keep. */
const SPEEDUP_TARGET = 8;

export interface BenchOptions {
  /** Synthetic training windows; a few hundred, so that batches cycle through different data. */
  samples?: number;
  /** Timed batches per repetition on each back-end (cpu is ~25x slower, so it gets fewer). */
  wasmBatches?: number;
  cpuBatches?: number;
  repetitions?: number;
  /** Timed runs of the network-only predict at batch 1 and batch 256 (after one warm-up each). */
  predictRuns?: { batch1: number; batch256: number };
  wasmSimd?: boolean;
  logger?: Logger;
  /** Timed batches per training worker in the 1- and 2-worker runs; 0 skips them. */
  workerBatches?: number;
  /** Untimed batches each worker trains first, and rounds of 1 then 2 workers. */
  workerWarmup?: number;
  workerRounds?: number;
  /** Arguments of the timed `coincast train` (after `train`); null skips it. */
  trainCommand?: string[] | null;
}

/** `--quick`: one repetition of one batch per back-end; proves the bench runs, measures nothing. */
export const QUICK_OPTIONS: BenchOptions = {
  samples: 2 * BATCH,
  wasmBatches: 1,
  cpuBatches: 1,
  repetitions: 1,
  predictRuns: { batch1: 2, batch256: 1 },
  workerBatches: 1,
  workerWarmup: 1,
  workerRounds: 1,
  trainCommand: ["--timeframe", "1d", "--epochs", "1"],
};

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
  /**
   * Median wasm latency of model.predict plus reading the result back, network only: the end-to-end
   * forecast (features included, shipped weights) is bench/forecast-latency.ts.
   */
  predictMs: { batch1: number; batch256: number };
  parameters: number;
  selected: SelectedBackend;
  /** Engine kernels one wasm training step runs (tf.profile), and the most expensive kernel types. */
  kernelsPerStep: number;
  topKernels: { name: string; calls: number; ms: number }[];
  /** Sum of the profiled step's kernel times (tf.profile's kernelTimeMs) and the step's own wall time. */
  profiledKernelMs: number;
  profiledStepMs: number;
  /** Median process CPU ms (user + system) per wasm batch, beside the wall ms: less disturbed by load. */
  wasmCpuMsPerBatch: number;
  /** Fixed cost of one engine kernel on wasm: µs per tf.add of two 1-element tensors, created and freed. */
  kernelOverheadUs: number;
  /** Multiply-add FLOPs of one step (forward ×3 for forward + backward), counted from the layer shapes. */
  stepFlops: number;
  /** stepFlops / wasm ms per batch. */
  effectiveGflops: number;
  /** Median rate of a 512×512 by 512×512 wasm matMul, same process. */
  matMulGflops: number;
  /** The same network with tf.layers.gru and tf.train.adam (the step before the fused layer), same run, wasm. */
  layersGru: { msPerBatch: number; repetitionsMs: number[]; kernelsPerStep: number };
  /** The fused GRU with tf.train.adam and tf-op clipping (the step before the fused optimiser), same run. */
  tfjsAdam: { msPerBatch: number; repetitionsMs: number[]; kernelsPerStep: number };
  /** Samples/s with 1 and 2 training workers at once (bench/train-workers.ts); null when skipped. */
  workers: WorkersComparison | null;
  /** Wall time of `coincast train <trainCommand>` in a child process; null when skipped. */
  trainCommand: { args: string[]; ms: number } | null;
  /** Wall time of the whole bench. */
  benchMs: number;
}

/** Runs the benchmark and returns its figures; prints nothing. */
export async function benchTrainThroughput(options: BenchOptions = {}): Promise<ThroughputReport> {
  const started = performance.now();
  const { samples = 384, wasmBatches = 6, cpuBatches = 2, repetitions = 5 } = options;
  const { workerBatches = 60, workerWarmup = 40, workerRounds = 3 } = options;
  const trainArgs =
    options.trainCommand === undefined ? ["--timeframe", "1d", "--kind", "network"] : options.trainCommand;
  const predictRuns = options.predictRuns ?? { batch1: 20, batch256: 5 };
  await tf.setBackend("cpu");
  const selected = await selectBackend({
    preference: "wasm",
    logger: options.logger ?? silentLogger(),
    ...(options.wasmSimd === undefined ? {} : { wasmSimd: options.wasmSimd }),
  });
  const data = syntheticData(samples, SEED);

  const wasm = await makeLane("wasm", data, null);
  // Same starting weights on both back-ends, moved as host arrays (tensors belong to one back-end).
  const weights = wasm.step.model
    .getWeights()
    .map((w) => ({ values: w.dataSync() as Float32Array, shape: w.shape }));
  const cpu = await makeLane("cpu", data, weights);
  const layers = await makeLane("wasm", data, weights, "layers", "tfjs");
  const adam = await makeLane("wasm", data, weights, "fused", "tfjs");

  // Warm-up: first calls compile kernels, allocate optimizer slots and grow the wasm heap.
  await trainBatches(wasm, 2);
  await trainBatches(cpu, 1);
  await trainBatches(layers, 2);
  await trainBatches(adam, 2);
  const layersRuns: number[] = [];
  const adamRuns: number[] = [];
  const wasmCpuRuns: number[] = [];

  const wasmRuns: number[] = [];
  const cpuRuns: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    // Interleaved so that background load on the machine hits both back-ends alike.
    const cpuStart = process.cpuUsage();
    wasmRuns.push(await trainBatches(wasm, wasmBatches));
    const cpuUsed = process.cpuUsage(cpuStart);
    wasmCpuRuns.push((cpuUsed.user + cpuUsed.system) / 1000 / wasmBatches);
    cpuRuns.push(await trainBatches(cpu, cpuBatches));
    layersRuns.push(await trainBatches(layers, wasmBatches));
    adamRuns.push(await trainBatches(adam, wasmBatches));
  }

  await tf.setBackend("wasm");
  const profile = await profileStep(wasm);
  const layersProfile = await profileStep(layers);
  const adamProfile = await profileStep(adam);
  await tf.setBackend("wasm");
  const kernelOverheadUs = await timeKernelOverhead(options.repetitions === 1 ? 100 : 2000);
  const matMulGflops = await timeMatMul(options.repetitions === 1 ? 2 : 9);
  const predictMs = {
    batch1: await timePredict(wasm.step.model, 1, predictRuns.batch1),
    batch256: await timePredict(wasm.step.model, 256, predictRuns.batch256),
  };
  const parameters = wasm.step.model.countParams();

  for (const lane of [wasm, cpu, layers, adam]) {
    await tf.setBackend(lane.backend);
    lane.step.model.dispose();
    lane.step.optimizer.dispose();
    tf.dispose(lane.batches.flatMap((b) => [b.x, b.y]));
  }
  await tf.setBackend("wasm");

  const summarise = (backend: "wasm" | "cpu", runs: number[]): BackendThroughput => {
    const msPerBatch = median(runs);
    return { backend, msPerBatch, samplesPerSecond: (BATCH * 1000) / msPerBatch, repetitionsMs: runs };
  };
  const wasmFigures = summarise("wasm", wasmRuns);
  const cpuFigures = summarise("cpu", cpuRuns);
  // After the lanes are freed, so that this thread is idle while the workers train.
  const workers =
    workerBatches > 0 ? await compareTrainWorkers(workerRounds, workerBatches, workerWarmup) : null;
  const trainCommand = trainArgs === null ? null : { args: trainArgs, ms: await timeTrainCommand(trainArgs) };
  const stepFlops = cnnGruStepFlops();
  return {
    kernelsPerStep: profile.kernels,
    topKernels: profile.top,
    profiledKernelMs: profile.kernelMs,
    profiledStepMs: profile.stepMs,
    wasmCpuMsPerBatch: median(wasmCpuRuns),
    kernelOverheadUs,
    stepFlops,
    effectiveGflops: stepFlops / (wasmFigures.msPerBatch * 1e6),
    matMulGflops,
    wasm: wasmFigures,
    cpu: cpuFigures,
    wasmSpeedup: cpuFigures.msPerBatch / wasmFigures.msPerBatch,
    predictMs,
    layersGru: {
      msPerBatch: median(layersRuns),
      repetitionsMs: layersRuns,
      kernelsPerStep: layersProfile.kernels,
    },
    tfjsAdam: { msPerBatch: median(adamRuns), repetitionsMs: adamRuns, kernelsPerStep: adamProfile.kernels },
    workers,
    trainCommand,
    benchMs: performance.now() - started,
    parameters,
    selected,
  };
}

/** Summary rows: both back-ends' ms per batch, the speed-up against its target, network-only predict. */
export function summariseTrainThroughput(report: ThroughputReport): SummaryRow[] {
  const row = (name: string, value: number, unit: SummaryRow["unit"] = "ms"): SummaryRow => ({
    bench: "train-throughput",
    name,
    value,
    unit,
  });
  return [
    row(`train batch ${BATCH}, wasm`, report.wasm.msPerBatch),
    row(`train batch ${BATCH}, cpu`, report.cpu.msPerBatch),
    {
      ...row("wasm:cpu training speed-up", report.wasmSpeedup, "x"),
      target: { op: ">=", value: SPEEDUP_TARGET },
    },
    { ...row("kernels per wasm step", report.kernelsPerStep, "x"), target: { op: "<", value: 800 } },
    {
      ...row("effective GFLOP/s : wasm matMul GFLOP/s", report.effectiveGflops / report.matMulGflops, "x"),
      target: { op: ">=", value: 0.25 },
    },
    row(`train batch ${BATCH}, wasm, tf.layers.gru + tf.train.adam (before)`, report.layersGru.msPerBatch),
    row(`train batch ${BATCH}, wasm, fused GRU + tf.train.adam`, report.tfjsAdam.msPerBatch),
    row(
      "tf.train.adam step : fused-optimiser step",
      report.tfjsAdam.msPerBatch / report.wasm.msPerBatch,
      "x",
    ),
    row("tf.layers.gru step : fused step", report.layersGru.msPerBatch / report.wasm.msPerBatch, "x"),
    ...(report.workers === null
      ? []
      : [
          {
            ...row("2 training workers : 1, samples/s", report.workers.ratio, "x"),
            target: { op: ">=" as const, value: 1.7 },
          },
        ]),
    ...(report.trainCommand === null
      ? []
      : [row(`coincast train ${report.trainCommand.args.join(" ")}`, report.trainCommand.ms)]),
    row("network predict batch 1, wasm", report.predictMs.batch1),
    row("network predict batch 256, wasm", report.predictMs.batch256),
  ];
}

export function printTrainThroughput(report: ThroughputReport): void {
  const { wasm, cpu, selected } = report;
  const row = (f: BackendThroughput) =>
    `${f.backend.padEnd(5)} ${f.msPerBatch.toFixed(1).padStart(9)} ${f.samplesPerSecond.toFixed(0).padStart(10)}   ${f.repetitionsMs.map((ms) => ms.toFixed(1)).join(", ")}`;
  console.log(
    `CNN-GRU (${report.parameters} parameters) training step of trainModel, batch ${BATCH}, ` +
      `window ${SHAPE.window} x ${SHAPE.features} features, ${SHAPE.horizons} horizons x ${QUANTILES.length} quantiles ` +
      `(wasm: SIMD ${selected.has.simd ? "on" : "off"}, threads ${selected.threads})`,
  );
  console.log("back  ms/batch  samples/s   per repetition (ms/batch)");
  console.log(row(wasm));
  console.log(row(cpu));
  console.log(
    `wasm:cpu speed-up ${report.wasmSpeedup.toFixed(1)}x (target >= ${SPEEDUP_TARGET}x): ` +
      (report.wasmSpeedup >= SPEEDUP_TARGET ? "pass" : "FAIL"),
  );
  console.log(
    `wasm step: ${report.kernelsPerStep} engine kernels (target < 800); ` +
      `${(report.stepFlops / 1e6).toFixed(0)} MFLOP at ${report.effectiveGflops.toFixed(2)} GFLOP/s, ` +
      `${((100 * report.effectiveGflops) / report.matMulGflops).toFixed(1)}% of wasm matMul ` +
      `(${report.matMulGflops.toFixed(1)} GFLOP/s, 512^3, same run; target >= 25%)`,
  );
  console.log(
    `  most expensive kernels: ${report.topKernels.map((k) => `${k.name} ${k.calls}x ${k.ms.toFixed(1)} ms`).join(", ")}`,
  );
  const floorMs = report.stepFlops / (report.matMulGflops * 1e6);
  const fixedMs = (report.kernelsPerStep * report.kernelOverheadUs) / 1000;
  console.log(
    `  profiled step ${report.profiledStepMs.toFixed(1)} ms, its kernels ${report.profiledKernelMs.toFixed(1)} ms ` +
      `(${(report.profiledStepMs - report.profiledKernelMs).toFixed(1)} ms outside kernels: engine, tape, JS); ` +
      `wasm CPU ${report.wasmCpuMsPerBatch.toFixed(1)} ms per batch (wall ${wasm.msPerBatch.toFixed(1)})`,
  );
  console.log(
    `  fixed cost of one engine kernel ${report.kernelOverheadUs.toFixed(1)} us (1-element add) x ${report.kernelsPerStep} ` +
      `= ${fixedMs.toFixed(1)} ms; arithmetic at matMul's rate ${floorMs.toFixed(1)} ms; the 25% target is ` +
      `${(floorMs / 0.25).toFixed(1)} ms a step`,
  );
  console.log(
    `same network with tf.train.adam and tf-op clipping (the step before the fused optimiser), wasm: ` +
      `${report.tfjsAdam.msPerBatch.toFixed(1)} ms/batch (${report.tfjsAdam.repetitionsMs.map((ms) => ms.toFixed(1)).join(", ")}), ` +
      `${report.tfjsAdam.kernelsPerStep} kernels; fused optimiser ${(report.tfjsAdam.msPerBatch / wasm.msPerBatch).toFixed(2)}x faster`,
  );
  const layersGflops = report.stepFlops / (report.layersGru.msPerBatch * 1e6);
  console.log(
    `same network with tf.layers.gru and tf.train.adam (the step before the fused layer), wasm: ` +
      `${report.layersGru.msPerBatch.toFixed(1)} ms/batch (${report.layersGru.repetitionsMs.map((ms) => ms.toFixed(1)).join(", ")}), ` +
      `${report.layersGru.kernelsPerStep} kernels, ${layersGflops.toFixed(2)} GFLOP/s = ` +
      `${((100 * layersGflops) / report.matMulGflops).toFixed(1)}% of wasm matMul; ` +
      `fused step ${(report.layersGru.msPerBatch / wasm.msPerBatch).toFixed(2)}x faster`,
  );
  if (report.workers !== null) {
    const cpu = (w: WorkersThroughput) =>
      w.cpuMsPerBatch === null ? "" : `, thread CPU ${w.cpuMsPerBatch.toFixed(1)} ms`;
    for (const [i, { one, two }] of report.workers.rounds.entries()) {
      console.log(
        `training workers, round ${i + 1} (own wasm each, batch ${BATCH}): 1 worker ${one.samplesPerSecond.toFixed(0)} samples/s ` +
          `(${one.msPerBatch.toFixed(1)} ms a batch${cpu(one)}), 2 workers ${two.samplesPerSecond.toFixed(0)} samples/s ` +
          `(${two.msPerBatch.toFixed(1)} ms a batch each${cpu(two)}; ${(100 * two.overlap).toFixed(0)}% side by side): ` +
          `${(two.samplesPerSecond / one.samplesPerSecond).toFixed(2)}x`,
      );
    }
    console.log(
      `2 training workers : 1, median of ${report.workers.rounds.length} rounds: ${report.workers.ratio.toFixed(2)}x ` +
        "(target >= 1.7x; other load on the cores lowers it)",
    );
  }
  if (report.trainCommand !== null) {
    console.log(
      `coincast train ${report.trainCommand.args.join(" ")} (child process, from scratch): ` +
        `${(report.trainCommand.ms / 1000).toFixed(1)} s wall`,
    );
  }
  console.log(`bench wall time ${(report.benchMs / 1000).toFixed(0)} s`);
  console.log(
    `wasm predict, network only (untrained weights, no features): batch 1 ${report.predictMs.batch1.toFixed(1)} ms, ` +
      `batch 256 ${report.predictMs.batch256.toFixed(1)} ms`,
  );
}

if (isMain(import.meta.url)) {
  const report = await benchTrainThroughput({
    ...(quickFlag() ? QUICK_OPTIONS : {}),
    logger: createLogger("info"),
    ...(process.argv.includes("--no-simd") ? { wasmSimd: false } : {}),
    ...(process.argv.includes("--no-workers") ? { workerBatches: 0 } : {}),
    ...(process.argv.includes("--no-train-command") ? { trainCommand: null } : {}),
  });
  printTrainThroughput(report);
}
