import type { Dialect } from "../storage/sql-driver.js";
import { type Columns, columnsSql, type RowOf } from "../storage/table.js";
import type { AlertDirection, AlertKind, AlertRule, AlertState } from "./alert-rules.js";
import { type PauseReason, readPauseReason } from "./pause-reason.js";
import type { Platform } from "./target.js";

/** The alert tables (beside the subscriptions, in the same store), and their row conversions. */

/** Alerts a channel may hold at most. */
export const MAX_ALERTS_PER_CHANNEL = 20;

export interface Alert {
  id: number;
  platform: Platform;
  channelId: string;
  /** Canonical ("BTC/USDT"): a configured pair or one fetched on demand. */
  symbol: string;
  rule: AlertRule;
  /** Platform user id of who set it. */
  createdBy: string;
  createdAt: number;
  state: AlertState;
  /** When it last fired (a firing marked done). */
  lastFiredAt: number | null;
  /** Set when the platform refused the channel for good; a new /alert in the channel resumes its alerts. */
  pausedAt: number | null;
  pauseReason: PauseReason | null;
  /** The language its posts are written in: whoever set it, as their platform named it; absent: English. */
  locale?: string;
}

export type NewAlert = Pick<Alert, "platform" | "channelId" | "symbol" | "rule" | "createdBy" | "locale">;

/** The alerts table as step 2 of the subscription store creates it. */
const ALERT_COLUMNS = {
  id: "id",
  platform: "TEXT NOT NULL",
  channel_id: "TEXT NOT NULL",
  symbol: "TEXT NOT NULL",
  kind: "TEXT NOT NULL CHECK (kind IN ('price', 'band', 'volatility', 'pup'))",
  direction: "TEXT CHECK (direction IN ('above', 'below'))",
  level: "real",
  created_by: "TEXT NOT NULL",
  created_at: "time NOT NULL",
  armed: "BOOLEAN NOT NULL",
  checked_as_of: "time",
  band_low: "real",
  band_high: "real",
  band_target: "time",
  last_fired_at: "time",
  paused_at: "time",
  pause_reason: "TEXT",
} as const satisfies Columns;

/** One firing of an alert on a candle: the claim is the row. */
const FIRING_COLUMNS = {
  alert_id: "time NOT NULL",
  as_of: "time NOT NULL",
  status: "TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed'))",
  claimed_at: "time NOT NULL",
  done_at: "time",
  error: "TEXT",
} as const satisfies Columns;

/** The daily forecast volatility of a symbol at a candle, which volatility alerts compare with. */
const VOLATILITY_COLUMNS = {
  symbol: "TEXT NOT NULL",
  as_of: "time NOT NULL",
  volatility: "real NOT NULL",
} as const satisfies Columns;

/** `locale` came with schema step 4 (ALTER TABLE), after the columns above. */
export type AlertRow = RowOf<typeof ALERT_COLUMNS> & { locale?: string | null };

/**
 * Appended to the subscription store's migrations (SQLite and PostgreSQL alike but for the id and time
 * types): `alerts`, `alert_firings` (UNIQUE (alert, candle): the claim), and `forecast_volatility`, the
 * daily forecast volatility a volatility alert compares with.
 */
export function alertTablesSql(types: Pick<Dialect, "id" | "time" | "real">): string {
  return `CREATE TABLE alerts (
    ${columnsSql(ALERT_COLUMNS, types)}
  );
  CREATE INDEX alerts_by_channel ON alerts (platform, channel_id);
  CREATE TABLE alert_firings (
    ${columnsSql(FIRING_COLUMNS, types)},
    PRIMARY KEY (alert_id, as_of)
  );
  CREATE TABLE forecast_volatility (
    ${columnsSql(VOLATILITY_COLUMNS, types)},
    PRIMARY KEY (symbol, as_of)
  );`;
}

/**
 * What makes two alerts the same: channel, symbol and rule. Direction and level are NULL for band and
 * volatility rules, and NULLs are never equal in a UNIQUE index, hence the COALESCEs.
 */
const RULE_KEY = (t?: string) => {
  const col = (name: string) => (t === undefined ? name : `${t}.${name}`);
  return [col("symbol"), col("kind"), `COALESCE(${col("direction")}, '')`, `COALESCE(${col("level")}, 0)`];
};
const ALERT_KEY = ["platform", "channel_id", ...RULE_KEY()].join(", ");

/** SQL: the alerts aliased `a` and `b` hold the same rule (symbol, kind, direction, level), whatever their chats. */
export const sameRuleAs = (a: string, b: string): string => {
  const other = RULE_KEY(b);
  return RULE_KEY(a)
    .map((column, i) => `${column} = ${other[i]}`)
    .join(" AND ");
};

