import * as tf from "@tensorflow/tfjs";
import {
  type ClippedOptimizer,
  createClippedAdam,
  type OptimizerKind,
} from "../acceleration/fused-optimizer/clipped-adam.js";
import { QUANTILES, type TrainProgress } from "../types.js";
import type { Hyperparameters, ModelBuilder, ModelShape } from "./architectures.js";
import { createPinballLoss, type QuantileLoss } from "./pinball-loss.js";
import { createRng, nextSeed, seededPermutation } from "./seed.js";

/**
 * Windows and targets as flat row-major arrays: x is n×window×features, y is n×horizons.
 * The validation slice must be the most recent windows (chronological split, done by the caller).
 */
export interface TrainData {
  xTrain: Float32Array;
  yTrain: Float32Array;
  xVal: Float32Array;
  yVal: Float32Array;
  window: number;
  features: number;
  horizons: number;
}

export interface TrainOptions {
  build: ModelBuilder;
  data: TrainData;
  hyper: Hyperparameters;
  /** Seeds the initializers, the per-epoch shuffle and every dropout mask. */
  seed: number;
  /** Reported as TrainProgress.model. */
  name?: string;
  quantiles?: readonly number[];
  onProgress?: (progress: TrainProgress) => void;
  /** Aborting stops at the next batch, disposes everything and rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * "fused" (default): clipping and Adam in one kernel a step; "tfjs": tf.train.adam after clipping with
   * tf ops, the path before (same maths to float32 rounding, ~280 kernels a step).
   */
  optimizer?: OptimizerKind;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number | null;
  learningRate: number;
  ms: number;
}

export interface TrainResult {
  /** Carries the best weights seen (by validation loss, or training loss without a validation slice). */
  model: tf.LayersModel;
  history: EpochRecord[];
  bestEpoch: number;
  bestLoss: number;
  stoppedEarly: boolean;
  meanEpochMs: number;
}

/** Minimum improvement of the monitored loss that resets the patience counters. */
const MIN_DELTA = 1e-4;

