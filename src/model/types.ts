import type { SeriesData } from "../market/types.js";

export type { SeriesData };

/**
 * Quantile levels every forecaster predicts, for the log return from the origin close to the close h steps on.
 * 0.1/0.9 bound the 80% interval, 0.025/0.975 the 95% interval, 0.5 is the median.
 */
export const QUANTILES = [0.025, 0.1, 0.5, 0.9, 0.975] as const;
export type QuantileLevel = (typeof QUANTILES)[number];

/** Log-return quantiles, aligned with QUANTILES, for one origin and one horizon. */
export type QuantileVector = readonly number[];

/** Progress of a training run, for a CLI progress bar or a chat message alike. */
export interface TrainProgress {
  model: string;
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  /** Estimated milliseconds left, from the mean epoch time so far. */
  etaMs: number;
}

/**
 * The one interface the walk-forward harness, `coincast evaluate` and the forecast service see.
 * Neural models, ARIMA and the naive baselines all implement it, so they share splits and metrics.
 */
export interface Forecaster {
  readonly name: string;
  /** Fits on candles with open time <= trainEnd (ms) of every series; nothing later may be read. */
  fit(
    series: readonly SeriesData[],
    trainEnd: number,
    horizons: readonly number[],
    onProgress?: (progress: TrainProgress) => void,
  ): Promise<void>;
  /**
   * For each origin index i into series.candles, the quantiles of log(close[i+h] / close[i]) for each horizon,
   * using only candles[0..i]. Result: [origin][horizon] -> QuantileVector.
   */
  predict(
    series: SeriesData,
    origins: readonly number[],
    horizons: readonly number[],
  ): Promise<QuantileVector[][]>;
  /** Frees what the forecaster holds outside the JS heap (tensors, WebAssembly memory). */
  dispose?(): void;
}
