import type { Logger } from "../logger.js";
import type { LoadedCandles } from "../market/history.js";
import type { MarketData, UpdateOptions, UpdateResult } from "../market/market-data.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";

/**
 * Candles in memory for the forecast path: reading and resampling a stored series takes 50-80 ms, a
 * forecast should take a few. A series is read from the store once and kept until the next candle of its
 * timeframe closes, or until `refresh` has written new candles. Refreshing is the only way new data come
 * in, so the forecast path itself never waits on the exchange: a scheduled job calls `refresh` after each
 * candle close, and what it could not fetch is served with its date and marked stale.
 *
 * A series whose newest candle closed more than {@link STALE_AFTER_PERIODS} candle periods before now is
 * marked stale too, whatever the last refresh said and whether or not this process refreshes at all (a piped
 * console, the command line): staleness is decided per symbol against the clock, so the same question gets
 * the same answer whatever was asked before it.
 */
/** How a refresh is asked: `asked` by someone waiting for the answer (see MarketData.update). */
export type RefreshOptions = Pick<UpdateOptions, "asked">;

export interface SeriesCache {
  get(symbol: string, timeframe: ModelTimeframe): Promise<LoadedCandles>;
  /** Fetches new candles of one symbol from the exchange (never throws for exchange faults; an abort does). */
  refresh(symbol: string, signal?: AbortSignal, options?: RefreshOptions): Promise<UpdateResult>;
}

export function createSeriesCache(deps: {
  market: MarketData;
  logger: Logger;
  now?: () => number;
}): SeriesCache {
  const { market } = deps;
  const now = deps.now ?? Date.now;
  const loaded = new Map<string, { value: Promise<LoadedCandles>; validUntil: number }>();
  // Symbols whose last refresh failed: their candles are served marked stale until one succeeds.
  const stale = new Set<string>();

  const get = async (symbol: string, timeframe: ModelTimeframe): Promise<LoadedCandles> => {
    const key = `${symbol}|${timeframe}`;
    const at = now();
    let entry = loaded.get(key);
    if (entry === undefined || at >= entry.validUntil) {
      const value = market.getCandles(symbol, timeframe);
      entry = { value, validUntil: nextClose(timeframe, at) };
      loaded.set(key, entry);
      // A failed read is not kept: the next caller tries again.
      value.catch(() => loaded.delete(key));
    }
    const series = await entry.value;
    const step = TIMEFRAME_MS[timeframe];
    const old = now() - (series.provenance.asOf + step) > STALE_AFTER_PERIODS * step;
    if (!stale.has(symbol) && !old) return series;
    return { ...series, provenance: { ...series.provenance, stale: true } };
  };

  return {
    get,
    async refresh(symbol, signal, options = {}) {
      const result = await market.update(symbol, { ...options, ...(signal === undefined ? {} : { signal }) });
      if (result.status === "stale") stale.add(result.symbol);
      else stale.delete(result.symbol);
      if (result.status === "stale" || result.added + result.replaced > 0) {
        for (const key of loaded.keys()) if (key.startsWith(`${result.symbol}|`)) loaded.delete(key);
      }
      return result;
    },
  };
}

/** Candles whose close is more than this many periods old are served marked stale. */
export const STALE_AFTER_PERIODS = 2;

/** The next time (ms) after `at` when a candle of `timeframe` closes (4h and daily candles align to UTC midnight). */
export function nextClose(timeframe: ModelTimeframe, at: number): number {
  const step = TIMEFRAME_MS[timeframe];
  return Math.floor(at / step) * step + step;
}
