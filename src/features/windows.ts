import type { FeatureMatrix, InputWindows, WindowSet } from "./types.js";

/** Default window length: 60 steps (10 days of 4h candles, two months of daily ones). */
export const DEFAULT_WINDOW = 60;

/** Options of {@link makeWindows}. Row indices are candle indices (the matrix has one row per candle). */
export interface MakeWindowsOptions {
  matrix: FeatureMatrix;
  /** Close of every candle the matrix was computed from (targets are log returns between closes). */
  closes: ArrayLike<number>;
  /** Steps per window; default {@link DEFAULT_WINDOW}. */
  window?: number;
  /** Forecast horizons in steps, each >= 1. */
  horizons: readonly number[];
  /** First row a window may end at (inputs may reach back before it); default 0. */
  start?: number;
  /**
   * Exclusive bound on every row read, inputs and targets alike: a window ending at t is kept only if
   * t + max(horizons) < end. Default: the row count. Pass the first row after the training period so
   * that no training target peeks past it.
   */
  end?: number;
}

/** The half-open range [from, to) of window end rows {@link makeWindows} keeps. */
export interface WindowRange {
  from: number;
  to: number;
}

/** First row a window of `window` steps can end at: all its rows must be warm. */
export function firstWindowEnd(matrix: FeatureMatrix, window: number = DEFAULT_WINDOW): number {
  return matrix.firstValid + window - 1;
}

/**
 * Which window end rows {@link makeWindows} keeps. They are always contiguous: a window is valid when it
 * starts at or after `firstValid`, ends at or after `start`, and its farthest target lies before `end`.
 */
export function windowRange(options: MakeWindowsOptions): WindowRange {
  const { matrix, horizons } = options;
  const window = options.window ?? DEFAULT_WINDOW;
  const rows = matrix.times.length;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be >= 1, got ${window}`);
  if (horizons.length === 0 || horizons.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`horizons must be integers >= 1, got [${horizons.join(", ")}]`);
  }
  if (options.closes.length !== rows) {
    throw new RangeError(`closes has ${options.closes.length} values, the matrix ${rows} rows`);
  }
  const from = Math.max(options.start ?? 0, firstWindowEnd(matrix, window));
  const to = Math.min(options.end ?? rows, rows) - Math.max(...horizons);
  return { from, to: Math.max(from, to) };
}

/**
 * Sliding training windows with their targets: for the window ending at row t and horizon h the target
 * is log(close[t + h] / close[t]). Windows come out oldest first, all rows warm, all targets present.
 * Each window is one contiguous block of the row-major matrix, so x is filled with block copies into a
 * single preallocated array.
 *
 * @throws RangeError on a bad window or horizon, or closes that do not match the matrix.
 */
export function makeWindows(options: MakeWindowsOptions): WindowSet {
  const range = windowRange(options);
  const window = options.window ?? DEFAULT_WINDOW;
  const width = options.matrix.names.length;
  const count = range.to - range.from;
  const set: WindowSet = {
    x: new Float32Array(count * window * width),
    y: new Float32Array(count * options.horizons.length),
    endIndex: new Int32Array(count),
    count,
    window,
    features: width,
    horizons: [...options.horizons],
  };
  writeWindows(options, range, set, 0);
  return set;
}

/**
 * Writes the windows of `range` into `into` from sample `offset` on: the building block that lets
 * buildDataset pool several symbols into one allocation. `into` must have room and matching shapes.
 */
export function writeWindows(
  options: MakeWindowsOptions,
  range: WindowRange,
  into: Pick<WindowSet, "x" | "y" | "endIndex">,
  offset: number,
): void {
  const { matrix, closes, horizons } = options;
  const window = options.window ?? DEFAULT_WINDOW;
  const block = window * matrix.names.length;
  const rowWidth = matrix.names.length;
  const h = horizons.length;
  for (let t = range.from, k = offset; t < range.to; t++, k++) {
    const first = (t - window + 1) * rowWidth;
    into.x.set(matrix.values.subarray(first, first + block), k * block);
    into.endIndex[k] = t;
    const origin = closes[t] as number;
    for (let j = 0; j < h; j++) {
      into.y[k * h + j] = Math.log((closes[t + (horizons[j] as number)] as number) / origin);
    }
  }
}

/**
 * Input windows ending at the given rows, without targets: what a forecaster needs at inference time.
 *
 * @throws RangeError when a window would reach a warm-up row or past the last row.
 */
export function makeInputWindows(
  matrix: FeatureMatrix,
  ends: readonly number[],
  window: number = DEFAULT_WINDOW,
): InputWindows {
  const rowWidth = matrix.names.length;
  const block = window * rowWidth;
  const lowest = firstWindowEnd(matrix, window);
  const rows = matrix.times.length;
  const x = new Float32Array(ends.length * block);
  const endIndex = Int32Array.from(ends);
  ends.forEach((t, k) => {
    if (!Number.isInteger(t) || t < lowest || t >= rows) {
      throw new RangeError(`no valid ${window}-step window ends at row ${t} (valid: ${lowest}..${rows - 1})`);
    }
    const first = (t - window + 1) * rowWidth;
    x.set(matrix.values.subarray(first, first + block), k * block);
  });
  return { x, endIndex, count: ends.length, window, features: rowWidth };
}

/**
 * The window ending at the last row: the input of a live forecast.
 *
 * @throws RangeError when the series is shorter than firstValid + window rows.
 */
export function latestWindow(matrix: FeatureMatrix, window: number = DEFAULT_WINDOW): InputWindows {
  return makeInputWindows(matrix, [matrix.times.length - 1], window);
}
