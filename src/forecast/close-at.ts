import { UserError } from "../errors.js";
import type { MarketData } from "../market/market-data.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import type { Ledger } from "./ledger.js";
import type { SeriesCache } from "./series-cache.js";

/**
 * The close of `symbol`'s candle opening at `openTime`, for scoring: undefined while it is not stored, for a
 * gap-filled candle (not a price anyone traded at), and for an on-demand pair dropped past MAX_SYMBOLS (its
 * forecasts stay pending, scored if it is asked for again, without a warning on every scoring pass).
 */
export function closeAt(market: MarketData, series: SeriesCache) {
  const isServable = (symbol: string): boolean => {
    try {
      return market.resolve(symbol) === symbol;
    } catch (error) {
      if (error instanceof UserError && error.code === "unknown-symbol") return false;
      throw error;
    }
  };
  return async (symbol: string, timeframe: ModelTimeframe, openTime: number) => {
    if (!isServable(symbol)) return undefined;
    const { candles } = await series.get(symbol, timeframe);
    const first = candles[0];
    if (first === undefined) return undefined;
    // Gap-filled candles are contiguous, so the candle's index follows from its time.
    const candle = candles[Math.round((openTime - first.time) / TIMEFRAME_MS[timeframe])];
    return candle?.time === openTime && candle.filled !== true ? candle.close : undefined;
  };
}

/** The served forecasts' record, scored against the stored candles: a ledger and the candles, nothing else. */
export interface TrackRecordSource {
  trackRecord: Ledger["trackRecord"];
  recordedSymbols(): Promise<string[]>;
  /** The pair a forecast would serve for `input`, resolved as it is (MarketData.ensure), nothing fetched. */
  resolvePair(input: string): Promise<string>;
  /** Scores the entries whose target candle is stored; resolves how many. */
  scoreDue(): Promise<number>;
}

export function trackRecordSource(
  ledger: Ledger,
  market: MarketData,
  series: SeriesCache,
  now: () => number = Date.now,
): TrackRecordSource {
  return {
    trackRecord: (filter = {}) => ledger.trackRecord(filter),
    recordedSymbols: () => ledger.symbols(),
    resolvePair: async (input) => (await market.ensure(input, { lookUp: true })).symbol,
    scoreDue: () => ledger.scoreDue(now(), closeAt(market, series)),
  };
}
