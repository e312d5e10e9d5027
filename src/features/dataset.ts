import type { Candle, MarketInputs, SeriesData } from "../market/types.js";
import { computeFeatures } from "./compute-features.js";
import { appendMarketColumns, readsMarket } from "./market-inputs.js";
import { applyScaler, DEFAULT_CLIP, fitScalerPooled } from "./scaler.js";
import type { FeatureMatrix, InputWindows, Scaler } from "./types.js";
import {
  DEFAULT_WINDOW,
  type MakeWindowsOptions,
  makeInputWindows,
  windowRange,
  writeWindows,
} from "./windows.js";

/** Options of {@link buildDataset}. Times are candle open times in epoch ms (UTC). */
export interface BuildDatasetOptions {
  /** One or more symbols at the same timeframe, oldest candle first, gaps filled. */
  series: readonly SeriesData[];
  /** Last candle open time that may be read (inclusive). Nothing after it is even passed to the features. */
  trainEnd: number;
  /** Forecast horizons in steps, each >= 1. */
  horizons: readonly number[];
  /** Steps per window; default 60. */
  window?: number;
  /**
   * Chronological split: windows ending at or after this time (and with targets <= trainEnd) form the
   * validation set; training windows then have every target before it, and the scaler is fitted on
   * the rows before it only. Omit for no validation set.
   */
  validationStart?: number;
  /** Clip for scaled values; default 10 (see scaler.ts). */
  clip?: number;
  /** Append every series' market-wide inputs (`series[i].market`, market-inputs.ts) to its features. */
  marketInputs?: boolean;
}

/** The samples of one split, all symbols pooled, each symbol's windows oldest first. */
export interface DatasetSplit {
  /** count x window x features, row-major, scaled. */
  x: Float32Array;
  /** count x horizons: log(close[end + h] / close[end]). */
  y: Float32Array;
  /** Candle index (into that series' candles) each window ends at. */
  endIndex: Int32Array;
  /** Which entry of `series` each sample comes from. */
  seriesIndex: Int32Array;
  /** Open time (ms) of the candle each window ends at. */
  endTime: Float64Array;
  count: number;
}

/** Everything a neural forecaster needs to fit; `scaler` is saved with the model and reused at inference. */
export interface Dataset {
  symbols: string[];
  featureNames: string[];
  window: number;
  features: number;
  horizons: number[];
  scaler: Scaler;
  train: DatasetSplit;
  /** Null when no validationStart was given. */
  validation: DatasetSplit | null;
}

/**
 * Builds training (and optionally validation) windows for one or several symbols: features per symbol ->
 * one scaler fitted on the pooled training rows -> scaled sliding windows with log-return targets.
 *
 * Leak-free by construction: each series is cut after `trainEnd` before any feature is computed, training
 * targets stop before `validationStart` (or at trainEnd), and the scaler never sees a validation row.
 * A symbol with too little history before trainEnd simply contributes no windows.
 *
 * @throws RangeError when no symbol has a warm row to fit the scaler on, or on a bad window or horizon.
 */
export function buildDataset(options: BuildDatasetOptions): Dataset {
  const window = options.window ?? DEFAULT_WINDOW;
  const { horizons, trainEnd } = options;
  const validationStart = options.validationStart ?? Number.POSITIVE_INFINITY;

  const parts = options.series.map((s) => {
    const candles = s.candles.slice(
      0,
      countWhile(s.candles, (c) => c.time <= trainEnd),
    );
    const matrix = options.marketInputs
      ? appendMarketColumns(computeFeatures(candles), requireMarket(s.market, s.symbol))
      : computeFeatures(candles);
    const validationRow = countWhile(candles, (c) => c.time < validationStart);
    return { candles, matrix, validationRow };
  });
  const scaler = fitScalerPooled(
    parts.map(({ matrix, validationRow }) => ({ matrix, rowStart: 0, rowEnd: validationRow })),
    options.clip ?? DEFAULT_CLIP,
  );

  const plans = parts.map(({ candles, matrix, validationRow }) => {
    const base = {
      matrix: applyScaler(matrix, scaler),
      closes: candles.map((c) => c.close),
      window,
      horizons,
    };
    const train: MakeWindowsOptions = { ...base, start: 0, end: validationRow };
    const validation: MakeWindowsOptions = { ...base, start: validationRow, end: candles.length };
    return { train, validation, times: matrix.times };
  });

  const gather = (pick: "train" | "validation"): DatasetSplit =>
    pool(
      plans.map((p) => ({ options: p[pick], times: p.times })),
      window * scaler.names.length,
      horizons.length,
    );

  return {
    symbols: options.series.map((s) => s.symbol),
    featureNames: [...scaler.names],
    window,
    features: scaler.names.length,
    horizons: [...horizons],
    scaler,
    train: gather("train"),
    validation: options.validationStart === undefined ? null : gather("validation"),
  };
}

/** Options of {@link buildInferenceInputs}. */
export interface InferenceInputOptions {
  candles: readonly Candle[];
  /** The scaler saved with the model. */
  scaler: Scaler;
  /** Candle indices to forecast from; each window ends at (and includes) its origin candle. */
  origins: readonly number[];
  window?: number;
  /** The market-wide inputs, needed when the scaler was fitted on them (market-inputs.ts). */
  market?: MarketInputs | undefined;
}

/**
 * Scaled input windows ending at the given origins, for a fitted model's predict(). Candles after the
 * latest origin are cut before features are computed, so no forecast can read past its origin.
 *
 * @throws RangeError when an origin has fewer than firstValid + window candles behind it.
 */
export function buildInferenceInputs(options: InferenceInputOptions): InputWindows {
  const last = options.origins.reduce((max, o) => Math.max(max, o), -1);
  const own: FeatureMatrix = computeFeatures(options.candles.slice(0, last + 1));
  const matrix = readsMarket(options.scaler.names)
    ? appendMarketColumns(own, requireMarket(options.market, "this forecast"))
    : own;
  return makeInputWindows(applyScaler(matrix, options.scaler), options.origins, options.window);
}

function pool(
  parts: readonly { options: MakeWindowsOptions; times: readonly number[] }[],
  block: number,
  h: number,
): DatasetSplit {
  const ranges = parts.map((p) => windowRange(p.options));
  const count = ranges.reduce((sum, r) => sum + (r.to - r.from), 0);
  const split: DatasetSplit = {
    x: new Float32Array(count * block),
    y: new Float32Array(count * h),
    endIndex: new Int32Array(count),
    seriesIndex: new Int32Array(count),
    endTime: new Float64Array(count),
    count,
  };
  let offset = 0;
  parts.forEach((part, s) => {
    const range = ranges[s] as (typeof ranges)[number];
    writeWindows(part.options, range, split, offset);
    for (let k = offset; k < offset + range.to - range.from; k++) {
      split.seriesIndex[k] = s;
      split.endTime[k] = part.times[split.endIndex[k] as number] as number;
    }
    offset += range.to - range.from;
  });
  return split;
}

function requireMarket(market: MarketInputs | undefined, what: string): MarketInputs {
  if (market === undefined)
    throw new RangeError(`the model reads market-wide inputs, and none were given for ${what}`);
  return market;
}

/** Length of the leading run of candles that satisfy `test` (a prefix, as candles are sorted by time). */
function countWhile(candles: readonly Candle[], test: (candle: Candle) => boolean): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(candles[mid] as Candle)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
