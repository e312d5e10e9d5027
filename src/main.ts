import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { createExchange } from "./market/exchange.js";
import { createMarketData, type MarketData } from "./market/market-data.js";
import { createCandleStore } from "./market/store.js";

/**
 * The composition root: builds each service on first use, once per process, from Config.
 * Commands ask for what they need, so `coincast --help` builds nothing and never loads ccxt's client.
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  marketData(): MarketData;
}

export function createServices(config: Config, logger: Logger): Services {
  let marketData: MarketData | undefined;
  return {
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
  };
}
