import type { Candle } from "../market/types.js";
import { type NeuralForecaster, neuralForecasterFromSaved } from "../model/neural-forecaster.js";

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
  /** Folder of a saved neural forecaster (see neuralForecasterFromSaved). */
  modelDir: string;
  symbol: string;
  /** Candles ahead, one of the model's trained horizons. */
  steps: number;
  /** Candles of the model's timeframe, oldest first (the last INFERENCE_CANDLES suffice); the last is the origin. */
  candles: Candle[];
}

export interface ForecastJobOutput {
  /** Log-return quantiles (QUANTILES of model/types.ts) from the last close to the close `steps` ahead. */
  quantiles: number[];
}

/** Loaded models a worker keeps: the current version, and the one it replaced while callers switch over. */
const DEFAULT_MAX_MODELS = 2;

/**
 * The "forecast" job: one quantile vector at the last candle. Forecasters are loaded once per model folder
 * and kept, least recently used dropped (and its tensors freed) past `maxModels`: a promoted model version
 * is a new folder, so it loads fresh while the old one ages out. A worker runs one job at a time, so a
 * dropped model is never in use.
 */
export function createForecastJob(options: { maxModels?: number } = {}) {
  const maxModels = options.maxModels ?? DEFAULT_MAX_MODELS;
  const loaded = new Map<string, NeuralForecaster>();

  const forecasterFor = async (modelDir: string): Promise<NeuralForecaster> => {
    const cached = loaded.get(modelDir);
    if (cached !== undefined) {
      // Map keeps insertion order: re-inserting marks the model as the most recently used.
      loaded.delete(modelDir);
      loaded.set(modelDir, cached);
      return cached;
    }
    const forecaster = await neuralForecasterFromSaved(modelDir);
    loaded.set(modelDir, forecaster);
    for (const [dir, old] of loaded) {
      if (loaded.size <= maxModels) break;
      loaded.delete(dir);
      old.dispose();
    }
    return forecaster;
  };

  return async function runForecastJob(input: ForecastJobInput): Promise<ForecastJobOutput> {
    const origin = input.candles.length - 1;
    if (origin < 0) throw new RangeError(`no candles to forecast ${input.symbol} from`);
    const forecaster = await forecasterFor(input.modelDir);
    const [row] = await forecaster.predict(
      { symbol: input.symbol, candles: input.candles },
      [origin],
      [input.steps],
    );
    const quantiles = row?.[0];
    if (quantiles === undefined) throw new Error("the model returned no forecast");
    return { quantiles: [...quantiles] };
  };
}
