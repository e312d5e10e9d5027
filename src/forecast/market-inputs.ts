import { buildMarketInputs, MARKET_LEADER, marketFrom, readsMarket } from "../features/market-inputs.js";
import type { MarketInputs } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { kindOf } from "../model/saved/forecasters.js";
import type { SavedMeta } from "../model/saved/model-io.js";
import type { SeriesCache } from "./series-cache.js";

/**
 * The market-wide inputs a forecast job needs beside one coin's candles (issue 27, item 2), or undefined
 * when the serving model reads none. A forecast job sees one coin; the service has every configured pair
 * (SYMBOLS, refreshed on schedule), so it builds the inputs from those pairs' candles, the same way the
 * training panel's were built (features/market-inputs.ts: the cross-coin part is each coin's departure from
 * its own level, so three fresh pairs read like the fifty of training), and hands the job the rows from the
 * first candle it sends on.
 */
export async function marketInputsFor(
  deps: { series: Pick<SeriesCache, "get">; symbols: readonly string[] },
  meta: SavedMeta,
  timeframe: ModelTimeframe,
  from: number,
): Promise<MarketInputs | undefined> {
  if (!kindOf(meta).match({ network: (m) => readsMarket(m.features), statistical: () => false }))
    return undefined;
  // BTC's columns are inputs too: its candles are read even when SYMBOLS leaves it out.
  const symbols = [...new Set([...deps.symbols, MARKET_LEADER])];
  const panel = await Promise.all(
    symbols.map(async (symbol) => ({ symbol, candles: (await deps.series.get(symbol, timeframe)).candles })),
  );
  return marketFrom(buildMarketInputs(panel), from);
}
