import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { centralIntervals } from "../../../src/model/calibration/conformal.js";
import {
  buildCnnGru,
  DEFAULT_HYPERPARAMETERS,
  type Hyperparameters,
} from "../../../src/model/networks/architectures.js";
import {
  loadModel,
  ModelLoadError,
  type ModelMeta,
  readModelMeta,
  saveModel,
} from "../../../src/model/saved/model-io.js";
import { QUANTILES } from "../../../src/model/types.js";

const hyper: Hyperparameters = {
  ...DEFAULT_HYPERPARAMETERS,
  convFilters: [4],
  recurrentUnits: [4, 3],
  denseUnits: 4,
};
const FEATURES = ["log_return", "rsi_14", "atr_14"];

function meta(overrides: Partial<ModelMeta> = {}): ModelMeta {
  return {
    version: 1,
    name: "test-net",
    architecture: "cnn-gru",
    created: "2025-01-02T03:04:05.000Z",
    trainedUntil: Date.UTC(2024, 11, 31),
    dataHash: "sha256:abc",
    timeframe: "1d",
    symbols: ["BTC/USDT", "ETH/USDT"],
    pooled: true,
    window: 8,
    features: FEATURES,
    scaler: { names: FEATURES, mean: [0, 50, 0.02], std: [0.03, 10, 0.01], clip: 10 },
    targetScale: [0.03, 0.08],
    hyperparameters: hyper,
    seed: 42,
    horizons: [1, 7],
    quantiles: [...QUANTILES],
    conformal: {
      calibrationSize: 100,
      horizons: [1, 7],
      intervals: centralIntervals(),
      delta: [
        [0.001, 0.002],
        [0.003, -0.001],
      ],
    },
    backend: "cpu",
    metrics: { bestValLoss: 0.3 },
    ...overrides,
  };
}

let root: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-model-io-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const newModel = (seed = 1) =>
  buildCnnGru({ window: 8, features: 3, horizons: 2, quantiles: QUANTILES }, hyper, seed);

describe("model-io", () => {
  it("GIVEN a saved model THEN the loaded one predicts identically and meta.json round-trips", async () => {
    const model = newModel();
    const dir = join(root, "daily");
    await saveModel(dir, model, meta());
    const loaded = await loadModel(dir);

    const x = tf.randomNormal([4, 8, 3], 0, 1, "float32", 9);
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const actual = (loaded.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(loaded.meta).toEqual(meta());
    expect((await readdir(dir)).sort()).toEqual(["meta.json", "model.json", "weights.bin"]);
    const manifest = JSON.parse(await readFile(join(dir, "model.json"), "utf8"));
    expect(manifest.weightsManifest[0].paths).toEqual(["weights.bin"]);
    model.dispose();
    loaded.model.dispose();
    x.dispose();
  });

  it("GIVEN an existing model directory THEN saving replaces it whole and leaves no staging directory", async () => {
    const dir = join(root, "daily");
    const first = newModel(1);
    const second = newModel(2);
    await saveModel(dir, first, meta({ name: "first" }));
    await saveModel(dir, second, meta({ name: "second" }));
    expect((await readModelMeta(dir)).name).toBe("second");
    expect(await readdir(root)).toEqual(["daily"]);
    first.dispose();
    second.dispose();
  });

  it("GIVEN meta.json is missing THEN loading fails naming the missing file", async () => {
    const dir = join(root, "daily");
    const model = newModel();
    await saveModel(dir, model, meta());
    await rm(join(dir, "meta.json"));
    await expect(loadModel(dir)).rejects.toThrow(ModelLoadError);
    await expect(loadModel(dir)).rejects.toThrow(/meta\.json is missing/);
    model.dispose();
  });

  it("GIVEN meta.json is corrupt or incomplete THEN loading fails saying what is wrong", async () => {
    const dir = join(root, "daily");
    const model = newModel();
    await saveModel(dir, model, meta());
    await writeFile(join(dir, "meta.json"), '{"version": 1, "name": ');
    await expect(loadModel(dir)).rejects.toThrow(/meta\.json is not valid JSON/);

    const { scaler: _dropped, ...incomplete } = meta();
    await writeFile(join(dir, "meta.json"), JSON.stringify(incomplete));
    await expect(loadModel(dir)).rejects.toThrow(/meta\.json is invalid: scaler: Required/);

    await writeFile(join(dir, "meta.json"), JSON.stringify(meta({ targetScale: [0.03] })));
    await expect(loadModel(dir)).rejects.toThrow(/targetScale: needs 2 values/);
    model.dispose();
  });

  it("GIVEN an anchor key this version does not know (the removed coinScale) THEN loading fails naming it, not serving the pooled model; an unknown training setting still loads", async () => {
    const dir = join(root, "daily");
    const model = newModel();
    const anchored = meta({
      targetScaling: "har",
      anchor: { fits: {}, quantiles: [QUANTILES.map(() => 0), QUANTILES.map(() => 0)], weights: [0, 0] },
    });
    await saveModel(dir, model, anchored);
    expect((await readModelMeta(dir)).anchor?.weights).toEqual([0, 0]);
    const written = (extra: object) => writeFile(join(dir, "meta.json"), JSON.stringify(extra));
    await written({ ...anchored, anchor: { ...anchored.anchor, coinScale: { "BTC/USDT": [1.2, 0.9] } } });
    await expect(loadModel(dir)).rejects.toThrow(ModelLoadError);
    await expect(readModelMeta(dir)).rejects.toThrow(
      /meta\.json is invalid: anchor: Unrecognized key\(s\) in object: 'coinScale'/,
    );
    // A training setting since dropped (a version retrained by an older Coincast) still loads: it does not
    // change the served quantiles, which the anchor holds.
    await written({ ...anchored, hyperparameters: { ...hyper, droppedSetting: 3 } });
    expect((await readModelMeta(dir)).anchor?.weights).toEqual([0, 0]);
    model.dispose();
  });

  it("GIVEN a truncated weights.bin THEN loading fails with a ModelLoadError", async () => {
    const dir = join(root, "daily");
    const model = newModel();
    await saveModel(dir, model, meta());
    await truncate(join(dir, "weights.bin"), 16);
    await expect(loadModel(dir)).rejects.toThrow(ModelLoadError);
    model.dispose();
  });

  it("GIVEN meta that does not match the model's output THEN loading refuses it", async () => {
    const dir = join(root, "daily");
    const model = newModel();
    const oneHorizon = meta({
      horizons: [1],
      targetScale: [0.03],
      conformal: { calibrationSize: 0, horizons: [1], intervals: centralIntervals(), delta: [[0, 0]] },
    });
    await saveModel(dir, model, oneHorizon);
    await expect(loadModel(dir)).rejects.toThrow(/expects 5 values/);
    model.dispose();
  });

  it("GIVEN an invalid meta THEN saving refuses before writing anything", async () => {
    const model = newModel();
    await expect(saveModel(join(root, "daily"), model, meta({ horizons: [] }))).rejects.toThrow(
      /invalid meta/,
    );
    expect(await readdir(root)).toEqual([]);
    model.dispose();
  });
});
