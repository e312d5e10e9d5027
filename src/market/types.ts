/** Timeframes Coincast stores (4h) or derives from stored candles (1d, 1w). */
export const TIMEFRAMES = ["4h", "1d", "1w"] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Record<Timeframe, number> = {
  "4h": 4 * 3_600_000,
  "1d": 24 * 3_600_000,
  "1w": 7 * 24 * 3_600_000,
};

/**
 * A candle counts as closed only this long (ms) after its close time: the exchange may settle its last trade
 * a moment late, and our clock may run ahead of the exchange's (see fetchClosedCandles).
 */
export const SETTLE_MS = 60_000;

/**
 * One closed OHLCV candle. `time` is the open time in epoch milliseconds (UTC); volume is in the base asset.
 * `filled` marks a candle that was not traded but synthesised to close a gap (see market/gaps.ts).
 */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  filled?: true;
  /**
   * Set on a resampled candle (daily, weekly): the sum of the squared log returns of the 4h candles it was
   * built from, each against the close before it (the realised variance of the period).
   */
  realizedVariance?: number;
}

/** Identifies one stored series: candles are stored per exchange, symbol and base timeframe. */
export interface SeriesKey {
  exchange: string;
  /** Canonical unified symbol, e.g. "BTC/USDT". */
  symbol: string;
  timeframe: "4h";
}

/** What a store read returns: the raw stored candles of one series, oldest first, plus their provenance. */
export interface StoredSeries {
  candles: Candle[];
  /** "shipped" until the first live candle has been appended. */
  source: "shipped" | "live";
  /** When live candles were last appended (ms), or null for shipped history only. */
  updatedAt: number | null;
  /**
   * Seed files passed over because they could not be read (`<file>: <why>`): the candles are the next
   * folder's, or none. Absent when every file read was fine.
   */
  unreadable?: string[];
}

/** A candle that was refused on append, and why (logged by the store). */
export interface RejectedCandle {
  candle: Candle;
  reason: string;
}

export interface AppendResult {
  added: number;
  /** Stored candles replaced by a newer (closed) version of the same open time. */
  replaced: number;
  rejected: RejectedCandle[];
}

/**
 * The local candle store: one series per (exchange, symbol, 4h), seeded from the shipped history.
 * Only closed candles are stored; writes are atomic; duplicates are dropped and order enforced.
 */
export interface CandleStore {
  read(key: SeriesKey): Promise<StoredSeries>;
  /** Validates and appends; candles not closed at `now` (ms) are refused. */
  append(key: SeriesKey, candles: readonly Candle[], now: number): Promise<AppendResult>;
  /** Deletes a series' stored candles (an on-demand pair dropped past MAX_SYMBOLS); a shipped seed stays. */
  remove?(key: SeriesKey): Promise<void>;
}

/** One symbol's candles at the forecasting timeframe, oldest first, gaps already filled. */
export interface SeriesData {
  symbol: string;
  candles: readonly Candle[];
  /**
   * Market-wide inputs by open time (issue 27, features/market-inputs.ts), for a global network that reads
   * them: built from the whole panel of coins, the same object shared by every series of one run.
   */
  market?: MarketInputs | undefined;
}

/**
 * Market-wide values at each open time (ascending `times`), one column per name: what every coin of a panel
 * shares at that time (the cross-coin volatility, BTC's return and volatility). Row i of a column belongs
 * to times[i] and was computed from candles opened at or before it only; NaN where it is unknown.
 */
export interface MarketInputs {
  names: string[];
  times: number[];
  /** [column][row]. */
  columns: number[][];
}
