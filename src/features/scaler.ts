import type { FeatureMatrix, Scaler } from "./types.js";

/**
 * Scaled values are clipped to +-10. Crypto returns are heavy-tailed and the data has real faults
 * (a flash crash, a gap-filled zero-volume candle whose volume z-score is far below -10): one 30-sigma
 * input would saturate the GRU's gates and dominate the gradient of a whole batch. At 10 sigma a value
 * still reads as extreme, and ordinary rows are never touched.
 */
export const DEFAULT_CLIP = 10;

/** Below this a feature's std counts as zero (constant on the training slice). */
const MIN_STD = 1e-12;

/** A half-open row range [rowStart, rowEnd) of one feature matrix. */
export interface MatrixSlice {
  matrix: FeatureMatrix;
  rowStart: number;
  rowEnd: number;
}

/**
 * Fits a z-score scaler on rows [rowStart, rowEnd) of one matrix; rows before `matrix.firstValid` are
 * skipped. Pass the training rows only: the scaler is part of the model, and statistics of later rows
 * would leak the future into every input.
 *
 * @throws RangeError when the range holds no valid row.
 */
export function fitScaler(
  matrix: FeatureMatrix,
  rowStart: number,
  rowEnd: number,
  clip: number = DEFAULT_CLIP,
): Scaler {
  return fitScalerPooled([{ matrix, rowStart, rowEnd }], clip);
}

/**
 * Fits one z-score scaler on the pooled rows of several matrices (several symbols), so that one model
 * sees all of them on the same scale. Same row rules as {@link fitScaler}; all matrices must share the
 * same feature names.
 *
 * @throws RangeError when the slices hold no valid row or their feature names differ.
 */
export function fitScalerPooled(slices: readonly MatrixSlice[], clip: number = DEFAULT_CLIP): Scaler {
  const first = slices[0];
  if (first === undefined) throw new RangeError("fitScaler needs at least one slice");
  const names = first.matrix.names;
  const width = names.length;
  const ranges = slices.map(({ matrix, rowStart, rowEnd }) => {
    if (!sameNames(matrix.names, names)) throw new RangeError("fitScaler: slices have different features");
    const rows = matrix.times.length;
    return {
      values: matrix.values,
      from: Math.max(0, rowStart, matrix.firstValid),
      to: Math.min(rows, rowEnd),
    };
  });

  // Two passes (mean, then squared deviations) in float64: sums of squares of raw values lose precision.
  const sum = new Float64Array(width);
  let count = 0;
  for (const { values, from, to } of ranges) {
    for (let t = from; t < to; t++) {
      for (let f = 0; f < width; f++) sum[f] = (sum[f] as number) + (values[t * width + f] as number);
    }
    count += Math.max(0, to - from);
  }
  if (count === 0) throw new RangeError("fitScaler: the given rows hold no valid (warm) row");
  const mean = Array.from(sum, (s) => s / count);

  const squares = new Float64Array(width);
  for (const { values, from, to } of ranges) {
    for (let t = from; t < to; t++) {
      for (let f = 0; f < width; f++) {
        const d = (values[t * width + f] as number) - (mean[f] as number);
        squares[f] = (squares[f] as number) + d * d;
      }
    }
  }
  const std = Array.from(squares, (s) => {
    const sd = Math.sqrt(s / count);
    return sd < MIN_STD ? 1 : sd;
  });
  return { names: [...names], mean, std, clip };
}

/**
 * Returns a copy of `matrix` with every value z-scored and clipped to +-scaler.clip, holding the scaler's
 * columns in the scaler's order. NaN (warm-up rows) stays NaN. A matrix may carry more features than the
 * scaler knows: a model saved before a feature was added keeps reading the columns it was trained on.
 *
 * @throws RangeError when the matrix lacks a feature the scaler was fitted on.
 */
export function applyScaler(matrix: FeatureMatrix, scaler: Scaler): FeatureMatrix {
  const source = scaler.names.map((name) => matrix.names.indexOf(name));
  if (source.some((f) => f < 0)) {
    throw new RangeError(
      `applyScaler: scaler fitted on [${scaler.names.join(", ")}], matrix has [${matrix.names.join(", ")}]`,
    );
  }
  const width = scaler.names.length;
  const from = matrix.names.length;
  const rows = matrix.times.length;
  const { clip } = scaler;
  const inverseStd = scaler.std.map((s) => 1 / s);
  const values = new Float32Array(rows * width);
  for (let t = 0; t < rows; t++) {
    for (let f = 0; f < width; f++) {
      const raw = matrix.values[t * from + (source[f] as number)] as number;
      const z = (raw - (scaler.mean[f] as number)) * (inverseStd[f] as number);
      values[t * width + f] = Math.min(clip, Math.max(-clip, z)); // NaN stays NaN
    }
  }
  return { names: [...scaler.names], times: matrix.times, values, firstValid: matrix.firstValid };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
