/**
 * Training throughput of the GLOBAL CNN-GRU anchored on HAR (issue 27) on the global data, as
 * `coincast train --timeframe <tf> --kind network --global` builds it (the served pairs and the corpus, every
 * n-th window of each coin): the same forecaster fit the training worker runs, here on this thread's wasm
 * back-end (with Coincast's kernels), timed epoch by epoch. For each epoch: training windows per second of
 * epoch wall time (the validation pass included) and the share of that time spent in wasm's matMul kernels
 * (BatchMatMul and _FusedMatMul, timed by a wrapper around their kernelFunc: the engine's calls and the fused
 * GRU's own input projections alike, since both look the kernel up in the registry). In the same run: wasm's
 * 512³ matMul rate (the effective GFLOP/s of training as a share of it, bench/train-throughput.ts's figure)
 * and trainModel's step on synthetic batches (the kernels alone, no data pipeline), for ratios.
 * Run: `npx tsx bench/train-global.ts [--timeframe 1d|4h] [--stride N] [--epochs N] [--quick]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { trainingSeries } from "../src/cli/train.js";
import { createConfig } from "../src/config.js";
import { createServices } from "../src/create-services.js";
import { createLogger, type Logger, silentLogger } from "../src/logger.js";
import { type SelectedBackend, selectBackend } from "../src/model/acceleration/backend.js";
import { horizonSteps, type ModelTimeframe, parseModelTimeframe } from "../src/model/horizons.js";
import type { Hyperparameters } from "../src/model/networks/architectures.js";
import { createNeuralForecaster } from "../src/model/networks/neural-forecaster.js";
import { defaultGlobalStride } from "../src/model/saved/train-recipe.js";
import type { SeriesData } from "../src/model/types.js";
import { isMain, median, quickFlag } from "./measure.js";
import { cnnGruStepFlops, timeMatMul } from "./step-timing.js";
import { BATCH, makeLane, SEED, syntheticData, trainBatches } from "./train-lane.js";

/** The kernels counted as matMul: the engine's products and the fused layers' projections. */
const MATMUL_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;

export interface GlobalBenchOptions {
  timeframe?: ModelTimeframe;
  /** Every n-th training window of each coin; default the CLI's (4 at 1d, 24 at 4h). */
  stride?: number;
  epochs?: number;
  /** Training data; default the global data `train --global` builds (shipped history and corpus). */
  data?: { series: SeriesData[]; trainEnd: number };
  /** Overrides of the network's settings (tests: a smaller network). */
  hyper?: Partial<Hyperparameters>;
  /** Timed synthetic batches of trainModel's step after the fit; 0 skips them. */
  syntheticBatches?: number;
  /** Timed runs of the 512³ matMul. */
  matMulRuns?: number;
  logger?: Logger;
}

/** `--quick`: one epoch on every 50th window and a few synthetic batches; proves the bench runs. */
export const QUICK_OPTIONS: GlobalBenchOptions = {
  epochs: 1,
  stride: 50,
  syntheticBatches: 2,
  matMulRuns: 2,
};

export interface EpochFigures {
  epoch: number;
  ms: number;
  samplesPerSecond: number;
  matMulMs: number;
  matMulCalls: number;
  /** matMulMs / ms. */
  matMulShare: number;
}

export interface GlobalBenchReport {
  timeframe: ModelTimeframe;
  stride: number;
  coins: number;
  trainWindows: number;
  validationWindows: number;
  epochs: EpochFigures[];
  medianSamplesPerSecond: number;
  medianMatMulShare: number;
  /** Loading the served pairs' and the corpus's candles through the store, as the train command does, ms. */
  loadMs: number;
  /** The whole bench (loading, fit, matMul and synthetic batches), ms. */
  benchMs: number;
  /** The whole fit (data, HAR anchors, training, calibration) and its training part, ms. */
  fitMs: number;
  trainMs: number;
  /** Training FLOPs a second at the median epoch (validation not counted) and wasm's 512³ matMul rate. */
  effectiveGflops: number;
  matMulGflops: number;
  /** trainModel's step on synthetic batches of the same shape, same process: samples/s and matMul share. */
  synthetic: { samplesPerSecond: number; matMulShare: number } | null;
  selected: SelectedBackend;
}

