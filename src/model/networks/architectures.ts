import * as tf from "@tensorflow/tfjs";
import { FusedGru, FusedLstm } from "../acceleration/fused-rnn/fused-layers.js";
import type { ArchitectureName } from "./architecture-names.js";
import { createRng, nextSeed, type Rng } from "./seed.js";

export { ARCHITECTURES, type ArchitectureName } from "./architecture-names.js";

/** What a builder needs to know about the data: input [window, features], output [horizons × quantiles]. */
export interface ModelShape {
  window: number;
  features: number;
  horizons: number;
  /** Ascending quantile levels; must contain 0.5. */
  quantiles: readonly number[];
}

/** Every architecture and training knob in one place, so meta.json records exactly what was run. */
export interface Hyperparameters {
  /** Filters of each Conv1D block (kernel `kernelSize`, 'same' padding, relu, then max-pool `poolSize`). */
  convFilters: readonly number[];
  kernelSize: number;
  poolSize: number;
  /** Units of each stacked recurrent layer; all but the last return sequences. */
  recurrentUnits: readonly number[];
  /** Units of the dense layer before the quantile head. */
  denseUnits: number;
  dropout: number;
  learningRate: number;
  batchSize: number;
  /** Upper bound; early stopping usually ends training sooner. */
  epochs: number;
  /** Epochs without a validation improvement before stopping (best weights are restored). */
  patience: number;
  /** Learning rate is multiplied by lrFactor after lrPatience epochs without improvement. */
  lrFactor: number;
  lrPatience: number;
  minLearningRate: number;
  /** Gradients are rescaled to at most this global L2 norm: recurrent nets on fat-tailed returns spike. */
  clipNorm: number;
  /** Fraction of the training windows held out (most recent) for early stopping and conformal calibration. */
  validationFraction: number;
  /**
   * Target scale (issue 27): "ewma" (default) divides targets by RiskMetrics EWMA x root h; "har" anchors
   * the network on each coin's HAR forecast per horizon and starts it at HAR with FHS (fit-anchored.ts).
   */
  anchor?: "ewma" | "har" | undefined;
  /** Keep every k-th training window of each coin (default 1: all): the global 4h set is subsampled. */
  trainStride?: number | undefined;
  /** Coins the network never trains on (leave-coins-out); they are still forecast and scored. */
  holdOut?: readonly string[] | undefined;
  /**
   * With anchor "har": the global network also reads the market-wide inputs at each step (cross-coin
   * volatility, BTC's return and volatility; features/market-inputs.ts), which every series must carry.
   */
  marketInputs?: boolean | undefined;
  /**
   * With anchor "har" and a seed ensemble: one anchor weight per horizon chosen for the whole ensemble on its
   * members' averaged raw quantiles, written into every member's anchor.weights (ensemble-weights.ts),
   * instead of each member choosing its own.
   */
  ensembleWeights?: boolean | undefined;
}

/**
 * Sized for 2 CPU cores: the cnn-gru has ~14k parameters, and the pooling shrinks 60 steps to 15 before
 * the GRUs, which is where the time goes on wasm/cpu (RNNs unroll one step at a time). Measured on wasm,
 * 2 busy cores: ~10 s per epoch for the pooled daily set (8.5k windows of 60×14). Validation loss bottoms
 * out within ~10 epochs on daily data (the signal is weak), so 20 epochs with patience 8 bound a full
 * training at ~3.5 minutes, which also keeps the walk-forward evaluation (a refit per fold) affordable.
 */
export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  convFilters: [32, 32],
  kernelSize: 3,
  poolSize: 2,
  recurrentUnits: [32, 16],
  denseUnits: 32,
  dropout: 0.2,
  learningRate: 1e-3,
  batchSize: 64,
  epochs: 20,
  patience: 8,
  lrFactor: 0.5,
  lrPatience: 3,
  minLearningRate: 1e-5,
  clipNorm: 1,
  validationFraction: 0.15,
};

/** Builds an untrained model for `shape`; every random initializer and dropout layer is seeded from `seed`. */
export type ModelBuilder = (shape: ModelShape, hyper: Hyperparameters, seed: number) => tf.LayersModel;

/** Name of the frozen layer that turns median + increments into quantiles (see quantileHead). */
export const QUANTILE_LAYER = "quantiles";
const INCREMENT_LAYER = "quantile_increments";

