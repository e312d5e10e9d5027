import { loadSavedForecaster, type SavedForecaster } from "../model/saved/forecasters.js";
import type { ForecastJobInput, ForecastJobOutput } from "./forecast-job-input.js";

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
  const loaded = new Map<string, SavedForecaster>();

  const forecasterFor = async (modelDir: string): Promise<SavedForecaster> => {
    const cached = loaded.get(modelDir);
    if (cached !== undefined) {
      // Map keeps insertion order: re-inserting marks the model as the most recently used.
      loaded.delete(modelDir);
      loaded.set(modelDir, cached);
      return cached;
    }
    const forecaster = await loadSavedForecaster(modelDir);
    loaded.set(modelDir, forecaster);
    for (const [dir, old] of loaded) {
      if (loaded.size <= maxModels) break;
      loaded.delete(dir);
      old.dispose();
    }
    return forecaster;
  };

  return async function runForecastJob(input: ForecastJobInput): Promise<ForecastJobOutput> {
    const last = input.candles.length - 1;
    if (last < 0) throw new RangeError(`no candles to forecast ${input.symbol} from`);
    const origins = input.origins ?? [last];
    if (origins.length === 0 || origins.some((i) => !Number.isInteger(i) || i < 0 || i > last))
      throw new RangeError(`forecast origins must be candle indices 0-${last}`);
    const forecaster = await forecasterFor(input.modelDir);
    const rows = await forecaster.predict(
      { symbol: input.symbol, candles: input.candles, ...(input.market ? { market: input.market } : {}) },
      origins,
      [input.steps],
    );
    const batch = origins.map((_, i) => {
      const quantiles = rows[i]?.[0];
      if (quantiles === undefined) throw new Error("the model returned no forecast");
      return [...quantiles];
    });
    const quantiles = batch.at(-1) as number[];
    return input.origins === undefined ? { quantiles } : { quantiles, batch };
  };
}
