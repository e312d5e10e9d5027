/**
 * The timeframes a forecast is made on: the model timeframes (MODEL_HORIZONS in src/model/horizons.ts), named
 * here so that the contract, on the ground floor, imports nothing above it. test/contracts.test.ts keeps the
 * two the same.
 */
export type ForecastTimeframe = "1d" | "4h";

/** Where the candles a caller got come from, and how fresh they are. */
export interface Provenance {
  /** "shipped": only the history that ships with Coincast; "live": extended from the exchange. */
  source: "shipped" | "live";
  /** Open time of the last candle (ms). */
  asOf: number;
  /** True when a refresh was wanted but the exchange could not be reached, or live data are over two periods old. */
  stale: boolean;
}

/** A forecast as every surface shows it: prices, not log returns, and where its numbers come from. */
export interface Forecast {
  symbol: string;
  /** As the user named it: "1d", "3d", "7d", "4h", "12h". */
  horizon: string;
  timeframe: ForecastTimeframe;
  /** Open time (ms) of the last closed candle the forecast is based on. */
  asOf: number;
  /** Close time (ms) of the candle whose close is forecast. */
  targetTime: number;
  /** The close of the candle at `asOf`: for a daily forecast the last daily close, which may be hours old. */
  lastPrice: number;
  /**
   * A daily forecast's newest known price: the last closed 4h candle's close and its close time (ms), when
   * it closed after the daily candle at `asOf`. The forecast still starts from `lastPrice` (the daily model
   * reads daily closes); replies show both. Absent on 4h forecasts and when no newer 4h candle is held.
   */
  latest?: { price: number; time: number };
  median: number;
  interval80: { low: number; high: number };
  interval95: { low: number; high: number };
  /** P(close at target > last close). */
  probabilityUp: number;
  /** Expected standard deviation of the log return to the target (from the 80% interval). */
  expectedVolatility: number;
  modelVersion: string;
  data: Provenance;
  madeAt: number;
}
