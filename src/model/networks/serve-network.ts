import * as tf from "@tensorflow/tfjs";
import { buildInferenceInputs } from "../../features/dataset.js";
import { applyConformal } from "../calibration/conformal.js";
import type { SavedModel } from "../saved/model-io.js";
import { QUANTILES, type QuantileVector, type SeriesData } from "../types.js";
import { anchoredQuantiles, anchorScales, restoreHarAnchors } from "./har-anchor.js";
import { ewmaScale, horizonScale, shrinkMedian } from "./output-transform.js";

// Serving a trained network: its raw outputs, then the transform meta.json names (HAR anchor, or EWMA scale
// with conformal deltas and median shrink). Training (fit-network.ts, fit-anchored.ts) reads its raw outputs
// on the calibration windows through predictQuantiles too.

/**
 * Calibrated quantiles of log(close[o + h] / close[o]) for each origin o, for the given horizons (a subset
 * of those the network was trained on).
 *
 * @throws RangeError for an untrained horizon or an origin with too little history for one window.
 */
export function forecastOrigins(
  saved: SavedModel,
  series: SeriesData,
  origins: readonly number[],
  horizons: readonly number[],
  batchSize = 256,
): QuantileVector[][] {
  const { meta } = saved;
  const columns = horizons.map((h) => {
    const k = meta.horizons.indexOf(h);
    if (k < 0) throw new RangeError(`${meta.name} was trained for horizons [${meta.horizons}], not ${h}`);
    return k;
  });
  if (origins.length === 0) return [];
  const last = origins.reduce((max, o) => Math.max(max, o), -1);
  const candles = series.candles.slice(0, last + 1);
  const inputs = buildInferenceInputs({
    candles,
    scaler: meta.scaler,
    origins,
    window: meta.window,
    market: series.market,
  });
  const raw = predictQuantiles(saved.model, inputs.x, inputs.count, meta.window, meta.targetScale, batchSize);
  if (meta.targetScaling === "har" && meta.anchor) {
    const { anchor } = meta;
    const anchors = restoreHarAnchors(anchor.fits);
    const sd = anchorScales(
      anchors,
      { symbol: series.symbol, candles },
      origins,
      meta.horizons,
      meta.trainedUntil,
    );
    return raw.map((row, o) => {
      const quantiles = anchoredQuantiles(
        row,
        anchor.quantiles,
        anchor.weights,
        sd.map((column) => column[o] as number),
        meta.medianShrink,
      );
      return columns.map((k) => quantiles[k] as QuantileVector);
    });
  }
  const adjusted = applyConformal(raw, meta.conformal);
  if (meta.targetScaling !== "ewma")
    return adjusted.map((row) => columns.map((k) => row[k] as QuantileVector));
  // Volatility-scaled model: undo the EWMA standardisation and shrink the median (see output-transform.ts).
  const sd1 = ewmaScale(candles);
  return adjusted.map((row, o) =>
    columns.map((k) => {
      const scale = horizonScale(sd1[origins[o] as number] as number, meta.horizons[k] as number);
      return shrinkMedian(row[k] as QuantileVector, meta.medianShrink?.[k] ?? 0).map((v) => v * scale);
    }),
  );
}

/** Runs the network in batches and undoes the target scaling: [sample][horizon] -> quantiles (log return). */
export function predictQuantiles(
  model: tf.LayersModel,
  x: Float32Array,
  count: number,
  window: number,
  targetScale: readonly number[],
  batchSize = 256,
): QuantileVector[][] {
  const features = x.length / Math.max(1, count * window);
  const h = targetScale.length;
  const q = QUANTILES.length;
  const out: QuantileVector[][] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const block = window * features;
    const values = tf.tidy(() => {
      const input = tf.tensor3d(x.subarray(start * block, (start + size) * block), [size, window, features]);
      return (model.predict(input) as tf.Tensor).dataSync();
    });
    for (let i = 0; i < size; i++) {
      out.push(
        targetScale.map((scale, j) =>
          Array.from(values.subarray((i * h + j) * q, (i * h + j + 1) * q), (v) => v * scale),
        ),
      );
    }
  }
  return out;
}
