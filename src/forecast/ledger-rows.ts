import { MODEL_HORIZONS, type ModelTimeframe } from "../model/horizons.js";
import type { Migrations } from "../storage/sql-driver.js";
import { type Columns, columnsSql, type RowOf } from "../storage/table.js";
import type { Forecast } from "./forecast.js";
import type { ForecastScore, ScoredEntry } from "./track-record.js";

/** The ledger's table: its schema, its migrations, and the conversions between a row and a Forecast. */

/** What recording a forecast fills (see forecastColumns). */
const FORECAST_COLUMNS = {
  symbol: "TEXT NOT NULL",
  horizon: "TEXT NOT NULL",
  timeframe: "TEXT NOT NULL",
  as_of: "time NOT NULL",
  target_time: "time NOT NULL",
  model_version: "TEXT NOT NULL",
  source: "TEXT NOT NULL",
  made_at: "time NOT NULL",
  last_price: "real NOT NULL",
  median: "real NOT NULL",
  low80: "real NOT NULL",
  high80: "real NOT NULL",
  low95: "real NOT NULL",
  high95: "real NOT NULL",
  probability_up: "real NOT NULL",
  expected_volatility: "real NOT NULL",
  data_source: "TEXT NOT NULL",
  data_as_of: "time NOT NULL",
  data_stale: "INTEGER NOT NULL",
} as const satisfies Columns;

/**
 * What scoring fills (see outcomeColumns), NULL until then; booleans as 0 or 1 so that AVG gives a rate.
 * direction_hit stays NULL on a scored row whose forecast made no direction call, which AVG and COUNT skip.
 */
const OUTCOME_COLUMNS = {
  actual: "real",
  scored_at: "time",
  abs_error: "real",
  naive_error: "real",
  direction_hit: "INTEGER",
  inside80: "INTEGER",
  inside95: "INTEGER",
} as const satisfies Columns;

/** The forecasts table as step 1 creates it. */
const LEDGER_COLUMNS = { id: "id", ...FORECAST_COLUMNS, ...OUTCOME_COLUMNS } as const satisfies Columns;

type ForecastColumns = RowOf<typeof FORECAST_COLUMNS>;
type OutcomeColumns = { [K in Exclude<keyof typeof OUTCOME_COLUMNS, "direction_hit">]: number } & {
  direction_hit: number | null;
};

/** One ledger row as a driver returns it: outcome columns stay NULL until the entry is scored. */
export type Row = RowOf<typeof LEDGER_COLUMNS>;

/**
 * Each entry takes the schema from version i to i + 1 (SQLite's PRAGMA user_version, PostgreSQL's
 * coincast_migrations). Append, never edit, so that a ledger written by an older Coincast upgrades step by step.
 */
export const ledgerMigrations: Migrations = (t) => [
  `CREATE TABLE IF NOT EXISTS forecasts (
    ${columnsSql(LEDGER_COLUMNS, t)},
    UNIQUE (symbol, horizon, as_of, model_version)
  );
  CREATE INDEX IF NOT EXISTS forecasts_by_target ON forecasts (target_time);`,
  // Earlier versions recorded forecasts whose target had closed before they were made (a first answer from
  // old stored data; the PostgreSQL ledger until this step), and scored them at once against a known
  // outcome. They are no forecasts: dropped.
  "DELETE FROM forecasts WHERE target_time <= made_at",
  // Until this step a forecast with P(up) exactly 0.5 (median = last price, what the zero-drift served models
  // say every time) was scored as a call of "up", so the hit rate was the market's up-rate. Under the one rule
  // (evaluation/direction.ts) it makes no call; every other scored row was called alike by both rules.
  "UPDATE forecasts SET direction_hit = NULL WHERE scored_at IS NOT NULL AND median = last_price",
];

export function isModelTimeframe(value: string): value is ModelTimeframe {
  return Object.hasOwn(MODEL_HORIZONS, value);
}

/** A forecast as ledger columns; rowToForecast is its inverse. */
export function forecastColumns(forecast: Forecast, source: string): ForecastColumns {
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

export function outcomeColumns(actual: number, scoredAt: number, score: ForecastScore): OutcomeColumns {
  return {
    actual,
    scored_at: scoredAt,
    abs_error: score.absError,
    naive_error: score.naiveError,
    direction_hit: score.directionHit === null ? null : score.directionHit ? 1 : 0,
    inside80: score.inside80 ? 1 : 0,
    inside95: score.inside95 ? 1 : 0,
  };
}

export function rowToForecast(row: ForecastColumns): Forecast {
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

export function toScoredEntry(row: Row): ScoredEntry {
  if (row.actual === null || row.scored_at === null) throw new Error(`ledger entry ${row.id} is not scored`);
  return {
    forecast: rowToForecast(row),
    source: row.source,
    actual: row.actual,
    scoredAt: row.scored_at,
    score: {
      absError: row.abs_error ?? Number.NaN,
      naiveError: row.naive_error ?? Number.NaN,
      directionHit: row.direction_hit === null ? null : row.direction_hit === 1,
      inside80: row.inside80 === 1,
      inside95: row.inside95 === 1,
    },
  };
}
