import * as tf from "@tensorflow/tfjs";
import { featuresFirstValid } from "../../features/compute-features.js";
import { buildDataset, buildInferenceInputs, type DatasetSplit } from "../../features/dataset.js";
import { stepsPerDay } from "../../features/realized-volatility.js";
import type { Scaler } from "../../features/types.js";
import type { Candle, Timeframe } from "../../market/types.js";
import type { OptimizerKind } from "../acceleration/fused-optimizer/clipped-adam.js";
import { describeRecurrentLayers } from "../acceleration/fused-rnn/fused-layers.js";
import { applyConformal, calibrateConformal, centralIntervals } from "../calibration/conformal.js";
import { quantileIndex } from "../quantile-math.js";
import { hashCandles, lastCandleTime } from "../saved/data-hash.js";
import type { SavedModel } from "../saved/model-io.js";
import { MODEL_FORMAT_VERSION, type ModelMeta } from "../saved/model-meta.js";
import { QUANTILES, type SeriesData, type TrainProgress } from "../types.js";
import { type ArchitectureName, BUILDERS, type Hyperparameters, type ModelBuilder } from "./architectures.js";
import { chooseMedianShrink, ewmaScale, horizonScale } from "./output-transform.js";
import { predictQuantiles } from "./serve-network.js";
import { countUpTo, rawCoverage, rootMeanSquares, scaleTargets } from "./target-scale.js";
import { type TrainResult, trainModel } from "./train.js";

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
  const { result, targetScale, training } = await trainOnScaledTargets(
    () => BUILDERS[options.architecture],
    {
      train: { x: train.x, y: standardise(train), count: train.count },
      validation: validation
        ? { x: validation.x, y: standardise(validation), count: validation.count }
        : null,
      features: dataset.features,
      horizons: horizons.length,
    },
    options,
  );

  const calibration =
    slices.calibrationStart === undefined
      ? null
      : calibrationWindows(
          series,
          { trainEnd, horizons, window, calibrationStart: slices.calibrationStart },
          dataset.scaler,
          (s, _, origins) => (k, j) =>
            horizonScale(scales[s]?.[origins[k] as number] as number, horizons[j] as number),
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
      ...training,
      calibrationWindows: raw.length,
      ...rawCoverage(raw, actual),
    },
  };
  return { model: result.model, meta };
}

/** Training windows and their targets, in the units the head learns before the per-horizon scale. */
interface TargetSet {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/**
 * What fitNetwork and fitAnchoredNetwork share: trains the network on targets divided per horizon by their
 * root mean square on the training windows (targetScale, which `build` may read), stopping early on
 * `validation`, and the training figures a meta.json records.
 */
export async function trainOnScaledTargets(
  build: (targetScale: readonly number[]) => ModelBuilder,
  sets: { train: TargetSet; validation: TargetSet | null; features: number; horizons: number },
  options: FitNetworkOptions,
): Promise<{ result: TrainResult; targetScale: number[]; training: Record<string, number> }> {
  const { train, validation, horizons } = sets;
  const targetScale = rootMeanSquares(train.y, horizons);
  const started = performance.now();
  const result = await trainModel({
    build: build(targetScale),
    data: {
      xTrain: train.x,
      yTrain: scaleTargets(train.y, targetScale),
      xVal: validation?.x ?? new Float32Array(0),
      yVal: validation ? scaleTargets(validation.y, targetScale) : new Float32Array(0),
      window: options.window,
      features: sets.features,
      horizons,
    },
    hyper: options.hyper,
    seed: options.seed,
    name: options.name,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.optimizer ? { optimizer: options.optimizer } : {}),
  });
  const training = {
    bestValLoss: result.bestLoss,
    bestEpoch: result.bestEpoch,
    epochsRun: result.history.length,
    stoppedEarly: result.stoppedEarly ? 1 : 0,
    trainWindows: train.count,
    validationWindows: validation?.count ?? 0,
    meanEpochMs: Math.round(result.meanEpochMs),
    trainMs: Math.round(performance.now() - started),
  };
  return { result, targetScale, training };
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

/** The calibration slice's windows: scaled inputs and standardised targets, one row of targets a window. */
export interface CalibrationWindows {
  x: Float32Array;
  count: number;
  targets: number[][];
}

/**
 * Inputs (scaled with the training scaler) and standardised targets of every origin from calibrationStart
 * whose farthest target is at most trainEnd: what fitNetwork and fitAnchoredNetwork calibrate on, each with
 * its own scales. `scalesOf` gives, for one series and its candidate origins, the scale of origin k at
 * horizon j (k and j positions in `origins` and `horizons`); an origin whose scale is not above zero at
 * some horizon is left out.
 */
export function calibrationWindows(
  series: readonly SeriesData[],
  slice: { trainEnd: number; horizons: readonly number[]; window: number; calibrationStart: number },
  scaler: Scaler,
  scalesOf: (
    s: number,
    usable: readonly Candle[],
    origins: readonly number[],
  ) => (k: number, j: number) => number,
): CalibrationWindows {
  const { trainEnd, horizons, window, calibrationStart } = slice;
  const maxH = Math.max(...horizons);
  const parts: Float32Array[] = [];
  const targets: number[][] = [];
  series.forEach(({ candles, market }, s) => {
    const usable = candles.slice(0, countUpTo(candles, trainEnd));
    const first = featuresFirstValid(stepsPerDay(usable)) + window - 1;
    const candidates: number[] = [];
    usable.forEach((c, i) => {
      if (c.time >= calibrationStart && i >= first && i + maxH < usable.length) candidates.push(i);
    });
    if (candidates.length === 0) return;
    const scale = scalesOf(s, usable, candidates);
    const kept = candidates.flatMap((o, k) => (horizons.every((_, j) => scale(k, j) > 0) ? [{ o, k }] : []));
    if (kept.length === 0) return;
    const origins = kept.map(({ o }) => o);
    parts.push(buildInferenceInputs({ candles: usable, scaler, origins, window, market }).x);
    for (const { o, k } of kept) {
      const close = (usable[o] as Candle).close;
      targets.push(horizons.map((h, j) => Math.log((usable[o + h] as Candle).close / close) / scale(k, j)));
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