/** Wraps the wasm matMul kernels' kernelFunc with a timer; `restore` puts the originals back. */
function timeMatMulKernels(): { read: () => { ms: number; calls: number }; restore: () => void } {
  const totals = { ms: 0, calls: 0 };
  const originals: tf.KernelConfig[] = [];
  for (const name of MATMUL_KERNELS) {
    const kernel = tf.getKernel(name, "wasm");
    if (kernel === undefined) continue;
    originals.push(kernel);
    const inner = kernel.kernelFunc;
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({
      ...kernel,
      // wasm kernels run synchronously: the wall time around the call is the kernel's.
      kernelFunc: (args) => {
        const start = performance.now();
        const out = inner(args);
        totals.ms += performance.now() - start;
        totals.calls++;
        return out;
      },
    });
  }
  return {
    read: () => ({ ...totals }),
    restore: () => {
      for (const kernel of originals) {
        tf.unregisterKernel(kernel.kernelName, "wasm");
        tf.registerKernel(kernel);
      }
    },
  };
}

/** The global data as `coincast train --global` loads it, from a fresh state folder (shipped data only). */
async function globalData(timeframe: ModelTimeframe): Promise<{ series: SeriesData[]; trainEnd: number }> {
  const scratch = await mkdtemp(join(tmpdir(), "coincast-bench-global-"));
  const services = createServices(createConfig({ ...process.env, DATA_DIR: scratch }), silentLogger());
  try {
    const { series, lastCandle } = await trainingSeries(services, timeframe, true);
    return { series, trainEnd: lastCandle };
  } finally {
    await services.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Runs the benchmark and returns its figures; prints nothing. */
export async function benchTrainGlobal(options: GlobalBenchOptions = {}): Promise<GlobalBenchReport> {
  const timeframe = options.timeframe ?? "1d";
  const stride = options.stride ?? defaultGlobalStride(timeframe);
  const { epochs = 3, syntheticBatches = 30, matMulRuns = 9 } = options;
  const benchStarted = performance.now();
  await tf.setBackend("cpu");
  const selected = await selectBackend({ preference: "wasm", logger: options.logger ?? silentLogger() });
  const loadStarted = performance.now();
  const data = options.data ?? (await globalData(timeframe));
  const loadMs = performance.now() - loadStarted;
  const forecaster = createNeuralForecaster({
    name: "cnn-gru",
    architecture: "cnn-gru",
    timeframe,
    // patience above the epochs: every epoch runs, whatever the validation loss does.
    hyper: { ...options.hyper, anchor: "har", trainStride: stride, epochs, patience: epochs + 1 },
  });
  const timer = timeMatMulKernels();
  const marks: { at: number; matMul: { ms: number; calls: number } }[] = [];
  let fitMs: number;
  try {
    const started = performance.now();
    await forecaster.fit(data.series, data.trainEnd, [...horizonSteps(timeframe)], () => {
      marks.push({ at: performance.now(), matMul: timer.read() });
    });
    fitMs = performance.now() - started;
  } finally {
    timer.restore();
  }
  const [meta] = forecaster.networks;
  forecaster.dispose();
  if (meta === undefined || marks.length === 0) throw new Error("the global fit trained no epoch");
  const { trainWindows = 0, validationWindows = 0, trainMs = 0, trainCoins = 0 } = meta.metrics;
  // trainMs runs from the model's build to the last epoch's end: the first epoch starts trainMs before it.
  const lastAt = marks.at(-1)?.at ?? 0;
  let previous = { at: lastAt - trainMs, matMul: { ms: 0, calls: 0 } };
  const epochFigures = marks.map((mark, i) => {
    const ms = mark.at - previous.at;
    const matMulMs = mark.matMul.ms - previous.matMul.ms;
    const figures = {
      epoch: i + 1,
      ms,
      samplesPerSecond: (trainWindows * 1000) / ms,
      matMulMs,
      matMulCalls: mark.matMul.calls - previous.matMul.calls,
      matMulShare: matMulMs / ms,
    };
    previous = mark;
    return figures;
  });
  const medianSamplesPerSecond = median(epochFigures.map((e) => e.samplesPerSecond));

  await tf.setBackend("wasm");
  const matMulGflops = await timeMatMul(matMulRuns);
  let synthetic: GlobalBenchReport["synthetic"] = null;
  if (syntheticBatches > 0) {
    const lane = await makeLane("wasm", syntheticData(4 * BATCH, SEED), null);
    await trainBatches(lane, 2);
    const laneTimer = timeMatMulKernels();
    let ms: number;
    try {
      ms = await trainBatches(lane, syntheticBatches);
    } finally {
      laneTimer.restore();
    }
    synthetic = {
      samplesPerSecond: (BATCH * 1000) / ms,
      matMulShare: laneTimer.read().ms / (ms * syntheticBatches),
    };
    lane.step.model.dispose();
    lane.step.optimizer.dispose();
    tf.dispose(lane.batches.flatMap((b) => [b.x, b.y]));
  }
  return {
    timeframe,
    stride,
    coins: trainCoins,
    trainWindows,
    validationWindows,
    epochs: epochFigures,
    medianSamplesPerSecond,
    medianMatMulShare: median(epochFigures.map((e) => e.matMulShare)),
    benchMs: performance.now() - benchStarted,
    loadMs,
    fitMs,
    trainMs,
    effectiveGflops: (medianSamplesPerSecond * cnnGruStepFlops()) / BATCH / 1e9,
    matMulGflops,
    synthetic,
    selected,
  };
}

export function printTrainGlobal(report: GlobalBenchReport): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `global CNN-GRU anchored on HAR, ${report.timeframe}: ${report.coins} coins, every ${report.stride}th window, ` +
      `${report.trainWindows} training and ${report.validationWindows} validation windows ` +
      `(wasm: SIMD ${report.selected.has.simd ? "on" : "off"}, threads ${report.selected.threads})`,
  );
  console.log("epoch   wall ms  samples/s  matMul ms  calls  matMul share");
  for (const e of report.epochs) {
    console.log(
      `${String(e.epoch).padStart(5)} ${e.ms.toFixed(0).padStart(9)} ${e.samplesPerSecond.toFixed(0).padStart(10)} ` +
        `${e.matMulMs.toFixed(0).padStart(10)} ${String(e.matMulCalls).padStart(6)}  ${pct(e.matMulShare).padStart(12)}`,
    );
  }
  console.log(
    `median of ${report.epochs.length} epochs: ${report.medianSamplesPerSecond.toFixed(0)} samples/s ` +
      `(training windows per second of epoch wall time, validation pass included), ` +
      `${pct(report.medianMatMulShare)} of it in wasm matMul kernels`,
  );
  console.log(
    `loading the candles ${(report.loadMs / 1000).toFixed(1)} s; ` +
      `fit ${(report.fitMs / 1000).toFixed(1)} s, of which training ${(report.trainMs / 1000).toFixed(1)} s ` +
      "(the rest: features, HAR anchors, calibration windows and the weights' choice)",
  );
  console.log(
    `effective ${report.effectiveGflops.toFixed(2)} GFLOP/s at the median epoch = ` +
      `${pct(report.effectiveGflops / report.matMulGflops)} of wasm's 512^3 matMul (${report.matMulGflops.toFixed(1)} GFLOP/s, same run)`,
  );
  if (report.synthetic !== null) {
    console.log(
      `trainModel's step on synthetic batches, same run: ${report.synthetic.samplesPerSecond.toFixed(0)} samples/s, ` +
        `${pct(report.synthetic.matMulShare)} in matMul; global : synthetic ` +
        `${(report.medianSamplesPerSecond / report.synthetic.samplesPerSecond).toFixed(2)}x`,
    );
  }
  console.log(`bench wall time ${(report.benchMs / 1000).toFixed(0)} s`);
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      timeframe: { type: "string", default: "1d" },
      stride: { type: "string" },
      epochs: { type: "string" },
    },
  });
  const report = await benchTrainGlobal({
    ...(quickFlag() ? QUICK_OPTIONS : {}),
    timeframe: parseModelTimeframe(values.timeframe),
    ...(values.stride === undefined ? {} : { stride: Number(values.stride) }),
    ...(values.epochs === undefined ? {} : { epochs: Number(values.epochs) }),
    logger: createLogger("info"),
  });
  printTrainGlobal(report);
}
