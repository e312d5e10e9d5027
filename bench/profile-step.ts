/**
 * Scratch profile of one training step (tf.profile on wasm): kernels per step and time per kernel type.
 */
import * as tf from "@tensorflow/tfjs";
import { FEATURE_NAMES } from "../src/features/compute-features.js";
import { DEFAULT_WINDOW } from "../src/features/windows.js";
import { silentLogger } from "../src/logger.js";
import { BUILDERS, DEFAULT_HYPERPARAMETERS } from "../src/model/architectures.js";
import { selectBackend } from "../src/model/backend.js";
import { createPinballLoss } from "../src/model/pinball-loss.js";
import { trainBatch } from "../src/model/train.js";
import { QUANTILES } from "../src/model/types.js";

await selectBackend({ preference: "wasm", logger: silentLogger() });
const shape = { window: DEFAULT_WINDOW, features: FEATURE_NAMES.length, horizons: 3, quantiles: QUANTILES };
const model = BUILDERS["cnn-gru"](shape, DEFAULT_HYPERPARAMETERS, 1);
const step = {
  model,
  optimizer: tf.train.adam(1e-3),
  loss: createPinballLoss(QUANTILES),
  variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
  clipNorm: 1,
};
const x = tf.randomNormal([64, shape.window, shape.features]);
const y = tf.randomNormal([64, 3]);
for (let i = 0; i < 3; i++) (await trainBatch(step, x, y).data());
const t0 = performance.now();
for (let i = 0; i < 10; i++) await trainBatch(step, x, y).data();
console.log("ms/step", (performance.now() - t0) / 10);
const info = await tf.profile(async () => {
  const l = trainBatch(step, x, y);
  await l.data();
  l.dispose();
});
const by = new Map<string, { n: number; ms: number }>();
for (const k of info.kernels) {
  const e = by.get(k.name) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
  by.set(k.name, e);
}
console.log("kernels", info.kernels.length);
for (const [name, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) {
  console.log(name.padEnd(28), String(e.n).padStart(5), e.ms.toFixed(2));
}
const top = [...info.kernels].sort((a, b) => (b.kernelTimeMs as number) - (a.kernelTimeMs as number)).slice(0, 12);
for (const k of top) console.log(k.name, (k.kernelTimeMs as number).toFixed(2), JSON.stringify(k.inputShapes), JSON.stringify(k.outputShapes));
