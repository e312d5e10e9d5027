import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../../src/logger.js";
import { selectBackend } from "../../../../src/model/acceleration/backend.js";
import { FusedGru } from "../../../../src/model/acceleration/fused-rnn/fused-layers.js";
import { DEFAULT_HYPERPARAMETERS, type ModelBuilder } from "../../../../src/model/networks/architectures.js";
import { createRng } from "../../../../src/model/networks/seed.js";
import { type TrainData, trainModel } from "../../../../src/model/networks/train.js";

const WINDOW = 12;
const FEATURES = 3;
const HORIZONS = 2;

/** Two stacked GRUs and a dense quantile head; `fused` picks FusedGru or tf.layers.gru, both sigmoid-gated. */
function gruBuilder(fused: boolean): ModelBuilder {
  return (shape, hyper, seed) => {
    const input = tf.input({ shape: [shape.window, shape.features] });
    let x: tf.SymbolicTensor = input;
    hyper.recurrentUnits.forEach((units, i) => {
      const args = {
        units,
        returnSequences: i < hyper.recurrentUnits.length - 1,
        recurrentActivation: "sigmoid" as const,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 * i }),
        recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 2 * i + 1 }),
      };
      x = (fused ? new FusedGru(args) : tf.layers.gru(args)).apply(x) as tf.SymbolicTensor;
    });
    const y = tf.layers
      .dense({
        units: shape.horizons * shape.quantiles.length,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }),
      })
      .apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: y });
  };
}

function data(count: number): TrainData {
  const rng = createRng(3);
  const x = Float32Array.from({ length: count * WINDOW * FEATURES }, () => rng() * 2 - 1);
  const y = new Float32Array(count * HORIZONS);
  for (let k = 0; k < count; k++) {
    // Learnable: the targets are sums of the last inputs.
    const last = (k * WINDOW + WINDOW - 1) * FEATURES;
    y[k * HORIZONS] = (x[last] as number) + 0.1 * (rng() - 0.5);
    y[k * HORIZONS + 1] = (x[last] as number) - (x[last + 1] as number);
  }
  const split = Math.floor(count * 0.8);
  return {
    xTrain: x.subarray(0, split * WINDOW * FEATURES),
    yTrain: y.subarray(0, split * HORIZONS),
    xVal: x.subarray(split * WINDOW * FEATURES),
    yVal: y.subarray(split * HORIZONS),
    window: WINDOW,
    features: FEATURES,
    horizons: HORIZONS,
  };
}

describe("training with the fused GRU", () => {
  beforeAll(async () => {
    await selectBackend({ preference: "wasm", logger: silentLogger() });
  });

  it("GIVEN the same seed and weights as tf.layers.gru THEN trainModel reports the same losses every epoch", async () => {
    const hyper = {
      ...DEFAULT_HYPERPARAMETERS,
      recurrentUnits: [8, 4],
      dropout: 0,
      batchSize: 16,
      epochs: 4,
      patience: 10,
      learningRate: 5e-3,
    };
    const run = (fused: boolean) => trainModel({ build: gruBuilder(fused), data: data(120), hyper, seed: 7 });
    const reference = await run(false);
    const fused = await run(true);
    expect(fused.history.length).toBe(reference.history.length);
    // Training moved the weights: the comparison is not of two untrained models.
    expect(reference.history.at(-1)?.loss).toBeLessThan(reference.history[0]?.loss ?? 0);
    reference.history.forEach((epoch, i) => {
      const other = fused.history[i];
      expect(other?.loss).toBeCloseTo(epoch.loss, 4);
      expect(other?.valLoss).toBeCloseTo(epoch.valLoss ?? Number.NaN, 4);
    });
    reference.model.dispose();
    fused.model.dispose();
  });
});
