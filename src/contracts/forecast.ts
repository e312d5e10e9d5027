import type { Provenance } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";

/** A forecast as every surface shows it: prices, not log returns, and where its numbers come from. */
export interface Forecast {
  symbol: string;
  /** As the user named it: "1d", "3d", "7d", "4h", "12h". */
  horizon: string;
  timeframe: ModelTimeframe;
  /** Open time (ms) of the last closed candle the forecast is based on. */
  asOf: number;
  /** Close time (ms) of the candle whose close is forecast. */
  targetTime: number;
  lastPrice: number;
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