/**
 * Raw head layout, per horizon h: the median at [h], then the Q-1 gaps between neighbouring quantiles
 * at [H + h·(Q-1) + k]. The frozen decode layer maps them to quantiles, horizon-major: output[h·Q + j].
 * A quantile below the median is the median minus the gaps down to it, one above is the median plus the
 * gaps up to it, so with softplus gaps (> 0) the quantiles can never cross. We chose this over sorting
 * because sorting has no gradient in tfjs and lets the heads swap roles during training.
 */
export function decodeMatrix(horizons: number, quantiles: readonly number[]): number[][] {
  const q = quantiles.length;
  const m = medianIndex(quantiles);
  const rows = horizons + horizons * (q - 1);
  const matrix = Array.from({ length: rows }, () => new Array<number>(horizons * q).fill(0));
  const set = (row: number, col: number, value: number) => {
    (matrix[row] as number[])[col] = value;
  };
  for (let h = 0; h < horizons; h++) {
    const gapRow = (i: number) => horizons + h * (q - 1) + (i < m ? i : i - 1);
    for (let j = 0; j < q; j++) {
      set(h, h * q + j, 1);
      for (let i = j; i < m; i++) set(gapRow(i), h * q + j, -1);
      for (let i = m + 1; i <= j; i++) set(gapRow(i), h * q + j, 1);
    }
  }
  return matrix;
}

function medianIndex(quantiles: readonly number[]): number {
  const m = quantiles.indexOf(0.5);
  if (m < 0) throw new Error("quantile levels must include the median 0.5");
  return m;
}

/**
 * Initial gap biases: the gaps of a standard normal, so an untrained model on standardised targets
 * already predicts sensible intervals. Φ⁻¹(p) ≈ logit(p)/1.702 is close enough for an initialisation.
 */
function initialGapBiases(horizons: number, quantiles: readonly number[]): Float32Array {
  const z = (p: number) => Math.log(p / (1 - p)) / 1.702;
  const m = medianIndex(quantiles);
  const gaps: number[] = [];
  quantiles.forEach((level, i) => {
    if (i === m) return;
    const neighbour = quantiles[i < m ? i + 1 : i - 1] as number;
    gaps.push(Math.abs(z(level) - z(neighbour)));
  });
  const inverseSoftplus = (g: number) => Math.log(Math.expm1(g));
  const bias = new Float32Array(horizons * gaps.length);
  for (let h = 0; h < horizons; h++) {
    gaps.forEach((g, k) => {
      bias[h * gaps.length + k] = inverseSoftplus(g);
    });
  }
  return bias;
}

/** Gate activation of every recurrent layer the builders make. */
export const RECURRENT_GATE = "sigmoid" as const;

const glorot = (rng: Rng) => tf.initializers.glorotUniform({ seed: nextSeed(rng) });

/**
 * Recurrent kernels use Glorot too: tfjs's orthogonal initializer warns on every matrix over 2000
 * elements (a 32-unit GRU's is 3072) and, after pooling, the sequences are only ~15 steps long.
 * The layers are the fused ones (acceleration/fused-rnn/): tf.layers.gru's maths and weight layout, one kernel per
 * sequence instead of ~35 per time step. Gates are sigmoid, not tfjs's default hardSigmoid: that changes
 * the model (meta.json records it as `recurrent`), and costs one exp where hardSigmoid's clip cost three
 * kernels in the unfused layer.
 */
function recurrentStack(
  input: tf.SymbolicTensor,
  kind: "gru" | "lstm",
  hyper: Hyperparameters,
  rng: Rng,
): tf.SymbolicTensor {
  let x = input;
  hyper.recurrentUnits.forEach((units, i) => {
    const args = {
      units,
      returnSequences: i < hyper.recurrentUnits.length - 1,
      kernelInitializer: glorot(rng),
      recurrentInitializer: glorot(rng),
      recurrentActivation: RECURRENT_GATE,
    };
    x = (kind === "gru" ? new FusedGru(args) : new FusedLstm(args)).apply(x) as tf.SymbolicTensor;
  });
  return x;
}

