import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../../src/logger.js";
import { selectBackend } from "../../../../src/model/acceleration/backend.js";
import {
  describeRecurrentLayers,
  FusedGru,
  FusedLstm,
} from "../../../../src/model/acceleration/fused-rnn/fused-layers.js";
import type { GateActivation } from "../../../../src/model/acceleration/fused-rnn/gates.js";
import { BUILDERS, DEFAULT_HYPERPARAMETERS } from "../../../../src/model/networks/architectures.js";

type Kind = "gru" | "lstm";

interface Case {
  kind: Kind;
  batch: number;
  steps: number;
  features: number;
  units: number;
  returnSequences: boolean;
  gate: GateActivation;
}

/** A model of one recurrent layer (reference tf.layers or fused) followed by a dense head. */
function build(c: Case, fused: boolean): tf.LayersModel {
  const input = tf.input({ shape: [c.steps, c.features] });
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const args = {
    units: c.units,
    returnSequences: c.returnSequences,
    recurrentActivation: c.gate,
    kernelInitializer: init(1),
    recurrentInitializer: init(2),
  };
  const layer = fused
    ? c.kind === "gru"
      ? new FusedGru(args)
      : new FusedLstm(args)
    : c.kind === "gru"
      ? tf.layers.gru(args)
      : tf.layers.lstm(args);
  let x = layer.apply(input) as tf.SymbolicTensor;
  if (c.returnSequences) x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 2, kernelInitializer: init(3) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y });
}

/** Deterministic inputs in [-1.5, 1.5] and a non-zero bias, so that every gate and weight matters. */
function inputs(c: Case): tf.Tensor3D {
  const n = c.batch * c.steps * c.features;
  const values = Float32Array.from({ length: n }, (_, i) => 1.5 * Math.sin(i * 1.7 + 0.3));
  return tf.tensor3d(values, [c.batch, c.steps, c.features]);
}

function outputsAndGradients(
  model: tf.LayersModel,
  x: tf.Tensor,
): { y: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const y = model.predict(x) as tf.Tensor;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor;
      // Weighted so that every output element carries a different gradient.
      return out
        .mul(tf.linspace(0.5, 1.5, out.size).reshape(out.shape))
        .square()
        .sum() as tf.Scalar;
    }, vars);
    return {
      y: y.dataSync() as Float32Array,
      grads: vars.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array),
    };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

function compare(c: Case): void {
  const reference = build(c, false);
  const fused = build(c, true);
  // The bias starts at zero in both; give it values so that its gradient path is exercised too.
  const weights = reference
    .getWeights()
    .map((w, i) => (i === 2 ? tf.linspace(-0.3, 0.3, w.size) : w.clone()));
  reference.setWeights(weights);
  fused.setWeights(weights);
  const x = inputs(c);
  const want = outputsAndGradients(reference, x);
  const got = outputsAndGradients(fused, x);
  expect(maxAbsDiff(got.y, want.y)).toBeLessThan(1e-5);
  want.grads.forEach((g, i) => {
    expect(maxAbsDiff(got.grads[i] as Float32Array, g), `gradient ${i}`).toBeLessThan(1e-5);
  });
  tf.dispose([x, ...weights]);
  reference.dispose();
  fused.dispose();
}

const CASES: Case[] = [];
for (const kind of ["gru", "lstm"] as const) {
  for (const [batch, steps] of [
    [1, 1],
    [3, 7],
    [16, 15],
  ] as const) {
    for (const returnSequences of [false, true]) {
      CASES.push({ kind, batch, steps, features: 5, units: 6, returnSequences, gate: "sigmoid" });
    }
  }
  CASES.push({ kind, batch: 4, steps: 9, features: 3, units: 8, returnSequences: true, gate: "hardSigmoid" });
  // Widths the SIMD products split into blocks of 16 and 4 columns with a scalar tail (18), and the shipped
  // cnn-gru's first layer (64 windows of 15 steps, 32 units), which also grows the module's memory.
  CASES.push({ kind, batch: 8, steps: 5, features: 7, units: 18, returnSequences: true, gate: "sigmoid" });
  CASES.push({
    kind,
    batch: 5,
    steps: 4,
    features: 3,
    units: 18,
    returnSequences: false,
    gate: "hardSigmoid",
  });
  CASES.push({ kind, batch: 64, steps: 15, features: 32, units: 32, returnSequences: true, gate: "sigmoid" });
}

