import type { Logger } from "../logger.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { openSqliteFile } from "../storage/sqlite-file.js";
import type { Forecast } from "./forecast.js";
import {
  forecastColumns,
  isModelTimeframe,
  MIGRATIONS,
  outcomeColumns,
  type Row,
  rowToForecast,
  toScoredEntry,
} from "./ledger-rows.js";
import { type ScoredEntry, scoreForecast, skillScore, type TrackRecord } from "./track-record.js";

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
  /** Scored entries, newest target first, e.g. for "yesterday's forecasts" in a daily post. */
  scored(filter?: ScoredFilter): Promise<ScoredEntry[]>;
  close(): Promise<void>;
}

/** Opens (creating it and its folder if need be) the ledger in one SQLite file. */
export async function openLedger(options: { file: string; logger: Logger }): Promise<Ledger> {
  const { file, logger } = options;
  const db = await openSqliteFile(file, MIGRATIONS);

  return {
    async record(forecast, source) {
      // Its outcome was known when it was made (built from old data): scoring it would flatter the record.
      if (forecast.targetTime <= forecast.madeAt) {
        logger.info(
          { symbol: forecast.symbol, horizon: forecast.horizon, asOf: forecast.asOf, source },
          "forecast not recorded: its target had already closed when it was made",
        );
        return false;
      }
      const columns = forecastColumns(forecast, source);
      if (!Object.values(columns).every((v) => typeof v === "string" || Number.isFinite(v)))
        throw new Error(
          `refusing to record a ${forecast.symbol} ${forecast.horizon} forecast with a non-finite number`,
        );
      const names = Object.keys(columns);
      // ON CONFLICT names the one key that makes a repeat a no-op; INSERT OR IGNORE would also silently drop a row
      // that breaks a NOT NULL constraint.
      const result = await db.run(
        `INSERT INTO forecasts (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})
         ON CONFLICT (symbol, horizon, as_of, model_version) DO NOTHING`,
        Object.values(columns),
      );
      const written = result.changes === 1;
      if (written)
        logger.debug({ symbol: forecast.symbol, horizon: forecast.horizon, source }, "forecast recorded");
      return written;
    },

    async scoreDue(now, actualClose) {
      const due = await db.all<Row[]>(
        "SELECT * FROM forecasts WHERE scored_at IS NULL AND target_time <= ? ORDER BY target_time, id",
        now,
      );
      // Horizons and model versions that share a target candle ask for its close once.
      const closes = new Map<string, Promise<number | undefined>>();
      let scored = 0;
      for (const row of due) {
        const fields = { symbol: row.symbol, horizon: row.horizon, asOf: row.as_of };
        if (!isModelTimeframe(row.timeframe)) {
          logger.warn(
            { ...fields, timeframe: row.timeframe },
            "ledger entry has an unknown timeframe; not scored",
          );
          continue;
        }
        const openTime = row.target_time - TIMEFRAME_MS[row.timeframe];
        const key = `${row.symbol}|${row.timeframe}|${openTime}`;
        let close = closes.get(key);
        if (close === undefined) {
          close = actualClose(row.symbol, row.timeframe, openTime);
          closes.set(key, close);
        }
        let actual: number | undefined;
        try {
          actual = await close;
        } catch (error) {
          // One pair the exchange no longer lists must not hold back the others: it stays pending.
          logger.warn({ ...fields, err: error }, "actual close unavailable; forecast stays pending");
          continue;
        }
        if (actual === undefined) continue;
        if (!(Number.isFinite(actual) && actual > 0)) {
          logger.warn({ ...fields, actual }, "actual close is not a price; forecast stays pending");
          continue;
        }
        const outcome = outcomeColumns(actual, now, scoreForecast(rowToForecast(row), actual));
        const assignments = Object.keys(outcome).map((name) => `${name} = ?`);
        // "scored_at IS NULL" again: another process may have scored this row since the SELECT.
        const result = await db.run(
          `UPDATE forecasts SET ${assignments.join(", ")} WHERE id = ? AND scored_at IS NULL`,
          [...Object.values(outcome), row.id],
        );
        scored += result.changes ?? 0;
      }
      if (scored > 0) logger.info({ scored, pending: due.length - scored }, "forecasts scored");
      return scored;
    },

    async trackRecord(filter = {}) {
      const where = conditions(filter);
      // AVG skips the NULL outcomes of unscored rows and is NULL when no row is scored.
      const row = await db.get<Omit<TrackRecord, "skill">>(
        `SELECT COUNT(scored_at) AS count, COUNT(*) - COUNT(scored_at) AS pending,
           AVG(abs_error) AS mae, AVG(naive_error) AS naiveMae, AVG(direction_hit) AS hitRate,
           AVG(inside80) AS coverage80, AVG(inside95) AS coverage95,
           MIN(CASE WHEN scored_at IS NOT NULL THEN as_of END) AS since,
           MAX(CASE WHEN scored_at IS NOT NULL THEN target_time END) AS until
         FROM forecasts ${where.sql}`,
        ...where.params,
      );
      if (row === undefined) throw new Error("an aggregate query returned no row");
      return { ...row, skill: skillScore(row.mae, row.naiveMae) };
    },

    async scored(filter = {}) {
      const limit = filter.limit ?? -1; // SQLite reads a negative LIMIT as none.
      if (!Number.isInteger(limit)) throw new RangeError(`limit must be an integer, got ${limit}`);
      const where = conditions(filter, ["scored_at IS NOT NULL"]);
      const rows = await db.all<Row[]>(
        `SELECT * FROM forecasts ${where.sql} ORDER BY target_time DESC, id DESC LIMIT ?`,
        ...where.params,
        limit,
      );
      return rows.map(toScoredEntry);
    },

    async close() {
      await db.close();
    },
  };
}

function conditions(
  filter: ScoredFilter,
  fixed: string[] = [],
): { sql: string; params: (string | number)[] } {
  const clauses = [...fixed];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    clauses.push(clause);
    params.push(value);
  };
  add("symbol = ?", filter.symbol);
  add("horizon = ?", filter.horizon);
  add("model_version = ?", filter.modelVersion);
  add("target_time >= ?", filter.targetFrom);
  add("target_time <= ?", filter.targetTo);
  return { sql: clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`, params };
}
