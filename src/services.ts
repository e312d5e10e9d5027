import type { Config } from "./config.js";
import type { ForecastService } from "./forecast/service.js";
import type { ModelRegistry } from "./lifecycle/model-registry.js";
import type { Logger } from "./logger.js";
import type { MarketData } from "./market/market-data.js";
import type { SelectedBackend } from "./model/backend.js";
import type { ModelTimeframe } from "./model/horizons.js";
import type { SeriesData } from "./model/types.js";
import type { SubscriptionStore } from "./schedule/store.js";

/**
 * What the composition root (src/main.ts) builds, each service on first use, once per process, from Config.
 * Commands ask for what they need, so `coincast --help` builds nothing, and a forecast from stored candles
 * never loads ccxt.
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  marketData(): Promise<MarketData>;
  /** Selects and initialises the TensorFlow.js back-end (process-wide), once. */
  modelBackend(): Promise<SelectedBackend>;
  /** Every configured symbol's candles at a model timeframe, from the local store (no network). */
  modelSeries(timeframe: ModelTimeframe): Promise<SeriesData[]>;
  /** Which model version serves each timeframe, and the kept ones (no model is loaded). */
  modelRegistry(): Promise<ModelRegistry>;
  /** The forecast core (cache, ledger, worker threads, retraining), built once. */
  forecastService(): Promise<ForecastService>;
  /** Channel subscriptions and their posts (DATA_DIR/subscriptions.sqlite), opened once. */
  subscriptionStore(): Promise<SubscriptionStore>;
  /** Stops what was started (worker threads, database handles) so the process can exit. */
  close(): Promise<void>;
}
