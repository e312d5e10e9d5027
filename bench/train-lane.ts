/** What the training benches share: the shipped CNN-GRU's shapes, synthetic data and trainModel's step. */
import * as tf from "@tensorflow/tfjs";
import { FEATURE_NAMES } from "../src/features/compute-features.js";
import { DEFAULT_WINDOW } from "../src/features/windows.js";
import {
  createClippedAdam,
  type OptimizerKind,
} from "../src/model/acceleration/fused-optimizer/clipped-adam.js";
import { BUILDERS, DEFAULT_HYPERPARAMETERS, type ModelShape } from "../src/model/networks/architectures.js";
import { createPinballLoss } from "../src/model/networks/pinball-loss.js";
import { type BatchStep, trainBatch } from "../src/model/networks/train.js";
import { QUANTILES } from "../src/model/types.js";

export const HYPER = DEFAULT_HYPERPARAMETERS;
export const SHAPE: ModelShape = {
  window: DEFAULT_WINDOW,
  features: FEATURE_NAMES.length,
  horizons: 3,
  quantiles: QUANTILES,
};
export const BATCH = HYPER.batchSize;
export const SEED = 42;
/** Deterministic pseudo-random host data (mulberry32), shared by both back-ends. */
export function syntheticData(samples: number, seed: number): { x: Float32Array; y: Float32Array } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
  const x = new Float32Array(samples * SHAPE.window * SHAPE.features).map(next);
  // Targets on the unit scale trainModel sees (fit-network divides each horizon by its RMS).
  const y = new Float32Array(samples * SHAPE.horizons).map(next);
  return { x, y };
}

export interface Lane {
  backend: "wasm" | "cpu";
  step: BatchStep;
  batches: { x: tf.Tensor; y: tf.Tensor }[];
  cursor: number;
}

/**
 * The same network with tf.layers.gru in place of every FusedGRU (the weight layout is the same, so the
 * weights copy over): the step as it ran before the fused layer, for a before/after ratio in one run.
 */
async function withLayersGru(model: tf.LayersModel): Promise<tf.LayersModel> {
  const topology = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
  for (const layer of topology.config.layers) if (layer.class_name === "FusedGRU") layer.class_name = "GRU";
  const twin = await tf.models.modelFromJSON({
    modelTopology: topology as unknown as tf.io.ModelJSON["modelTopology"],
  });
  twin.setWeights(model.getWeights());
  model.dispose();
  return twin;
}

export async function makeLane(
  backend: "wasm" | "cpu",
  data: { x: Float32Array; y: Float32Array },
  weights: { values: Float32Array; shape: number[] }[] | null,
  recurrent: "fused" | "layers" = "fused",
  optimizer: OptimizerKind = "fused",
): Promise<Lane> {
  await tf.setBackend(backend);
  const built = BUILDERS["cnn-gru"](SHAPE, HYPER, SEED);
  const model = recurrent === "fused" ? built : await withLayersGru(built);
  if (weights !== null) model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
  // The same pieces trainModel assembles for its loop.
  const step: BatchStep = {
    model,
    optimizer: createClippedAdam(optimizer, HYPER.learningRate, HYPER.clipNorm),
    loss: createPinballLoss(QUANTILES),
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
  };
  const block = SHAPE.window * SHAPE.features;
  const samples = data.y.length / SHAPE.horizons;
  const batches: Lane["batches"] = [];
  for (let start = 0; start + BATCH <= samples; start += BATCH) {
    batches.push({
      x: tf.tensor3d(data.x.subarray(start * block, (start + BATCH) * block), [
        BATCH,
        SHAPE.window,
        SHAPE.features,
      ]),
      y: tf.tensor2d(data.y.subarray(start * SHAPE.horizons, (start + BATCH) * SHAPE.horizons), [
        BATCH,
        SHAPE.horizons,
      ]),
    });
  }
  return { backend, step, batches, cursor: 0 };
}

/** Trains `count` batches on the lane's back-end; returns the mean ms per batch. */
export async function trainBatches(lane: Lane, count: number): Promise<number> {
  await tf.setBackend(lane.backend);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const batch = lane.batches[lane.cursor++ % lane.batches.length];
    if (batch === undefined) throw new Error(`no training batches: raise \`samples\` to at least ${BATCH}`);
    const loss = trainBatch(lane.step, batch.x, batch.y);
    // Reading the loss back, as trainModel does, waits until the batch has really finished.
    await loss.data();
    loss.dispose();
  }
  return (performance.now() - start) / count;
}
