import type pg from "pg";
import type { Logger } from "../logger.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { migrate } from "../storage/postgres.js";
import type { Ledger, ScoredFilter } from "./ledger.js";
import {
  forecastColumns,
  isModelTimeframe,
  outcomeColumns,
  type Row,
  rowToForecast,
  toScoredEntry,
} from "./ledger-rows.js";
import { scoreForecast, skillScore, type TrackRecord } from "./track-record.js";

/** The ledger's PostgreSQL schema: the SQLite one with BIGINT times and DOUBLE PRECISION numbers. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE forecasts (
    id BIGSERIAL PRIMARY KEY,
    symbol TEXT NOT NULL,
    horizon TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    as_of BIGINT NOT NULL,
    target_time BIGINT NOT NULL,
    model_version TEXT NOT NULL,
    source TEXT NOT NULL,
    made_at BIGINT NOT NULL,
    last_price DOUBLE PRECISION NOT NULL,
    median DOUBLE PRECISION NOT NULL,
    low80 DOUBLE PRECISION NOT NULL,
    high80 DOUBLE PRECISION NOT NULL,
    low95 DOUBLE PRECISION NOT NULL,
    high95 DOUBLE PRECISION NOT NULL,
    probability_up DOUBLE PRECISION NOT NULL,
    expected_volatility DOUBLE PRECISION NOT NULL,
    data_source TEXT NOT NULL,
    data_as_of BIGINT NOT NULL,
    data_stale INTEGER NOT NULL,
    actual DOUBLE PRECISION,
    scored_at BIGINT,
    abs_error DOUBLE PRECISION,
    naive_error DOUBLE PRECISION,
    direction_hit INTEGER,
    inside80 INTEGER,
    inside95 INTEGER,
    UNIQUE (symbol, horizon, as_of, model_version)
  );
  CREATE INDEX forecasts_by_target ON forecasts (target_time);`,
];

/**
 * The ledger in PostgreSQL (DATABASE_URL), shared by every bot replica: the same contract as the SQLite
 * ledger (ledger.ts), the same row conversions. The UNIQUE key makes a forecast recorded by three replicas
 * one row, and "scored_at IS NULL" in the UPDATE makes two replicas scoring at once score it once.
 */
export async function openPostgresLedger(options: { db: pg.Pool; logger: Logger }): Promise<Ledger> {
  const { db, logger } = options;
  await migrate(db, "ledger", POSTGRES_MIGRATIONS);

  return {
    async record(forecast, source) {
      const columns = forecastColumns(forecast, source);
      if (!Object.values(columns).every((v) => typeof v === "string" || Number.isFinite(v)))
        throw new Error(
          `refusing to record a ${forecast.symbol} ${forecast.horizon} forecast with a non-finite number`,
        );
      const names = Object.keys(columns);
      const result = await db.query(
        `INSERT INTO forecasts (${names.join(", ")}) VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")})
         ON CONFLICT (symbol, horizon, as_of, model_version) DO NOTHING`,
        Object.values(columns),
      );
      return result.rowCount === 1;
    },

    async scoreDue(now, actualClose) {
      const { rows: due } = await db.query<Row>(
        "SELECT * FROM forecasts WHERE scored_at IS NULL AND target_time <= $1 ORDER BY target_time, id",
        [now],
      );
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
          logger.warn({ ...fields, err: error }, "actual close unavailable; forecast stays pending");
          continue;
        }
        if (actual === undefined) continue;
        if (!(Number.isFinite(actual) && actual > 0)) {
          logger.warn({ ...fields, actual }, "actual close is not a price; forecast stays pending");
          continue;
        }
        const outcome = outcomeColumns(actual, now, scoreForecast(rowToForecast(row), actual));
        const names = Object.keys(outcome);
        const result = await db.query(
          `UPDATE forecasts SET ${names.map((n, i) => `${n} = $${i + 1}`).join(", ")}
           WHERE id = $${names.length + 1} AND scored_at IS NULL`,
          [...Object.values(outcome), row.id],
        );
        scored += result.rowCount ?? 0;
      }
      if (scored > 0) logger.info({ scored, pending: due.length - scored }, "forecasts scored");
      return scored;
    },

    async trackRecord(filter = {}) {
      const where = conditions(filter);
      const { rows } = await db.query<Omit<TrackRecord, "skill">>(
        `SELECT COUNT(scored_at) AS count, COUNT(*) - COUNT(scored_at) AS pending,
           AVG(abs_error) AS "mae", AVG(naive_error) AS "naiveMae", AVG(direction_hit) AS "hitRate",
           AVG(inside80) AS "coverage80", AVG(inside95) AS "coverage95",
           MIN(CASE WHEN scored_at IS NOT NULL THEN as_of END) AS since,
           MAX(CASE WHEN scored_at IS NOT NULL THEN target_time END) AS until
         FROM forecasts ${where.sql}`,
        where.params,
      );
      const row = rows[0];
      if (row === undefined) throw new Error("an aggregate query returned no row");
      return { ...row, skill: skillScore(row.mae, row.naiveMae) };
    },

    async scored(filter = {}) {
      const limit = filter.limit ?? null; // LIMIT NULL is no limit
      if (limit !== null && !Number.isInteger(limit))
        throw new RangeError(`limit must be an integer, got ${limit}`);
      const where = conditions(filter, ["scored_at IS NOT NULL"]);
      const { rows } = await db.query<Row>(
        `SELECT * FROM forecasts ${where.sql} ORDER BY target_time DESC, id DESC LIMIT $${where.params.length + 1}`,
        [...where.params, limit !== null && limit < 0 ? null : limit],
      );
      return rows.map(toScoredEntry);
    },

    // The pool belongs to the composition root, which closes it after every store.
    close: async () => undefined,
  };
}

function conditions(
  filter: ScoredFilter,
  fixed: string[] = [],
): { sql: string; params: (string | number)[] } {
  const clauses = [...fixed];
  const params: (string | number)[] = [];
  const add = (column: string, operator: string, value: string | number | undefined) => {
    if (value === undefined) return;
    params.push(value);
    clauses.push(`${column} ${operator} $${params.length}`);
  };
  add("symbol", "=", filter.symbol);
  add("horizon", "=", filter.horizon);
  add("model_version", "=", filter.modelVersion);
  add("target_time", ">=", filter.targetFrom);
  add("target_time", "<=", filter.targetTo);
  return { sql: clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`, params };
}
