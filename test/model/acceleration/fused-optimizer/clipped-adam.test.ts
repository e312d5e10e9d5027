import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../../src/logger.js";
import { selectBackend } from "../../../../src/model/acceleration/backend.js";
import {
  createClippedAdam,
  type OptimizerKind,
} from "../../../../src/model/acceleration/fused-optimizer/clipped-adam.js";
import { buildCnnGru, DEFAULT_HYPERPARAMETERS } from "../../../../src/model/networks/architectures.js";
import { createRng } from "../../../../src/model/networks/seed.js";
import { type TrainData, trainModel } from "../../../../src/model/networks/train.js";

const SHAPES = [[3, 5, 4], [4], [6, 9], [9]];

/** Seeded values in [-scale, scale). */
function values(size: number, rng: () => number, scale: number): Float32Array {
  return Float32Array.from({ length: size }, () => (rng() * 2 - 1) * scale);
}

/**
 * Runs `steps` optimiser steps of `kind` on fresh variables with the same seeded gradients each time:
 * gradients large enough that the clip acts on the odd steps and small on the even ones, the learning
 * rate halved after step 3 (as trainModel's plateau rule does). Returns the variables' final values.
 */
function optimise(kind: OptimizerKind, steps: number): Float32Array[] {
  const rng = createRng(11);
  const variables = SHAPES.map((shape, i) => {
    const initial = tf.tensor(values(tf.util.sizeFromShape(shape), rng, 1), shape);
    const variable = tf.variable(initial, true, `${kind}-w${i}`);
    initial.dispose();
    return variable;
  });
  const optimizer = createClippedAdam(kind, 1e-2, 1);
  const gradientRng = createRng(12);
  for (let step = 0; step < steps; step++) {
    if (step === 3) optimizer.learningRate = 5e-3;
    const scale = step % 2 === 0 ? 2 : 0.01;
    tf.tidy(() => {
      const grads: tf.NamedTensorMap = {};
      for (const variable of variables) {
        grads[variable.name] = tf.tensor(values(variable.size, gradientRng, scale), variable.shape);
      }
      optimizer.apply(grads, variables);
    });
  }
  const result = variables.map((v) => v.dataSync() as Float32Array);
  optimizer.dispose();
  tf.dispose(variables);
  return result;
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((values, i) => {
    values.forEach((v, k) => {
      max = Math.max(max, Math.abs(v - (b[i]?.[k] ?? Number.NaN)));
    });
  });
  return max;
}

for (const backend of ["cpu", "wasm"] as const) {
  describe(`fused clipped Adam on ${backend}`, () => {
    const useBackend = async () => {
      if (backend === "wasm") await selectBackend({ preference: "wasm", logger: silentLogger() });
      else await tf.setBackend("cpu");
    };

    it("GIVEN the same gradients for 8 steps, clipped and not THEN the weights match tf.train.adam after clipping to 1e-6", async () => {
      await useBackend();
      const start = tf.memory().numTensors;
      const fused = optimise("fused", 8);
      const reference = optimise("tfjs", 8);
      const moved = maxDifference(reference, optimise("tfjs", 0));
      expect(moved).toBeGreaterThan(1e-2);
      expect(maxDifference(fused, reference)).toBeLessThan(1e-6);
      expect(tf.memory().numTensors).toBe(start);
    });

    it("GIVEN a step THEN clipping and the update of every variable are one engine kernel", async () => {
      await useBackend();
      const variables = SHAPES.map((shape) => tf.tidy(() => tf.variable(tf.ones(shape))));
      const optimizer = createClippedAdam("fused", 1e-3, 1);
      const grads = Object.fromEntries(variables.map((v) => [v.name, tf.onesLike(v)]));
      const profile = await tf.profile(() => optimizer.apply(grads, variables));
      expect(profile.kernels.map((k) => k.name)).toEqual(["CoincastClippedAdam"]);
      optimizer.dispose();
      tf.dispose([...variables, ...Object.values(grads)]);
    });
  });
}

/** Sums of the last inputs as targets: learnable, so the losses move. */
function data(count: number): TrainData {
  const window = 16;
  const features = 3;
  const rng = createRng(5);
  const x = Float32Array.from({ length: count * window * features }, () => rng() * 2 - 1);
  const y = new Float32Array(count * 2);
  for (let k = 0; k < count; k++) {
    const last = (k * window + window - 1) * features;
    y[2 * k] = (x[last] as number) + 0.1 * (rng() - 0.5);
    y[2 * k + 1] = (x[last] as number) - (x[last + 1] as number);
  }
  const split = Math.floor(count * 0.8);
  return {
    xTrain: x.subarray(0, split * window * features),
    yTrain: y.subarray(0, split * 2),
    xVal: x.subarray(split * window * features),
    yVal: y.subarray(split * 2),
    window,
    features,
    horizons: 2,
  };
}

describe("trainModel with the fused optimiser", () => {
  it("GIVEN the same seed THEN every epoch's losses match the tf.train.adam path", async () => {
    await selectBackend({ preference: "wasm", logger: silentLogger() });
    const hyper = {
      ...DEFAULT_HYPERPARAMETERS,
      convFilters: [8],
      recurrentUnits: [8],
      denseUnits: 8,
      batchSize: 32,
      learningRate: 1e-2,
      epochs: 4,
      patience: 10,
    };
    const run = (optimizer: OptimizerKind) =>
      trainModel({ build: buildCnnGru, data: data(160), hyper, seed: 9, optimizer });
    const reference = await run("tfjs");
    const fused = await run("fused");
    expect(reference.history.at(-1)?.loss).toBeLessThan(reference.history[0]?.loss ?? 0);
    expect(fused.history.length).toBe(reference.history.length);
    reference.history.forEach((epoch, i) => {
      expect(fused.history[i]?.loss).toBeCloseTo(epoch.loss, 4);
      expect(fused.history[i]?.valLoss).toBeCloseTo(epoch.valLoss ?? Number.NaN, 4);
    });
    reference.model.dispose();
    fused.model.dispose();
  });
});
