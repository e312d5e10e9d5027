import type { ModelTimeframe } from "../model/horizons.js";
import type { Forecast } from "./forecast.js";
import type { ScoredEntry, TrackRecord } from "./track-record.js";

/** What the ledger promises, whatever holds it (ledger-store.ts writes it once over a SqlDriver). */

/** Gives the close of one stored candle, or undefined while that candle is not stored yet. */
export type ActualClose = (
  symbol: string,
  timeframe: ModelTimeframe,
  candleOpenTime: number,
) => Promise<number | undefined>;

/** Narrows the ledger to one pair, one horizon or one model version; every field left out matches all. */
export interface LedgerFilter {
  symbol?: string;
  horizon?: string;
  modelVersion?: string;
}

/** Which scored entries to list; target bounds are inclusive and compare with the target candle's close time. */
export interface ScoredFilter extends LedgerFilter {
  targetFrom?: number;
  targetTo?: number;
  limit?: number;
}

/** The track record of served forecasts: each written once, scored once its target candle is stored. */
export interface Ledger {
  /**
   * Writes a served forecast; the same symbol, horizon, asOf and model version again is a no-op, so the first
   * serving (and its madeAt and source) is what counts. Resolves true when the entry is new. A forecast
   * whose target had closed by its madeAt is never written (resolves false): it has no unknown outcome.
   */
  record(forecast: Forecast, source: string): Promise<boolean>;
  /**
   * Scores every unscored entry whose target time is <= now and whose target candle's close `actualClose` can
   * give; the others stay pending for a later call. Resolves how many were scored.
   */
  scoreDue(now: number, actualClose: ActualClose): Promise<number>;
  trackRecord(filter?: LedgerFilter): Promise<TrackRecord>;
  /** Every pair with a forecast recorded, sorted: a pair served on demand has a track record too. */
  symbols(): Promise<string[]>;
  /** Scored entries, newest target first, e.g. for "yesterday's forecasts" in a daily post. */
  scored(filter?: ScoredFilter): Promise<ScoredEntry[]>;
  close(): Promise<void>;
}
