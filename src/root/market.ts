import { join } from "node:path";
import type { Config } from "../config.js";
import type { MarketData } from "../market/market-data.js";
import type { ModelTimeframe } from "../model/horizons.js";
import type { SeriesData } from "../model/types.js";
import { once, type RootContext } from "./context.js";

/**
 * The market side of the services: the candle store and MarketData (the exchange, ccxt, loads on the first
 * fetch only), the series the models train on, and the training corpus.
 */
export function createMarketParts(root: RootContext) {
  const { config, logger } = root;
  // The pairs kept on demand, shared by every replica over one DATA_DIR (market/on-demand-registry.ts).
  const registryFile = join(config.dataDir, "candles", config.exchange.id, "on-demand.json");

  const marketData = once(async (): Promise<MarketData> => {
    const [{ createMarketData }, { createCandleStore }, { corpusDirs }] = await Promise.all([
      import("../market/market-data.js"),
      import("../market/store.js"),
      import("../market/corpus.js"),
    ]);
    let exchange: ReturnType<typeof loadExchange> | undefined;
    return createMarketData({
      store: createCandleStore({ dir: config.dataDir, logger }),
      // One exchange instance per process: ccxt's rate limiter only works if every request shares it.
      // Built on the first fetch: ccxt takes seconds to load and stored candles never need it.
      exchange: () => {
        exchange ??= loadExchange(config);
        return exchange;
      },
      config,
      logger,
      // Pairs outside SYMBOLS: backfilled on their first /forecast, at most MAX_SYMBOLS kept.
      onDemand: {
        registryFile,
        maxSymbols: config.maxSymbols,
        // The store's own corpus folders (its default): the corpus pairs it seeds are the ones served offline.
        corpusDirs: corpusDirs(config.dataDir),
      },
    });
  });

  const corpus = async () => {
    const [{ corpusDirs, loadCorpusSeries, describeCorpus }, { createCandleStore }] = await Promise.all([
      import("../market/corpus.js"),
      import("../market/store.js"),
    ]);
    const store = createCandleStore({ dir: config.dataDir, logger });
    const source = { store, dirs: corpusDirs(config.dataDir), exclude: config.symbols };
    return { source, loadCorpusSeries, describeCorpus };
  };

  return {
    marketData,
    modelSeries: async (timeframe: ModelTimeframe): Promise<SeriesData[]> => {
      const market = await marketData();
      const series: SeriesData[] = [];
      for (const symbol of market.symbols) {
        const { candles } = await market.getCandles(symbol, timeframe);
        series.push({ symbol, candles });
      }
      return series;
    },
    corpusSeries: async (timeframe: ModelTimeframe) => {
      const { source, loadCorpusSeries } = await corpus();
      return loadCorpusSeries(source, timeframe);
    },
    corpusStatus: async () => {
      const { source, describeCorpus } = await corpus();
      return describeCorpus(source);
    },
    keptSymbols: async (): Promise<string[]> => {
      const { openRegistryFile } = await import("../market/on-demand-registry.js");
      return (await openRegistryFile(registryFile, logger).read()).map((entry) => entry.symbol);
    },
  };
}

async function loadExchange(config: Config) {
  const { createExchange } = await import("../market/exchange.js");
  return createExchange(config.exchange);
}