const name = (c: Case) =>
  `${c.kind} batch ${c.batch} steps ${c.steps} returnSequences ${c.returnSequences} ${c.gate}`;

for (const backend of ["cpu", "wasm"] as const) {
  describe(`fused recurrent layers on ${backend}`, () => {
    beforeAll(async () => {
      if (backend === "wasm") await selectBackend({ preference: "wasm", logger: silentLogger() });
      else await tf.setBackend("cpu");
    });

    for (const c of CASES) {
      it(`GIVEN weights copied from tf.layers.${c.kind} (${name(c)}) THEN outputs and gradients match to 1e-5`, () => {
        compare(c);
      });
    }
  });
}

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (artifacts === null) throw new Error("model.save wrote nothing");
  // A JSON round trip of the topology, as model.json on disk goes through.
  const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as object;
  return tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology: topology }));
}

describe("fused recurrent layers in the layers format", () => {
  for (const kind of ["gru", "lstm"] as const) {
    it(`GIVEN a fused ${kind} model saved on wasm THEN it loads on wasm and on cpu and predicts the same`, async () => {
      await selectBackend({ preference: "wasm", logger: silentLogger() });
      const c: Case = {
        kind,
        batch: 4,
        steps: 6,
        features: 3,
        units: 5,
        returnSequences: true,
        gate: "sigmoid",
      };
      const model = build(c, true);
      const x = inputs(c);
      const want = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
      const loaded = await roundTrip(model);
      expect(loaded.layers.map((l) => l.getClassName())).toContain(kind === "gru" ? "FusedGRU" : "FusedLSTM");
      expect(maxAbsDiff((loaded.predict(x) as tf.Tensor).dataSync() as Float32Array, want)).toBe(0);
      await tf.setBackend("cpu");
      // Saved from the wasm model, loaded while cpu is the back-end.
      const onCpu = await roundTrip(loaded);
      const xCpu = inputs(c);
      expect(maxAbsDiff((onCpu.predict(xCpu) as tf.Tensor).dataSync() as Float32Array, want)).toBeLessThan(
        1e-5,
      );
    });
  }
});

describe("describeRecurrentLayers", () => {
  it("GIVEN the project's cnn-gru and lstm THEN meta.json would record the fused layer and sigmoid gates", () => {
    const shape = { window: 8, features: 3, horizons: 1, quantiles: [0.1, 0.5, 0.9] };
    const hyper = { ...DEFAULT_HYPERPARAMETERS, convFilters: [4], recurrentUnits: [4, 3], denseUnits: 4 };
    const gru = BUILDERS["cnn-gru"](shape, hyper, 1);
    const lstm = BUILDERS.lstm(shape, hyper, 1);
    const cnn = BUILDERS.cnn(shape, hyper, 1);
    expect(describeRecurrentLayers(gru)).toEqual({ layer: "FusedGRU", gate: "sigmoid" });
    expect(describeRecurrentLayers(lstm)).toEqual({ layer: "FusedLSTM", gate: "sigmoid" });
    expect(describeRecurrentLayers(cnn)).toBeUndefined();
    const reference = build(
      { kind: "gru", batch: 1, steps: 2, features: 2, units: 2, returnSequences: false, gate: "hardSigmoid" },
      false,
    );
    expect(describeRecurrentLayers(reference)).toEqual({ layer: "GRU", gate: "hardSigmoid" });
    for (const m of [gru, lstm, cnn, reference]) m.dispose();
  });
});