/** Drops duplicate alerts (keeping the oldest, and its firings), then makes the database refuse new ones. */
export const ALERT_UNIQUE_SQL = `
  DELETE FROM alert_firings WHERE alert_id IN (
    SELECT id FROM alerts WHERE id NOT IN (SELECT MIN(id) FROM alerts GROUP BY ${ALERT_KEY}));
  DELETE FROM alerts WHERE id NOT IN (SELECT MIN(id) FROM alerts GROUP BY ${ALERT_KEY});
  CREATE UNIQUE INDEX alerts_one_per_rule ON alerts
    (platform, channel_id, symbol, kind, (COALESCE(direction, '')), (COALESCE(level, 0)));`;

/** The WHERE clause finding the alert with the same key as the (platform, channel, symbol, kind, direction, level) given. */
export const SAME_ALERT_WHERE = ["platform", "channel_id", ...RULE_KEY()]
  .map((c) => `${c} = ?`)
  .join(" AND ");

export function toAlert(row: AlertRow): Alert {
  const kind = row.kind as AlertKind;
  const rule: AlertRule =
    kind === "price" || kind === "pup"
      ? { kind, direction: row.direction as AlertDirection, level: Number(row.level) }
      : { kind };
  return {
    id: Number(row.id),
    platform: row.platform as Platform,
    channelId: row.channel_id,
    symbol: row.symbol,
    rule,
    createdBy: row.created_by,
    createdAt: row.created_at,
    state: {
      armed: row.armed === true || row.armed === 1,
      checkedAsOf: row.checked_as_of,
      band:
        row.band_low === null || row.band_high === null || row.band_target === null
          ? null
          : { low: row.band_low, high: row.band_high, targetTime: row.band_target },
    },
    lastFiredAt: row.last_fired_at,
    pausedAt: row.paused_at,
    pauseReason: readPauseReason(row.pause_reason),
    ...(row.locale == null ? {} : { locale: row.locale }),
  };
}

/** The rule's columns: direction and level are null for band and volatility. */
export function ruleColumns(rule: AlertRule): {
  kind: AlertKind;
  direction: string | null;
  level: number | null;
} {
  return rule.kind === "price" || rule.kind === "pup"
    ? { kind: rule.kind, direction: rule.direction, level: rule.level }
    : { kind: rule.kind, direction: null, level: null };
}

/** The state's columns, in the order armed, checked_as_of, band_low, band_high, band_target. */
export function stateColumns(
  state: AlertState,
): [boolean, number | null, number | null, number | null, number | null] {
  return [
    state.armed,
    state.checkedAsOf,
    state.band?.low ?? null,
    state.band?.high ?? null,
    state.band?.targetTime ?? null,
  ];
}

/**
 * Alerts and their firings. Every method that changes an alert names its channel or its checked candle, so
 * a remove from another channel finds nothing and two checkers of one candle cannot both advance it.
 */
export interface AlertStore {
  /**
   * Adds one, unless the channel holds the same alert (a UNIQUE index decides, so of identical adds at
   * once exactly one is created; the others get it with `created: false`) or holds `limit` alerts already
   * (null). Every answer resumes the channel's paused alerts: the channel answered a command, so it is there.
   */
  add(
    alert: NewAlert,
    state: AlertState,
    now: number,
    limit: number,
  ): Promise<{ alert: Alert; created: boolean } | null>;
  /** Removes the channel's alert `id`; false when the channel has none with that id. */
  remove(platform: Platform, channelId: string, id: number): Promise<boolean>;
  /** Every alert, or one channel's, in creation order. */
  list(filter?: { platform?: Platform; channelId?: string }): Promise<Alert[]>;
  /** Resumes every paused alert of the channel (it answered a command); resolves how many. */
  resumeChannel(platform: Platform, channelId: string): Promise<number>;
  /** Pauses every alert of the channel (it is gone); resolves how many. */
  pauseChannel(platform: Platform, channelId: string, at: number, reason: PauseReason): Promise<number>;
  /** Stores the state after a check, if the alert is still at `fromAsOf` (compare and set). */
  advance(id: number, fromAsOf: number | null, state: AlertState): Promise<boolean>;
  /** Claims the firing of alert `id` on candle `asOf`: true for the one caller that wins. */
  claim(id: number, asOf: number, now: number): Promise<boolean>;
  /** claimed -> done (and the alert's lastFiredAt). */
  markDone(id: number, asOf: number, now: number): Promise<boolean>;
  markFailed(id: number, asOf: number, now: number, error: string): Promise<boolean>;
  /** Firings claimed before `claimedBefore` and never marked done or failed (a crash's). */
  claimsBefore(claimedBefore: number): Promise<{ alertId: number; asOf: number; claimedAt: number }[]>;
  /** Daily forecast volatility of a symbol at candles from `since`, oldest first. */
  volatilities(symbol: string, since: number): Promise<{ asOf: number; volatility: number }[]>;
  /** Stores daily values; one already there is kept. */
  saveVolatilities(symbol: string, values: readonly { asOf: number; volatility: number }[]): Promise<void>;
}
