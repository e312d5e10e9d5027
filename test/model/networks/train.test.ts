import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildCnnGru,
  DEFAULT_HYPERPARAMETERS,
  type Hyperparameters,
} from "../../../src/model/networks/architectures.js";
import { pinballLoss } from "../../../src/model/networks/pinball-loss.js";
import { createRng } from "../../../src/model/networks/seed.js";
import { type TrainData, trainModel } from "../../../src/model/networks/train.js";
import type { TrainProgress } from "../../../src/model/types.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const WINDOW = 16;
const HORIZONS = [1, 4];

/**
 * A noisy sine (period 20): the next values are mostly determined by the phase visible in the window,
 * so a network can learn them and the loss must fall. Last 20% of windows are validation (chronological).
 */
function noisySine(count: number, seed = 1): TrainData {
  const rng = createRng(seed);
  const length = count + WINDOW + Math.max(...HORIZONS);
  const s = Array.from({ length }, (_, t) => Math.sin((2 * Math.PI * t) / 20) + 0.1 * (rng() - 0.5));
  const x = new Float32Array(count * WINDOW * 2);
  const y = new Float32Array(count * HORIZONS.length);
  for (let k = 0; k < count; k++) {
    const end = k + WINDOW - 1;
    for (let i = 0; i < WINDOW; i++) {
      const value = s[end - WINDOW + 1 + i] as number;
      x.set([value, value - (s[end - WINDOW + i] ?? value)], (k * WINDOW + i) * 2);
    }
    HORIZONS.forEach((h, j) => {
      y[k * HORIZONS.length + j] = (s[end + h] as number) - (s[end] as number);
    });
  }
  const split = Math.floor(count * 0.8);
  return {
    xTrain: x.subarray(0, split * WINDOW * 2),
    yTrain: y.subarray(0, split * HORIZONS.length),
    xVal: x.subarray(split * WINDOW * 2),
    yVal: y.subarray(split * HORIZONS.length),
    window: WINDOW,
    features: 2,
    horizons: HORIZONS.length,
  };
}

const tiny: Hyperparameters = {
  ...DEFAULT_HYPERPARAMETERS,
  convFilters: [8],
  recurrentUnits: [8],
  denseUnits: 8,
  dropout: 0.1,
  batchSize: 32,
  learningRate: 2e-2,
  epochs: 6,
  patience: 6,
};

describe("trainModel", () => {
  it("GIVEN a learnable noisy sine THEN training and validation loss decrease and every epoch is reported", async () => {
    const events: TrainProgress[] = [];
    const result = await trainModel({
      build: buildCnnGru,
      data: noisySine(250),
      hyper: tiny,
      seed: 11,
      name: "sine",
      onProgress: (p) => events.push(p),
    });
    const first = result.history[0];
    const last = result.history.at(-1);
    expect(last?.loss).toBeLessThan(0.6 * (first?.loss ?? 0));
    expect(result.bestLoss).toBeLessThan(0.6 * (first?.valLoss ?? 0));
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.every((e) => e.model === "sine" && e.epochs === 6 && e.valLoss !== null)).toBe(true);
    expect(events.at(-1)?.etaMs).toBe(0);
    expect(events[0]?.etaMs).toBeGreaterThan(0);
    result.model.dispose();
  });

  it("GIVEN validation windows THEN their batches are gathered, never sliced out of the whole validation tensor", async () => {
    // wasm's Slice copies its whole input out of the heap on every call: 183 MB a batch at 4h.
    const sliced: number[][] = [];
    const kernel = tf.getKernel("Slice", "cpu") as tf.KernelConfig;
    tf.unregisterKernel("Slice", "cpu");
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        sliced.push([...(args.inputs.x as tf.TensorInfo).shape]);
        return kernel.kernelFunc(args);
      },
    });
    try {
      const data = noisySine(250);
      const result = await trainModel({ build: buildCnnGru, data, hyper: { ...tiny, epochs: 1 }, seed: 11 });
      expect(result.history[0]?.valLoss).not.toBeNull();
      const validationRows = data.yVal.length / HORIZONS.length;
      expect(sliced.filter((shape) => shape[0] === validationRows)).toEqual([]);
      result.model.dispose();
    } finally {
      tf.unregisterKernel("Slice", "cpu");
      tf.registerKernel(kernel);
    }
  });

  it("GIVEN a later epoch is worse THEN the returned model carries the best epoch's weights", async () => {
    // Validation targets are negated: the better the net fits training, the worse it does on validation.
    const sine = noisySine(200, 2);
    const data = { ...sine, yVal: sine.yVal.map((v) => -v) };
    const result = await trainModel({ build: buildCnnGru, data, hyper: { ...tiny, epochs: 4 }, seed: 3 });
    expect(result.bestEpoch).toBeLessThan(result.history.length);
    const recomputed = validationLoss(result.model, data);
    expect(recomputed).toBeCloseTo(result.bestLoss, 4);
    expect(recomputed).not.toBeCloseTo(result.history.at(-1)?.valLoss ?? 0, 3);
    result.model.dispose();
  });

  it("GIVEN the same seed THEN two runs give identical losses", async () => {
    const run = async () => {
      const r = await trainModel({
        build: buildCnnGru,
        data: noisySine(120, 3),
        hyper: { ...tiny, epochs: 2 },
        seed: 5,
      });
      r.model.dispose();
      return r.history.map((h) => [h.loss, h.valLoss]);
    };
    expect(await run()).toEqual(await run());
  });

  it("GIVEN no validation improvement THEN the rate is cut after lrPatience epochs and training stops after patience", async () => {
    const result = await trainModel({
      build: buildCnnGru,
      data: noisySine(120, 4),
      // A rate this small changes the loss by far less than the improvement threshold.
      hyper: {
        ...tiny,
        learningRate: 1e-9,
        minLearningRate: 1e-12,
        lrPatience: 2,
        lrFactor: 0.5,
        patience: 5,
        epochs: 20,
      },
      seed: 1,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.history).toHaveLength(6);
    expect(result.history.map((h) => h.learningRate)).toEqual([1e-9, 1e-9, 1e-9, 5e-10, 5e-10, 2.5e-10]);
    result.model.dispose();
  });

  it("GIVEN training finishes or is aborted THEN no tensor outlives the model", async () => {
    const baseline = tf.memory().numTensors;
    const result = await trainModel({
      build: buildCnnGru,
      data: noisySine(100, 5),
      hyper: { ...tiny, epochs: 2 },
      seed: 2,
    });
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);

    const controller = new AbortController();
    const aborted = trainModel({
      build: buildCnnGru,
      data: noisySine(100, 6),
      hyper: { ...tiny, epochs: 5 },
      seed: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("user cancelled")),
    });
    await expect(aborted).rejects.toThrow("user cancelled");
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

/** Mean pinball loss of `model` on the validation slice, computed independently of trainModel. */
function validationLoss(model: tf.LayersModel, data: TrainData): number {
  const n = data.yVal.length / data.horizons;
  return tf.tidy(() => {
    const x = tf.tensor3d(data.xVal, [n, data.window, data.features]);
    const y = tf.tensor2d(data.yVal, [n, data.horizons]);
    return pinballLoss(y, model.predict(x) as tf.Tensor).dataSync()[0] as number;
  });
}
