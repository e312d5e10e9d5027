import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { trainingSeries } from "../../../../src/cli/train.js";
import { createConfig } from "../../../../src/config.js";
import { createServices } from "../../../../src/create-services.js";
import { silentLogger } from "../../../../src/logger.js";
import { selectBackend } from "../../../../src/model/acceleration/backend.js";
import { buildInferenceInputs } from "../../../../src/features/dataset.js";
import { featuresFirstValid } from "../../../../src/features/compute-features.js";
import { DEFAULT_WINDOW } from "../../../../src/features/windows.js";
import { DEFAULT_HYPERPARAMETERS } from "../../../../src/model/networks/architectures.js";
import { fitAnchoredNetwork } from "../../../../src/model/networks/fit-anchored.js";
import { anchorScales, restoreHarAnchors } from "../../../../src/model/networks/har-anchor.js";
import { predictQuantiles } from "../../../../src/model/networks/serve-network.js";

const trainEnd = Date.UTC(2023, 0, 1);
const testEnd = Date.UTC(2023, 11, 27);
const hold = ["ADA", "LINK", "DOGE", "LTC", "AVAX", "NEAR"].map((c) => `${c}/USDT`);
await tf.setBackend("cpu");
await selectBackend({ preference: "wasm", logger: silentLogger() });
const scratch = await mkdtemp(join(tmpdir(), "diag4h-"));
const services = createServices(createConfig({ ...process.env, DATA_DIR: scratch }), silentLogger());
const { series } = await trainingSeries(services, "4h", true);
const horizons = [1, 3, 6];
const started = performance.now();
const saved = await fitAnchoredNetwork(series, trainEnd, horizons, {
  name: "cnn-gru", architecture: "cnn-gru",
  hyper: { ...DEFAULT_HYPERPARAMETERS, anchor: "har", trainStride: Number(process.env.STRIDE ?? 24), epochs: 2, holdOut: hold },
  window: DEFAULT_WINDOW, timeframe: "4h", seed: 42, pooled: true,
});
const meta = saved.meta;
console.log("fit s", ((performance.now() - started) / 1000).toFixed(1));
console.log("weights", meta.anchor?.weights, "medianShrink", meta.medianShrink, "fhs", JSON.stringify(meta.anchor?.quantiles));
console.log("metrics", JSON.stringify(meta.metrics));
const anchors = restoreHarAnchors(meta.anchor!.fits);
const fhs = meta.anchor!.quantiles;
const out: Record<string, unknown>[] = [];
for (const s of series) {
  const idx: number[] = [];
  s.candles.forEach((c, i) => { if (c.time >= trainEnd && c.time <= testEnd && i + 6 < s.candles.length) idx.push(i); });
  const first = featuresFirstValid(6) + DEFAULT_WINDOW - 1;
  const origins = idx.filter((i) => i >= first);
  if (origins.length < 100) continue;
  let sd: number[][];
  try { sd = anchorScales(anchors, s, origins, horizons); } catch { continue; }
  const x = buildInferenceInputs({ candles: s.candles, scaler: meta.scaler, origins, window: DEFAULT_WINDOW }).x;
  const raw = predictQuantiles(saved.model, x, origins.length, DEFAULT_WINDOW, meta.targetScale);
  // standardised spread q90-q10 of the raw network at h=1 vs FHS; and realised |z|
  const spread = raw.map((r) => (r[0]![3]! - r[0]![1]!));
  const fspread = fhs[0]![3]! - fhs[0]![1]!;
  const z = origins.map((o, k) => Math.log(s.candles[o + 1]!.close / s.candles[o]!.close) / sd[0]![k]!);
  const cov = z.filter((v, k) => v >= raw[k]![0]![1]! && v <= raw[k]![0]![3]!).length / z.length;
  const zin = z.filter((v) => v >= fhs[0]![1]! && v <= fhs[0]![3]!).length / z.length;
  // mean scaled features over the last row of each window
  const F = meta.scaler.names.length;
  const means = new Array(F).fill(0);
  for (let k = 0; k < origins.length; k++) for (let f = 0; f < F; f++) means[f] += x[(k * DEFAULT_WINDOW + DEFAULT_WINDOW - 1) * F + f]! / origins.length;
  const sorted = [...spread].sort((a, b) => a - b);
  out.push({ sym: s.symbol, n: origins.length, spreadRatio: +(sorted[Math.floor(sorted.length / 2)]! / fspread).toFixed(2), p90: +(sorted[Math.floor(sorted.length * 0.9)]! / fspread).toFixed(2), covRaw80: +cov.toFixed(3), covFhs80: +zin.toFixed(3), feats: Object.fromEntries(meta.scaler.names.map((n, f) => [n, +means[f].toFixed(2)])) });
}
for (const o of out) console.log(JSON.stringify(o));
await services.close();
