import type { LoadedCandles } from "../../src/market/history.js";
import type { MarketData, UpdateResult } from "../../src/market/market-data.js";
import { resolveSymbol } from "../../src/market/symbols.js";
import { type Candle, TIMEFRAME_MS, type Timeframe } from "../../src/market/types.js";

export const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"] as const;

/** `count` candles of `timeframe` ending with the one that opens at `lastOpen`, closes rising by 1 each. */
export function candlesEndingAt(timeframe: Timeframe, lastOpen: number, count = 120, base = 100): Candle[] {
  const step = TIMEFRAME_MS[timeframe];
  return Array.from({ length: count }, (_, i) => {
    const close = base + i;
    return {
      time: lastOpen - (count - 1 - i) * step,
      open: close,
      high: close + 1,
      low: close - 1,
      close,
      volume: 1,
    };
  });
}

/**
 * MarketData over candles the test sets per symbol and timeframe; counts reads and updates, and answers
 * `update` with what `nextUpdate` says (default: nothing new).
 */
export function fakeMarket(initial: (symbol: string, timeframe: Timeframe) => Candle[]) {
  const series = new Map<string, Candle[]>();
  const counts = { reads: 0, updates: 0 };
  let nextUpdate: (symbol: string) => UpdateResult | Promise<UpdateResult> = (symbol) => ({
    status: "updated",
    symbol,
    added: 0,
    replaced: 0,
    rejected: 0,
    asOf: null,
  });
  const candlesOf = (symbol: string, timeframe: Timeframe): Candle[] => {
    const key = `${symbol}|${timeframe}`;
    let found = series.get(key);
    if (found === undefined) {
      found = initial(symbol, timeframe);
      series.set(key, found);
    }
    return found;
  };
  const market: MarketData = {
    symbols: SYMBOLS,
    loadKept: async () => {},
    resolve: (input) => resolveSymbol(input, SYMBOLS),
    update: async (input) => {
      counts.updates += 1;
      return nextUpdate(resolveSymbol(input, SYMBOLS));
    },
    getCandles: async (input, timeframe): Promise<LoadedCandles> => {
      counts.reads += 1;
      const candles = candlesOf(resolveSymbol(input, SYMBOLS), timeframe);
      return {
        candles,
        gaps: [],
        provenance: { source: "shipped", asOf: candles.at(-1)?.time ?? 0, stale: false },
      };
    },
    status: async () => [],
    ensure: async (input) => ({ symbol: resolveSymbol(input, SYMBOLS), onDemand: false, due: false }),
    suggest: (typed) => SYMBOLS.filter((s) => s.startsWith(typed.trim().toUpperCase())),
  };
  return {
    market,
    counts,
    set(symbol: string, timeframe: Timeframe, candles: Candle[]) {
      series.set(`${symbol}|${timeframe}`, candles);
    },
    /** How `update` answers from now on; a promise makes a slow exchange. */
    answerUpdates(answer: (symbol: string) => UpdateResult | Promise<UpdateResult>) {
      nextUpdate = answer;
    },
  };
}

/** What MarketData says of a refresh the exchange refused: nothing stored, the data stay as they were. */
export const refusedUpdate = (symbol: string): UpdateResult => ({
  status: "stale",
  symbol,
  added: 0,
  replaced: 0,
  rejected: 0,
  asOf: null,
  reason: "down",
});
