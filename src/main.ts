import { join } from "node:path";
import type { Config } from "./config.js";
import { UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import { createExchange } from "./market/exchange.js";
import { createMarketData, type MarketData } from "./market/market-data.js";
import { createCandleStore } from "./market/store.js";
import { type SelectedBackend, selectBackend } from "./model/backend.js";
import type { ModelTimeframe } from "./model/horizons.js";
import { ModelLoadError } from "./model/model-io.js";
import { type NeuralForecaster, neuralForecasterFromSaved } from "./model/neural-forecaster.js";
import type { SeriesData } from "./model/types.js";

/**
 * The composition root: builds each service on first use, once per process, from Config.
 * Commands ask for what they need, so `coincast --help` builds nothing and never loads ccxt's client.
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  marketData(): MarketData;
  /** Selects and initialises the TensorFlow.js back-end (process-wide), once. */
  modelBackend(): Promise<SelectedBackend>;
  /** The trained model of a timeframe from the models folder, loaded once. */
  model(timeframe: ModelTimeframe): Promise<NeuralForecaster>;
  /** Every configured symbol's candles at a model timeframe, from the local store (no network). */
  modelSeries(timeframe: ModelTimeframe): Promise<SeriesData[]>;
}

export function createServices(config: Config, logger: Logger): Services {
  let marketData: MarketData | undefined;
  let backend: Promise<SelectedBackend> | undefined;
  const models = new Map<ModelTimeframe, Promise<NeuralForecaster>>();
  const services: Services = {
    config,
    logger,
    marketData: () => {
      marketData ??= createMarketData({
        store: createCandleStore({ dir: config.dataDir, logger }),
        // One exchange instance per process: ccxt's rate limiter only works if every request shares it.
        exchange: createExchange(config.exchange),
        config,
        logger,
      });
      return marketData;
    },
    modelBackend: () => {
      backend ??= selectBackend({ preference: config.tfBackend, logger });
      return backend;
    },
    model: (timeframe) => {
      let loaded = models.get(timeframe);
      if (loaded === undefined) {
        const dir = join(config.modelsDir, timeframe);
        loaded = services.modelBackend().then(() =>
          neuralForecasterFromSaved(dir).catch((error: unknown) => {
            models.delete(timeframe);
            // A missing or broken model is the admin's to fix; anything else is a fault, logged as such.
            if (!(error instanceof ModelLoadError)) throw error;
            throw new UserError(`${error.message}. Run \`coincast train\` to make a ${timeframe} model.`, {
              cause: error,
            });
          }),
        );
        models.set(timeframe, loaded);
      }
      return loaded;
    },
    modelSeries: async (timeframe) => {
      const market = services.marketData();
      const series: SeriesData[] = [];
      for (const symbol of market.symbols) {
        const { candles } = await market.getCandles(symbol, timeframe);
        series.push({ symbol, candles });
      }
      return series;
    },
  };
  return services;
}
