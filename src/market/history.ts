import type { Provenance } from "../contracts/forecast.js";
import { UserError } from "../errors.js";
import { fillGaps, type Gap } from "./gaps.js";
import { resample } from "./resample.js";
import type { Candle, CandleStore, SeriesKey, Timeframe } from "./types.js";
import { TIMEFRAMES } from "./types.js";

/** Candles ready for features and models: gap-filled, in the asked timeframe, with where they came from. */
export interface LoadedCandles {
  /** Closed candles, oldest first, without gaps; synthesised ones carry `filled: true`. */
  candles: Candle[];
  /** The gaps of the underlying 4h series that were filled (gaps are a 4h notion in every timeframe). */
  gaps: Gap[];
  provenance: Provenance;
}

/** The facts one `coincast data status` line shows for a series in one timeframe. */
export interface SeriesStatus {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  /** Open time (ms) of the first and last candle in this timeframe, or null when there is none. */
  first: number | null;
  last: number | null;
  /** Candles in this timeframe after gap filling and resampling, filled ones included. */
  count: number;
  /** How many of `count` are filled (synthesised) candles. */
  filled: number;
  /** Gaps in the stored 4h series. */
  gaps: number;
  /** "on-demand": a pair kept on demand (`data status` marks it so; the store knows it as live). */
  source: "shipped" | "live" | "corpus" | "on-demand";
  /** When live candles were last appended (ms), or null for shipped history only. */
  updatedAt: number | null;
  /** Files of the series that could not be read (`<file>: <why>`), see StoredSeries; absent when none. */
  unreadable?: string[];
}

/** The store key of a 4h series. */
export function seriesKey(exchange: string, symbol: string): SeriesKey {
  return { exchange, symbol, timeframe: "4h" };
}

/**
 * Reads a series from the store, fills its gaps and resamples it to `timeframe` (daily and weekly candles
 * are whole UTC days and ISO weeks; incomplete ones at either end are dropped, see resample.ts).
 * Provenance is never stale here: staleness is for the caller that tried and failed to refresh.
 * @throws UserError when the series has no candle in that timeframe yet (e.g. an exchange other than
 * binance before its first refresh).
 */
export async function loadCandles(
  store: CandleStore,
  key: SeriesKey,
  timeframe: Timeframe,
): Promise<LoadedCandles> {
  const stored = await store.read(key);
  const { candles: filled, gaps } = fillGaps(stored.candles);
  const candles = resample(filled, timeframe);
  const last = candles.at(-1);
  if (last === undefined) {
    throw new UserError(`No ${timeframe} candles for ${key.symbol} on ${key.exchange} yet.`, {
      code: "no-candles",
      params: { timeframe, symbol: key.symbol, exchange: key.exchange },
    });
  }
  return { candles, gaps, provenance: { source: stored.source, asOf: last.time, stale: false } };
}

/**
 * Describes one series in each of `timeframes` (default: all), from a single store read.
 * An empty series gives count 0 and null times rather than an error, so a status listing never fails on it.
 */
export async function describeSeries(
  store: CandleStore,
  key: SeriesKey,
  timeframes: readonly Timeframe[] = TIMEFRAMES,
): Promise<SeriesStatus[]> {
  const stored = await store.read(key);
  const filled = fillGaps(stored.candles);
  return timeframes.map((timeframe) => {
    const candles = resample(filled.candles, timeframe);
    return {
      exchange: key.exchange,
      symbol: key.symbol,
      timeframe,
      first: candles[0]?.time ?? null,
      last: candles.at(-1)?.time ?? null,
      count: candles.length,
      filled: candles.reduce((n, c) => (c.filled === true ? n + 1 : n), 0),
      gaps: filled.gaps.length,
      source: stored.source,
      updatedAt: stored.updatedAt,
      ...(stored.unreadable === undefined ? {} : { unreadable: stored.unreadable }),
    };
  });
}
