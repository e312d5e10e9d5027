import type { Logger } from "../logger.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import type { SqlDriver, SqlValue } from "../storage/sql-driver.js";
import type { Forecast } from "./forecast.js";
import type { ActualClose, Ledger, ScoredFilter } from "./ledger-contract.js";
import {
  forecastColumns,
  isModelTimeframe,
  ledgerMigrations,
  outcomeColumns,
  type Row,
  rowToForecast,
  toScoredEntry,
} from "./ledger-rows.js";
import { scoreForecast, skillScore, type TrackRecord } from "./track-record.js";

/**
 * Whether a forecast may enter the track record: only one whose target candle had not closed when it was
 * made. Otherwise its outcome was known (it was built from old stored data) and scoring it would flatter
 * the record. The one place this rule lives; every back-end's ledger asks it.
 */
export function hasUnknownOutcome(forecast: Pick<Forecast, "targetTime" | "madeAt">): boolean {
  return forecast.targetTime > forecast.madeAt;
}

/**
 * The ledger over any SqlDriver: SQLite (one file) or PostgreSQL (shared by every replica). The UNIQUE key
 * makes a forecast recorded by three replicas one row, and "scored_at IS NULL" in the UPDATE makes two
 * processes scoring at once score it once.
 */
export async function createLedger(driver: SqlDriver, logger: Logger): Promise<Ledger> {
  await driver.migrate("ledger", ledgerMigrations);

  return {
    async record(forecast, source) {
      if (!hasUnknownOutcome(forecast)) {
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
      const { changes } = await driver.run(
        `INSERT INTO forecasts (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})
         ON CONFLICT (symbol, horizon, as_of, model_version) DO NOTHING`,
        Object.values(columns),
      );
      if (changes === 1)
        logger.debug({ symbol: forecast.symbol, horizon: forecast.horizon, source }, "forecast recorded");
      return changes === 1;
    },

    async scoreDue(now, actualClose) {
      const due = await driver.all<Row>(
        "SELECT * FROM forecasts WHERE scored_at IS NULL AND target_time <= ? ORDER BY target_time, id",
        [now],
      );
      const closeOf = sharedCloses(actualClose);
      let scored = 0;
      for (const row of due) {
        const actual = await actualOf(row, closeOf, logger);
        if (actual === undefined) continue;
        const outcome = outcomeColumns(actual, now, scoreForecast(rowToForecast(row), actual));
        const assignments = Object.keys(outcome).map((name) => `${name} = ?`);
        // "scored_at IS NULL" again: another process may have scored this row since the SELECT.
        const { changes } = await driver.run(
          `UPDATE forecasts SET ${assignments.join(", ")} WHERE id = ? AND scored_at IS NULL`,
          [...Object.values(outcome), row.id],
        );
        scored += changes;
      }
      if (scored > 0) logger.info({ scored, pending: due.length - scored }, "forecasts scored");
      return scored;
    },

    async trackRecord(filter = {}) {
      const where = conditions(filter);
      // AVG and COUNT skip the NULL outcomes of unscored rows (and the direction of a forecast that made no
      // call): AVG is NULL when no row counts.
      const row = await driver.get<Omit<TrackRecord, "skill">>(
        `SELECT COUNT(scored_at) AS "count", COUNT(*) - COUNT(scored_at) AS "pending",
           AVG(abs_error) AS "mae", AVG(naive_error) AS "naiveMae", COUNT(direction_hit) AS "calls",
           AVG(direction_hit) AS "hitRate",
           AVG(inside80) AS "coverage80", AVG(inside95) AS "coverage95",
           MIN(CASE WHEN scored_at IS NOT NULL THEN as_of END) AS "since",
           MAX(CASE WHEN scored_at IS NOT NULL THEN target_time END) AS "until"
         FROM forecasts ${where.sql}`,
        where.params,
      );
      if (row === undefined) throw new Error("an aggregate query returned no row");
      return { ...row, skill: skillScore(row.mae, row.naiveMae) };
    },

    async symbols() {
      const rows = await driver.all<{ symbol: string }>(
        "SELECT DISTINCT symbol FROM forecasts ORDER BY symbol",
      );
      return rows.map((row) => row.symbol);
    },

    async scored(filter = {}) {
      const limit = filter.limit;
      if (limit !== undefined && !Number.isInteger(limit))
        throw new RangeError(`limit must be an integer, got ${limit}`);
      const where = conditions(filter, ["scored_at IS NOT NULL"]);
      // A negative limit is none, as SQLite reads it.
      const bounded = limit !== undefined && limit >= 0;
      const rows = await driver.all<Row>(
        `SELECT * FROM forecasts ${where.sql} ORDER BY target_time DESC, id DESC${bounded ? " LIMIT ?" : ""}`,
        bounded ? [...where.params, limit] : where.params,
      );
      return rows.map(toScoredEntry);
    },

    close: () => driver.close(),
  };
}

/** Horizons and model versions that share a target candle ask for its close once. */
function sharedCloses(actualClose: ActualClose) {
  const closes = new Map<string, Promise<number | undefined>>();
  return (symbol: string, timeframe: ModelTimeframe, targetTime: number): Promise<number | undefined> => {
    const openTime = targetTime - TIMEFRAME_MS[timeframe];
    const key = `${symbol}|${timeframe}|${openTime}`;
    let close = closes.get(key);
    if (close === undefined) {
      close = actualClose(symbol, timeframe, openTime);
      closes.set(key, close);
    }
    return close;
  };
}

/** The row's actual close, or undefined (logged where it is not just "not stored yet") to leave it pending. */
async function actualOf(
  row: Row,
  closeOf: ReturnType<typeof sharedCloses>,
  logger: Logger,
): Promise<number | undefined> {
  const fields = { symbol: row.symbol, horizon: row.horizon, asOf: row.as_of };
  if (!isModelTimeframe(row.timeframe)) {
    logger.warn({ ...fields, timeframe: row.timeframe }, "ledger entry has an unknown timeframe; not scored");
    return undefined;
  }
  let actual: number | undefined;
  try {
    actual = await closeOf(row.symbol, row.timeframe, row.target_time);
  } catch (error) {
    // One pair the exchange no longer lists must not hold back the others: it stays pending.
    logger.warn({ ...fields, err: error }, "actual close unavailable; forecast stays pending");
    return undefined;
  }
  if (actual === undefined) return undefined;
  if (!(Number.isFinite(actual) && actual > 0)) {
    logger.warn({ ...fields, actual }, "actual close is not a price; forecast stays pending");
    return undefined;
  }
  return actual;
}

function conditions(filter: ScoredFilter, fixed: string[] = []): { sql: string; params: SqlValue[] } {
  const clauses = [...fixed];
  const params: SqlValue[] = [];
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
