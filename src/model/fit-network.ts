import * as tf from "@tensorflow/tfjs";
import { featuresFirstValid } from "../features/compute-features.js";
import { buildDataset, buildInferenceInputs, type DatasetSplit } from "../features/dataset.js";
import { stepsPerDay } from "../features/realized-volatility.js";
import type { Scaler } from "../features/types.js";
import type { Candle, Timeframe } from "../market/types.js";
import { type ArchitectureName, BUILDERS, type Hyperparameters } from "./architectures.js";
import { applyConformal, calibrateConformal, centralIntervals } from "./conformal.js";
import { hashCandles, lastCandleTime } from "./data-hash.js";
import type { OptimizerKind } from "./fused-optimizer/clipped-adam.js";
import { describeRecurrentLayers } from "./fused-rnn/fused-layers.js";
import { anchoredQuantiles, anchorScales, restoreHarAnchors } from "./har-anchor.js";
import type { SavedModel } from "./model-io.js";
import { MODEL_FORMAT_VERSION, type ModelMeta } from "./model-meta.js";
import { chooseMedianShrink, ewmaScale, horizonScale, shrinkMedian } from "./output-transform.js";
import { quantileIndex } from "./quantile-math.js";
import { countUpTo, rawCoverage, rootMeanSquares, scaleTargets } from "./target-scale.js";
import { trainModel } from "./train.js";
import { QUANTILES, type QuantileVector, type SeriesData, type TrainProgress } from "./types.js";

/** What fitNetwork needs besides the data: the forecaster's settings for one training run. */
export interface FitNetworkOptions {
  name: string;
  architecture: ArchitectureName;
  hyper: Hyperparameters;
  window: number;
  timeframe: Timeframe;
  seed: number;
  pooled: boolean;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
  /** trainModel's optimiser: "fused" (the default, one kernel a step) or "tfjs" (tf.train.adam). */
  optimizer?: OptimizerKind;
}

/**
 * Trains one network on `series` (one symbol, or several pooled) using candles with time <= trainEnd only:
 * features and scaler via buildDataset (scaler fitted before the early-stopping slice), targets divided by the
 * EWMA volatility forecast, training with early stopping on the older half of the most recent
 * `validationFraction` of windows, then, on the newer half that training never read, conformal calibration
 * and the choice of the median's shrink factor.
 */
export async function fitNetwork(
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
  options: FitNetworkOptions,
): Promise<SavedModel> {
  const { hyper, window } = options;
  const slices = chooseSlices(series, trainEnd, horizons, window, hyper.validationFraction);
  // Training and early stopping read targets before the calibration slice only: the slice that calibrates
  // the intervals and the median is one that training never saw, not even to pick an epoch.
  const dataset = buildDataset({
    series,
    trainEnd: slices.calibrationStart === undefined ? trainEnd : slices.calibrationStart - 1,
    horizons,
    window,
    ...(slices.earlyStopStart === undefined ? {} : { validationStart: slices.earlyStopStart }),
  });
  const { train, validation } = dataset;
  if (train.count === 0) {
    throw new RangeError(`${options.name}: no training windows before ${new Date(trainEnd).toISOString()}`);
  }
  const scales = series.map(({ candles }) => ewmaScale(candles.slice(0, countUpTo(candles, trainEnd))));
  const standardise = (split: DatasetSplit): Float32Array =>
    split.y.map((v, i) => {
      const k = Math.floor(i / horizons.length);
      const sd1 = scales[split.seriesIndex[k] as number]?.[split.endIndex[k] as number] as number;
      return v / horizonScale(sd1, horizons[i % horizons.length] as number);
    });
  const trainY = standardise(train);
  const targetScale = rootMeanSquares(trainY, horizons.length);
  const started = performance.now();
  const result = await trainModel({
    build: BUILDERS[options.architecture],
    data: {
      xTrain: train.x,
      yTrain: scaleTargets(trainY, targetScale),
      xVal: validation?.x ?? new Float32Array(0),
      yVal: validation ? scaleTargets(standardise(validation), targetScale) : new Float32Array(0),
      window,
      features: dataset.features,
      horizons: horizons.length,
    },
    hyper,
    seed: options.seed,
    name: options.name,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.optimizer ? { optimizer: options.optimizer } : {}),
  });
  const trainMs = performance.now() - started;

  const calibration =
    slices.calibrationStart === undefined
      ? null
      : calibrationSamples(
          series,
          trainEnd,
          horizons,
          window,
          slices.calibrationStart,
          dataset.scaler,
          scales,
        );
  const raw =
    calibration && calibration.count > 0
      ? predictQuantiles(result.model, calibration.x, calibration.count, window, targetScale)
      : [];
  const actual = calibration?.targets ?? [];
  const conformal =
    raw.length > 0
      ? calibrateConformal(raw, actual, horizons)
      : {
          calibrationSize: 0,
          horizons: [...horizons],
          intervals: centralIntervals(),
          delta: horizons.map(() => [0, 0]),
        };
  const adjusted = raw.length > 0 ? applyConformal(raw, conformal) : [];
  const medianShrink = chooseMedianShrink(
    adjusted.map((row) => row.map((q) => q[quantileIndex(0.5)] as number)),
    actual,
    horizons,
  );

  const meta: ModelMeta = {
    version: MODEL_FORMAT_VERSION,
    name: options.name,
    architecture: options.architecture,
    created: new Date().toISOString(),
    trainedUntil: lastCandleTime(series, trainEnd),
    dataHash: hashCandles(series, trainEnd),
    timeframe: options.timeframe,
    symbols: dataset.symbols,
    pooled: options.pooled,
    window,
    features: dataset.featureNames,
    scaler: dataset.scaler,
    targetScale,
    targetScaling: "ewma",
    medianShrink,
    hyperparameters: {
      ...hyper,
      convFilters: [...hyper.convFilters],
      recurrentUnits: [...hyper.recurrentUnits],
    },
    seed: options.seed,
    horizons: [...horizons],
    quantiles: [...QUANTILES],
    conformal,
    ...recurrentMeta(result.model),
    backend: tf.getBackend(),
    metrics: {
      bestValLoss: result.bestLoss,
      bestEpoch: result.bestEpoch,
      epochsRun: result.history.length,
      stoppedEarly: result.stoppedEarly ? 1 : 0,
      trainWindows: train.count,
      validationWindows: validation?.count ?? 0,
      calibrationWindows: raw.length,
      meanEpochMs: Math.round(result.meanEpochMs),
      trainMs: Math.round(trainMs),
      ...rawCoverage(raw, actual),
    },
  };
  return { model: result.model, meta };
}

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
  const inputs = buildInferenceInputs({ candles, scaler: meta.scaler, origins, window: meta.window });
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

