import type { Candle, MarketInputs } from "../market/types.js";

// What a caller hands the forecast job and gets back, apart from the job itself: the service on the main
// thread reads these, and importing the job would load TensorFlow.js there.

/**
 * How many of the latest candles a caller sends with a forecast job. The model reads only its window (60)
 * of feature rows, but those rows need warm-up (SMA 50) and some features are EMAs (MACD, and Wilder's
 * smoothing in RSI and ATR) that remember all earlier history; after 1000 candles what is left of where the
 * series began weighs ~e^-70. On the shipped 1d and 4h models the quantiles from the last 1000 (or 500)
 * candles equal those over the full history exactly; from 200 they differ by ~4e-8.
 * test/workers/worker-pool.test.ts checks it.
 */
export const INFERENCE_CANDLES = 1000;

export interface ForecastJobInput {
  /** Folder of a saved model of any kind (see loadSavedForecaster). */
  modelDir: string;
  symbol: string;
  /** Candles ahead, one of the model's trained horizons. */
  steps: number;
  /** Candles of the model's timeframe, oldest first (the last INFERENCE_CANDLES suffice); the last is the origin. */
  candles: Candle[];
  /**
   * Indices into `candles` to forecast from, ascending, in one batched model call (a year of daily origins
   * for the volatility alert: one job instead of ~365). Absent: the last candle only. Each origin should
   * have INFERENCE_CANDLES before it in `candles`, or all there are.
   */
  origins?: number[];
  /**
   * The market-wide inputs at (at least) every candle's time, for a model that reads them
   * (forecast/market-inputs.ts builds them from the configured pairs); absent for a model that reads none.
   */
  market?: MarketInputs;
}

export interface ForecastJobOutput {
  /** Log-return quantiles (QUANTILES of model/types.ts) from the last origin's close to the close `steps` ahead. */
  quantiles: number[];
  /** With `origins`: one quantile vector per origin, in their order. */
  batch?: number[][];
}