function convBlocks(input: tf.SymbolicTensor, hyper: Hyperparameters, rng: Rng): tf.SymbolicTensor {
  let x = input;
  for (const filters of hyper.convFilters) {
    x = tf.layers
      .conv1d({
        filters,
        kernelSize: hyper.kernelSize,
        padding: "same",
        activation: "relu",
        kernelInitializer: glorot(rng),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling1d({ poolSize: hyper.poolSize }).apply(x) as tf.SymbolicTensor;
  }
  return x;
}

/** Dropout, dense, dropout, then median + softplus gaps decoded by a frozen linear layer. */
function quantileHead(
  body: tf.SymbolicTensor,
  shape: ModelShape,
  hyper: Hyperparameters,
  rng: Rng,
): tf.SymbolicTensor {
  const { horizons, quantiles } = shape;
  const dropout = () => tf.layers.dropout({ rate: hyper.dropout, seed: nextSeed(rng) });
  let x = dropout().apply(body) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ units: hyper.denseUnits, activation: "relu", kernelInitializer: glorot(rng) })
    .apply(x) as tf.SymbolicTensor;
  x = dropout().apply(x) as tf.SymbolicTensor;
  const median = tf.layers
    .dense({ units: horizons, kernelInitializer: glorot(rng), name: "quantile_median" })
    .apply(x) as tf.SymbolicTensor;
  const gaps = tf.layers
    .dense({
      units: horizons * (quantiles.length - 1),
      activation: "softplus",
      kernelInitializer: glorot(rng),
      name: INCREMENT_LAYER,
    })
    .apply(x) as tf.SymbolicTensor;
  const raw = tf.layers.concatenate().apply([median, gaps]) as tf.SymbolicTensor;
  return tf.layers
    .dense({ units: horizons * quantiles.length, useBias: false, trainable: false, name: QUANTILE_LAYER })
    .apply(raw) as tf.SymbolicTensor;
}

/** Sets the weights the layer API cannot initialise: the frozen decode matrix and the gap biases. */
function finish(model: tf.LayersModel, shape: ModelShape): tf.LayersModel {
  tf.tidy(() => {
    model.getLayer(QUANTILE_LAYER).setWeights([tf.tensor2d(decodeMatrix(shape.horizons, shape.quantiles))]);
    const gapLayer = model.getLayer(INCREMENT_LAYER);
    const [kernel] = gapLayer.getWeights();
    gapLayer.setWeights([
      kernel as tf.Tensor,
      tf.tensor1d(initialGapBiases(shape.horizons, shape.quantiles)),
    ]);
  });
  return model;
}

function assertPoolable(shape: ModelShape, hyper: Hyperparameters): void {
  const steps = shape.window / hyper.poolSize ** hyper.convFilters.length;
  if (steps < 1) {
    throw new Error(`window ${shape.window} is too short for ${hyper.convFilters.length} pooling blocks`);
  }
}

/** Conv1D blocks with max-pooling, then stacked GRUs: the hybrid Coincast ships. */
export const buildCnnGru: ModelBuilder = (shape, hyper, seed) => {
  assertPoolable(shape, hyper);
  const rng = createRng(seed);
  const input = tf.input({ shape: [shape.window, shape.features] });
  const body = recurrentStack(convBlocks(input, hyper, rng), "gru", hyper, rng);
  return finish(tf.model({ inputs: input, outputs: quantileHead(body, shape, hyper, rng) }), shape);
};

/** Stacked GRUs on the raw window: shows what the convolutions add. */
export const buildGru: ModelBuilder = (shape, hyper, seed) => {
  const rng = createRng(seed);
  const input = tf.input({ shape: [shape.window, shape.features] });
  const body = recurrentStack(input, "gru", hyper, rng);
  return finish(tf.model({ inputs: input, outputs: quantileHead(body, shape, hyper, rng) }), shape);
};

/** Stacked LSTMs on the raw window, the classic recurrent baseline. */
export const buildLstm: ModelBuilder = (shape, hyper, seed) => {
  const rng = createRng(seed);
  const input = tf.input({ shape: [shape.window, shape.features] });
  const body = recurrentStack(input, "lstm", hyper, rng);
  return finish(tf.model({ inputs: input, outputs: quantileHead(body, shape, hyper, rng) }), shape);
};

/**
 * Conv blocks then flatten: flatten rather than global pooling, because global pooling throws away
 * where in the window a pattern was, and recency is most of the signal in a price series.
 */
export const buildCnn: ModelBuilder = (shape, hyper, seed) => {
  assertPoolable(shape, hyper);
  const rng = createRng(seed);
  const input = tf.input({ shape: [shape.window, shape.features] });
  const body = tf.layers.flatten().apply(convBlocks(input, hyper, rng)) as tf.SymbolicTensor;
  return finish(tf.model({ inputs: input, outputs: quantileHead(body, shape, hyper, rng) }), shape);
};

/** Builder per architecture name. */
export const BUILDERS: Record<ArchitectureName, ModelBuilder> = {
  "cnn-gru": buildCnnGru,
  gru: buildGru,
  lstm: buildLstm,
  cnn: buildCnn,
};