/** Fewer early-stopping windows than this, and the slice reaches further back (see chooseSlices). */
const MIN_EARLY_STOP_WINDOWS = 10;

/**
 * The early-stopping and calibration slices: the window end times that leave ~`fraction` and ~`fraction / 2`
 * of all window ends after them. Chosen by time rather than by sample index so a pooled model's slices cover
 * the same recent period for every symbol. Costs one extra (cheap) dataset build to see where windows end.
 */
export function chooseSlices(
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
  window: number,
  fraction: number,
): { earlyStopStart?: number; calibrationStart?: number } {
  if (fraction <= 0) return {};
  const probe = buildDataset({ series, trainEnd, horizons, window });
  const ends = Array.from(probe.train.endTime).sort((a, b) => a - b);
  const at = (f: number) => {
    const index = Math.floor(ends.length * (1 - f));
    return index > 0 && index < ends.length ? ends[index] : undefined;
  };
  const first = at(fraction);
  const calibrationStart = at(fraction / 2);
  if (first === undefined || calibrationStart === undefined || calibrationStart <= first) return {};
  // Early-stopping targets must end before the calibration slice, so its last maxH steps of window ends are
  // purged. On a short history that can leave it (nearly) empty: then it reaches back by maxH steps instead.
  const stepMs = (ends.find((e) => e > (ends[0] as number)) ?? Number.NaN) - (ends[0] as number);
  const reach = Math.max(...horizons) * stepMs;
  const usable = ends.filter((e) => e >= first && e + reach < calibrationStart).length;
  const earlyStopStart = usable < MIN_EARLY_STOP_WINDOWS && Number.isFinite(reach) ? first - reach : first;
  return { earlyStopStart, calibrationStart };
}

/**
 * Inputs (scaled with the training scaler) and standardised targets of every origin from calibrationStart
 * whose farthest target is at most trainEnd.
 */
function calibrationSamples(
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
  window: number,
  calibrationStart: number,
  scaler: Scaler,
  scales: readonly Float64Array[],
): { x: Float32Array; count: number; targets: number[][] } {
  const maxH = Math.max(...horizons);
  const parts: Float32Array[] = [];
  const targets: number[][] = [];
  series.forEach(({ candles }, s) => {
    const usable = candles.slice(0, countUpTo(candles, trainEnd));
    const first = featuresFirstValid(stepsPerDay(usable)) + window - 1;
    const origins: number[] = [];
    usable.forEach((c, i) => {
      if (c.time >= calibrationStart && i >= first && i + maxH < usable.length) origins.push(i);
    });
    if (origins.length === 0) return;
    parts.push(buildInferenceInputs({ candles: usable, scaler, origins, window }).x);
    for (const o of origins) {
      const sd1 = scales[s]?.[o] as number;
      const close = (usable[o] as Candle).close;
      targets.push(
        horizons.map((h) => Math.log((usable[o + h] as Candle).close / close) / horizonScale(sd1, h)),
      );
    }
  });
  const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    x.set(p, offset);
    offset += p.length;
  }
  return { x, count: targets.length, targets };
}

function recurrentMeta(model: tf.LayersModel): Pick<ModelMeta, "recurrent"> {
  const recurrent = describeRecurrentLayers(model);
  return recurrent === undefined ? {} : { recurrent };
}