/**
 * Trains a fresh model with Adam on the pinball loss, with a hand-written loop rather than model.fit:
 * model.fit shuffles with Math.random (unseedable), has no ReduceLROnPlateau in tfjs, and would reuse one
 * dropout mask for every batch when dropout layers are seeded (tfjs re-seeds its generator on each call).
 * Here each batch gets a fresh dropout seed drawn from the seeded PRNG, so runs are reproducible and the
 * masks still vary.
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const { data, hyper, seed, signal } = options;
  const quantiles = options.quantiles ?? QUANTILES;
  const shape: ModelShape = {
    window: data.window,
    features: data.features,
    horizons: data.horizons,
    quantiles,
  };
  const rowsOf = (y: Float32Array) => y.length / data.horizons;
  const nTrain = rowsOf(data.yTrain);
  const nVal = rowsOf(data.yVal);
  if (nTrain < 1) throw new Error("trainModel: no training windows");
  const block = data.window * data.features;
  if (data.xTrain.length !== nTrain * block || data.xVal.length !== nVal * block || !Number.isInteger(nVal)) {
    throw new RangeError(
      `trainModel: x must hold ${block} values (window × features) per target row of ${data.horizons}`,
    );
  }
  signal?.throwIfAborted();

  const model = options.build(shape, hyper, seed);
  const rng = createRng(seed ^ 0x5bd1e995);
  const optimizer = createClippedAdam(options.optimizer ?? "fused", hyper.learningRate, hyper.clipNorm);
  const loss = createPinballLoss(quantiles);
  const tensors = {
    xTrain: tf.tensor3d(data.xTrain, [nTrain, data.window, data.features]),
    yTrain: tf.tensor2d(data.yTrain, [nTrain, data.horizons]),
    xVal: nVal > 0 ? tf.tensor3d(data.xVal, [nVal, data.window, data.features]) : null,
    yVal: nVal > 0 ? tf.tensor2d(data.yVal, [nVal, data.horizons]) : null,
  };
  const step: BatchStep = {
    model,
    optimizer,
    loss,
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
  };
  const dropouts = model.layers.filter((layer) => layer.getClassName() === "Dropout");
  let best: tf.Tensor[] | null = null;
  try {
    const history: EpochRecord[] = [];
    let bestLoss = Number.POSITIVE_INFINITY;
    let bestEpoch = 0;
    let sinceBest = 0;
    let sinceLrDrop = 0;
    let learningRate = hyper.learningRate;
    let stoppedEarly = false;
    for (let epoch = 1; epoch <= hyper.epochs; epoch++) {
      const started = performance.now();
      const order = seededPermutation(nTrain, rng);
      let lossSum = 0;
      for (let start = 0; start < nTrain; start += hyper.batchSize) {
        signal?.throwIfAborted();
        const batch = order.subarray(start, Math.min(start + hyper.batchSize, nTrain));
        for (const layer of dropouts) (layer as unknown as { seed: number }).seed = nextSeed(rng);
        const value = tf.tidy(() => {
          const index = tf.tensor1d(batch, "int32");
          return trainBatch(step, tf.gather(tensors.xTrain, index), tf.gather(tensors.yTrain, index));
        });
        lossSum += ((await value.data())[0] ?? 0) * batch.length;
        value.dispose();
      }
      const trainLoss = lossSum / nTrain;
      const valLoss =
        tensors.xVal && tensors.yVal ? evaluate(model, loss, tensors.xVal, tensors.yVal, hyper) : null;
      const ms = performance.now() - started;
      history.push({ epoch, loss: trainLoss, valLoss, learningRate, ms });

      const monitored = valLoss ?? trainLoss;
      if (monitored < bestLoss - MIN_DELTA) {
        bestLoss = monitored;
        bestEpoch = epoch;
        sinceBest = 0;
        sinceLrDrop = 0;
        if (best) tf.dispose(best);
        best = model.getWeights().map((w) => w.clone());
      } else {
        sinceBest++;
        sinceLrDrop++;
        if (sinceLrDrop >= hyper.lrPatience && learningRate > hyper.minLearningRate) {
          learningRate = Math.max(learningRate * hyper.lrFactor, hyper.minLearningRate);
          optimizer.learningRate = learningRate;
          sinceLrDrop = 0;
        }
      }
      const meanMs = history.reduce((sum, r) => sum + r.ms, 0) / history.length;
      stoppedEarly = sinceBest >= hyper.patience && epoch < hyper.epochs;
      options.onProgress?.({
        model: options.name ?? "model",
        epoch,
        epochs: hyper.epochs,
        loss: trainLoss,
        valLoss,
        etaMs: stoppedEarly ? 0 : meanMs * (hyper.epochs - epoch),
      });
      if (stoppedEarly) break;
    }
    if (best) model.setWeights(best);
    const meanEpochMs = history.reduce((sum, r) => sum + r.ms, 0) / history.length;
    return { model, history, bestEpoch, bestLoss, stoppedEarly, meanEpochMs };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    if (best) tf.dispose(best);
    for (const tensor of Object.values(tensors)) tensor?.dispose();
    optimizer.dispose();
  }
}

/** What one optimiser step needs; trainModel builds one per run. */
export interface BatchStep {
  model: tf.LayersModel;
  /** Clips the gradients by their global norm (hyper.clipNorm), then takes an Adam step. */
  optimizer: ClippedOptimizer;
  loss: QuantileLoss;
  /** The model's trainable weights as variables (the frozen quantile decode layer is not among them). */
  variables: tf.Variable[];
}

/**
 * The step trainModel takes on every batch: forward pass with dropout on, loss, gradients clipped by global
 * norm, Adam update. Exported so bench/train-throughput.ts times exactly this step. Returns the batch loss;
 * the caller disposes it (reading it back is what waits for the step to finish).
 */
export function trainBatch(step: BatchStep, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const f = () => step.loss(y, step.model.apply(x, { training: true }) as tf.Tensor);
    const { value, grads } = tf.variableGrads(f, step.variables);
    step.optimizer.apply(grads, step.variables);
    return value;
  });
}

/** Mean loss over a held-out set, in batches, without dropout. */
function evaluate(
  model: tf.LayersModel,
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  y: tf.Tensor,
  hyper: Hyperparameters,
): number {
  const n = x.shape[0] ?? 0;
  let sum = 0;
  for (let start = 0; start < n; start += hyper.batchSize) {
    const size = Math.min(hyper.batchSize, n - start);
    sum +=
      tf.tidy(() => {
        // A gather, not x.slice: wasm's Slice kernel copies its whole input out of the heap on every call
        // (readSync), 183 MB a batch for the 4h global network's validation windows.
        const rows = tf.range(start, start + size, 1, "int32");
        const xb = tf.gather(x, rows);
        const yb = tf.gather(y, rows);
        return loss(yb, model.apply(xb, { training: false }) as tf.Tensor).dataSync()[0] ?? 0;
      }) * size;
  }
  return sum / n;
}
