import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type Database, open } from "sqlite";
import sqlite3 from "sqlite3";
import type { Logger } from "../logger.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { MODEL_HORIZONS, type ModelTimeframe } from "../model/horizons.js";
import type { Forecast } from "./forecast.js";
import {
  type ForecastScore,
  type ScoredEntry,
  scoreForecast,
  skillScore,
  type TrackRecord,
} from "./track-record.js";

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
   * serving (and its madeAt and source) is what counts. Resolves true when the entry is new.
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

/** The columns recording a forecast fills (see forecastColumns). */
interface ForecastColumns {
  symbol: string;
  horizon: string;
  timeframe: string;
  as_of: number;
  target_time: number;
  model_version: string;
  source: string;
  made_at: number;
  last_price: number;
  median: number;
  low80: number;
  high80: number;
  low95: number;
  high95: number;
  probability_up: number;
  expected_volatility: number;
  data_source: string;
  data_as_of: number;
  data_stale: number;
}

/** The columns scoring fills (see outcomeColumns); booleans as 0 or 1 so that AVG gives a rate. */
interface OutcomeColumns {
  actual: number;
  scored_at: number;
  abs_error: number;
  naive_error: number;
  direction_hit: number;
  inside80: number;
  inside95: number;
}

/** One ledger row as SQLite returns it: outcome columns stay NULL until the entry is scored. */
type Row = { id: number } & ForecastColumns & { [K in keyof OutcomeColumns]: OutcomeColumns[K] | null };

/**
 * Each entry takes the schema from version i to i + 1 (PRAGMA user_version). Append, never edit, so that a ledger
 * written by an older Coincast upgrades step by step.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS forecasts (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    horizon TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    as_of INTEGER NOT NULL,
    target_time INTEGER NOT NULL,
    model_version TEXT NOT NULL,
    source TEXT NOT NULL,
    made_at INTEGER NOT NULL,
    last_price REAL NOT NULL,
    median REAL NOT NULL,
    low80 REAL NOT NULL,
    high80 REAL NOT NULL,
    low95 REAL NOT NULL,
    high95 REAL NOT NULL,
    probability_up REAL NOT NULL,
    expected_volatility REAL NOT NULL,
    data_source TEXT NOT NULL,
    data_as_of INTEGER NOT NULL,
    data_stale INTEGER NOT NULL,
    actual REAL,
    scored_at INTEGER,
    abs_error REAL,
    naive_error REAL,
    direction_hit INTEGER,
    inside80 INTEGER,
    inside95 INTEGER,
    UNIQUE (symbol, horizon, as_of, model_version)
  );
  CREATE INDEX IF NOT EXISTS forecasts_by_target ON forecasts (target_time);`,
];

/** Opens (creating it and its folder if need be) the ledger in one SQLite file. */
export async function openLedger(options: { file: string; logger: Logger }): Promise<Ledger> {
  const { file, logger } = options;
  await mkdir(dirname(file), { recursive: true });
  const db = await open({ filename: file, driver: sqlite3.Database });
  try {
    // The bot and a CLI command may hold the file at once: wait for a lock rather than fail, and let WAL keep
    // readers from blocking the writer.
    await db.exec("PRAGMA busy_timeout = 5000");
    await db.get("PRAGMA journal_mode = WAL");
    await migrate(db, file);
  } catch (error) {
    await db.close();
    throw error;
  }

  return {
    async record(forecast, source) {
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
        const outcome = outcomeColumns(actual, now, scoreForecast(toForecast(row), actual));
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

async function migrate(db: Database, file: string): Promise<void> {
  const userVersion = async () =>
    (await db.get<{ user_version: number }>("PRAGMA user_version"))?.user_version ?? 0;
  const version = await userVersion();
  if (version > MIGRATIONS.length)
    throw new Error(`${file} has ledger schema ${version}; this Coincast knows up to ${MIGRATIONS.length}`);
  for (let from = version; from < MIGRATIONS.length; from++) {
    await db.exec("BEGIN IMMEDIATE");
    try {
      // Read again under the write lock: another process opening the same file may have migrated meanwhile.
      if ((await userVersion()) === from) {
        await db.exec(MIGRATIONS[from] ?? "");
        await db.exec(`PRAGMA user_version = ${from + 1}`);
      }
      await db.exec("COMMIT");
    } catch (error) {
      await db.exec("ROLLBACK");
      throw error;
    }
  }
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

function isModelTimeframe(value: string): value is ModelTimeframe {
  return Object.hasOwn(MODEL_HORIZONS, value);
}

/** A forecast as ledger columns; toForecast is its inverse. */
function forecastColumns(forecast: Forecast, source: string): ForecastColumns {
  return {
    symbol: forecast.symbol,
    horizon: forecast.horizon,
    timeframe: forecast.timeframe,
    as_of: forecast.asOf,
    target_time: forecast.targetTime,
    model_version: forecast.modelVersion,
    source,
    made_at: forecast.madeAt,
    last_price: forecast.lastPrice,
    median: forecast.median,
    low80: forecast.interval80.low,
    high80: forecast.interval80.high,
    low95: forecast.interval95.low,
    high95: forecast.interval95.high,
    probability_up: forecast.probabilityUp,
    expected_volatility: forecast.expectedVolatility,
    data_source: forecast.data.source,
    data_as_of: forecast.data.asOf,
    data_stale: forecast.data.stale ? 1 : 0,
  };
}

function outcomeColumns(actual: number, scoredAt: number, score: ForecastScore): OutcomeColumns {
  return {
    actual,
    scored_at: scoredAt,
    abs_error: score.absError,
    naive_error: score.naiveError,
    direction_hit: score.directionHit ? 1 : 0,
    inside80: score.inside80 ? 1 : 0,
    inside95: score.inside95 ? 1 : 0,
  };
}

function toForecast(row: ForecastColumns): Forecast {
  if (!isModelTimeframe(row.timeframe)) throw new Error(`ledger entry has timeframe ${row.timeframe}`);
  return {
    symbol: row.symbol,
    horizon: row.horizon,
    timeframe: row.timeframe,
    asOf: row.as_of,
    targetTime: row.target_time,
    lastPrice: row.last_price,
    median: row.median,
    interval80: { low: row.low80, high: row.high80 },
    interval95: { low: row.low95, high: row.high95 },
    probabilityUp: row.probability_up,
    expectedVolatility: row.expected_volatility,
    modelVersion: row.model_version,
    data: {
      source: row.data_source === "live" ? "live" : "shipped",
      asOf: row.data_as_of,
      stale: row.data_stale === 1,
    },
    madeAt: row.made_at,
  };
}

function toScoredEntry(row: Row): ScoredEntry {
  if (row.actual === null || row.scored_at === null) throw new Error(`ledger entry ${row.id} is not scored`);
  return {
    forecast: toForecast(row),
    source: row.source,
    actual: row.actual,
    scoredAt: row.scored_at,
    score: {
      absError: row.abs_error ?? Number.NaN,
      naiveError: row.naive_error ?? Number.NaN,
      directionHit: row.direction_hit === 1,
      inside80: row.inside80 === 1,
      inside95: row.inside95 === 1,
    },
  };
}
