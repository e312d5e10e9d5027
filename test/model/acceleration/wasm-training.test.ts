import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/logger.js";
import { selectBackend } from "../../../src/model/acceleration/backend.js";

const WINDOW = 24;
const FEATURES = 5;
const SAMPLES = 48;

/**
 * A scaled-down CNN-GRU with every layer kind the real one has. The first block uses tanh, not ReLU, so that
 * max-pool windows with no positive value occur: that is where wasm's native MaxPoolGrad went wrong.
 */
function buildModel(): tf.LayersModel {
  const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential();
  model.add(
    tf.layers.conv1d({
      inputShape: [WINDOW, FEATURES],
      filters: 6,
      kernelSize: 3,
      padding: "same",
      activation: "tanh",
      kernelInitializer: seeded(1),
    }),
  );
  model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  model.add(
    tf.layers.conv1d({
      filters: 6,
      kernelSize: 3,
      padding: "valid",
      activation: "relu",
      kernelInitializer: seeded(2),
    }),
  );
  model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  model.add(
    tf.layers.gru({
      units: 6,
      returnSequences: true,
      kernelInitializer: seeded(3),
      recurrentInitializer: tf.initializers.orthogonal({ seed: 4 }),
    }),
  );
  model.add(
    tf.layers.gru({
      units: 4,
      kernelInitializer: seeded(5),
      recurrentInitializer: tf.initializers.orthogonal({ seed: 6 }),
    }),
  );
  model.add(tf.layers.dropout({ rate: 0.1, seed: 7 }));
  model.add(tf.layers.dense({ units: 3, kernelInitializer: seeded(8) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanAbsoluteError" });
  return model;
}

/** Smooth, learnable synthetic data: targets are averages of the last steps of the first features. */
function syntheticData(): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(SAMPLES * WINDOW * FEATURES);
  const y = new Float32Array(SAMPLES * 3);
  for (let s = 0; s < SAMPLES; s++) {
    for (let t = 0; t < WINDOW; t++) {
      for (let f = 0; f < FEATURES; f++) {
        x[(s * WINDOW + t) * FEATURES + f] = Math.sin(0.37 * s + 0.21 * t * (f + 1) + f);
      }
    }
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (let t = WINDOW - 4; t < WINDOW; t++) sum += x[(s * WINDOW + t) * FEATURES + k] ?? 0;
      y[s * 3 + k] = sum / 4;
    }
  }
  return { x, y };
}

const data = syntheticData();
const tensors = () => ({
  x: tf.tensor3d(data.x, [SAMPLES, WINDOW, FEATURES]),
  y: tf.tensor2d(data.y, [SAMPLES, 3]),
});

/** Weights as host arrays: tensors belong to one back-end, so this is how a model crosses between them. */
const hostWeights = (model: tf.LayersModel) =>
  model.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }));

beforeAll(async () => {
  await tf.setBackend("cpu");
  await selectBackend({ preference: "wasm", logger: silentLogger() });
});

describe("training the CNN-GRU on wasm", () => {
  it("GIVEN the same weights THEN every variable's gradient equals the cpu back-end's", async () => {
    const gradients = async (backend: string, weights: ReturnType<typeof hostWeights> | null) => {
      await tf.setBackend(backend);
      const model = buildModel();
      if (weights !== null) model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
      const start = hostWeights(model);
      const grads = tf.tidy(() => {
        const { x, y } = tensors();
        const { value, grads } = tf.variableGrads(
          () => tf.losses.absoluteDifference(y, model.apply(x) as tf.Tensor) as tf.Scalar,
          model.trainableWeights.map((w) => w.read() as tf.Variable),
        );
        value.dispose();
        return Object.values(grads).map((g) => g.dataSync().slice() as Float32Array);
      });
      model.dispose();
      return { grads, start };
    };
    const wasm = await gradients("wasm", null);
    const cpu = await gradients("cpu", wasm.start);

    expect(cpu.grads.length).toBe(wasm.grads.length);
    cpu.grads.forEach((expected, i) => {
      const actual = wasm.grads[i] as Float32Array;
      const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const diff = expected.reduce((m, v, j) => Math.max(m, Math.abs(v - (actual[j] ?? Number.NaN))), 0);
      // Absolute floor: a conv bias feeding a max-pool can have a true gradient of ~0 whose float noise differs.
      expect(diff).toBeLessThanOrEqual(1e-6 + 1e-4 * scale);
    });
  });

  it("GIVEN a few epochs THEN the loss decreases", async () => {
    await tf.setBackend("wasm");
    const model = buildModel();
    const { x, y } = tensors();
    const history = await model.fit(x, y, { epochs: 8, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.8);
    model.dispose();
    tf.dispose([x, y]);
  });

  it("GIVEN repeated training steps THEN no tensor and no wasm buffer is leaked", async () => {
    await tf.setBackend("wasm");
    const model = buildModel();
    const { x, y } = tensors();
    // The first step creates Adam's slots; from then on every step must free all it allocates.
    await model.trainOnBatch(x, y);
    const tensorsAfterFirst = tf.memory().numTensors;
    const buffersAfterFirst = tf.backend().numDataIds();
    for (let step = 0; step < 3; step++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(tf.backend().numDataIds()).toBe(buffersAfterFirst);
    model.dispose();
    tf.dispose([x, y]);
  });
});

describe("moving a trained model between back-ends", () => {
  /** Largest difference between the predictions before saving and after loading on the other back-end. */
  async function trainSaveLoad(trainOn: string, loadOn: string): Promise<number> {
    await tf.setBackend(trainOn);
    const model = buildModel();
    const { x, y } = tensors();
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync().slice() as Float32Array);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    model.dispose();
    tf.dispose([x, y]);

    await tf.setBackend(loadOn);
    if (artifacts === undefined) throw new Error("the save handler was not called");
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const actual = tf.tidy(
      () => (loaded.predict(tensors().x) as tf.Tensor).dataSync().slice() as Float32Array,
    );
    loaded.dispose();
    expect(actual.length).toBe(expected.length);
    return expected.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (actual[i] ?? Number.NaN))), 0);
  }

  it("GIVEN a model trained on wasm and loaded on cpu THEN it predicts the same to 1e-4", async () => {
    expect(await trainSaveLoad("wasm", "cpu")).toBeLessThan(1e-4);
  });

  it("GIVEN a model trained on cpu and loaded on wasm THEN it predicts the same to 1e-4", async () => {
    expect(await trainSaveLoad("cpu", "wasm")).toBeLessThan(1e-4);
  });
});
