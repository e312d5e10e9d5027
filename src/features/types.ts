/**
 * Per-candle features of one series, row-major: row t belongs to candle t and was computed from
 * candles[0..t] only. Rows before `firstValid` hold NaN where an indicator is still warming up and must
 * not be read; every row from `firstValid` on is finite.
 */
export interface FeatureMatrix {
  /** Column names, in column order. */
  names: string[];
  /** Open time (ms) of each row's candle. */
  times: number[];
  /** n x F values, row-major: values[t * F + f]. */
  values: Float32Array;
  /** First row whose features are all warm; equals the row count when no row is. */
  firstValid: number;
}

/**
 * A z-score scaler, fitted on a training slice and saved with the model (plain JSON).
 * `std` is never zero: a constant feature stores 1, so it scales to 0 instead of dividing by zero.
 */
export interface Scaler {
  /** Feature names it was fitted on; applying it to another feature set is refused. */
  names: string[];
  mean: number[];
  std: number[];
  /** Scaled values are clipped to [-clip, clip]. */
  clip: number;
}

/**
 * Training samples: n windows of T rows x F features, and their n x H log-return targets.
 * Sample k covers matrix rows endIndex[k] - T + 1 .. endIndex[k]; y[k * H + j] = log(close[e + h_j] / close[e]).
 */
export interface WindowSet {
  /** n x T x F, row-major. */
  x: Float32Array;
  /** n x H, row-major. */
  y: Float32Array;
  /** Row (= candle index) each window ends at, ascending. */
  endIndex: Int32Array;
  count: number;
  window: number;
  features: number;
  horizons: number[];
}

/** Inference inputs: windows without targets. */
export interface InputWindows {
  /** n x T x F, row-major. */
  x: Float32Array;
  endIndex: Int32Array;
  count: number;
  window: number;
  features: number;
}
