import type { Migrations } from "../storage/sql-driver.js";
import { ALERT_UNIQUE_SQL, alertTablesSql } from "./alert-schema.js";
import type { Platform } from "./target.js";

/** The subscription store's tables, migrations and row conversions. */

/** A channel's daily forecast post: what, when (local wall-clock time in an IANA zone) and where. */
export interface Subscription {
  id: number;
  platform: Platform;
  channelId: string;
  /** Canonical symbols ("BTC/USDT"), in the order the post lists them; the first one's chart is shown. */
  symbols: string[];
  horizon: string;
  /** "HH:MM", 24-hour, local to `timeZone`. */
  time: string;
  /** Canonical IANA name ("Europe/Paris"). */
  timeZone: string;
  /** Platform user id of the admin who subscribed. */
  createdBy: string;
  /** When it was (last) subscribed: no post is due for a scheduled time before this. */
  createdAt: number;
  /** Set when the platform refused the channel for good (ChannelGoneError); subscribing again clears it. */
  pausedAt: number | null;
  pauseReason: string | null;
}

/**
 * One post's life: `claimed` before it is sent, `done` once the platform accepted it, `failed` when sending
 * failed or a claim was abandoned (see the scheduler's rules), `skipped` when its time passed while the bot
 * was down, beyond the grace window.
 */
export type PostStatus = "claimed" | "done" | "failed" | "skipped";

export interface PostRecord {
  subscriptionId: number;
  /** The subscription's local day, "YYYY-MM-DD". */
  day: string;
  status: PostStatus;
  claimedAt: number;
  doneAt: number | null;
  attempts: number;
  error: string | null;
}

export interface SubscriptionRow {
  id: number;
  platform: string;
  channel_id: string;
  symbols: string;
  horizon: string;
  time: string;
  timezone: string;
  created_by: string;
  created_at: number;
  paused_at: number | null;
  pause_reason: string | null;
}

export interface PostRow {
  subscription_id: number;
  day: string;
  status: string;
  claimed_at: number;
  done_at: number | null;
  attempts: number;
  error: string | null;
}

/**
 * Append, never edit: each entry takes the schema from version i to i + 1 (SQLite's user_version,
 * PostgreSQL's coincast_migrations), the same steps on both but for the column types of `t`.
 */
export const subscriptionMigrations: Migrations = (t) => [
  `CREATE TABLE IF NOT EXISTS subscriptions (
    id ${t.id},
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    symbols TEXT NOT NULL,
    horizon TEXT NOT NULL,
    time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.time} NOT NULL,
    paused_at ${t.time},
    pause_reason TEXT,
    UNIQUE (platform, channel_id)
  );
  CREATE TABLE IF NOT EXISTS posts (
    subscription_id ${t.time} NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed', 'skipped')),
    claimed_at ${t.time} NOT NULL,
    done_at ${t.time},
    attempts INTEGER NOT NULL DEFAULT 1,
    error TEXT,
    PRIMARY KEY (subscription_id, day)
  );
  CREATE INDEX IF NOT EXISTS posts_by_status ON posts (status, claimed_at);`,
  // 1 -> 2: alerts, their firings and the daily forecast volatility they compare with.
  alertTablesSql(t),
  // 2 -> 3: one alert per rule and channel, held by the database (issue 24: ten identical adds at once
  // stored ten). Duplicates stored before keep the oldest.
  ALERT_UNIQUE_SQL,
];

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    platform: row.platform as Platform,
    channelId: row.channel_id,
    symbols: row.symbols.split(",").filter((s) => s !== ""),
    horizon: row.horizon,
    time: row.time,
    timeZone: row.timezone,
    createdBy: row.created_by,
    createdAt: row.created_at,
    pausedAt: row.paused_at,
    pauseReason: row.pause_reason,
  };
}

export function toPost(row: PostRow): PostRecord {
  return {
    subscriptionId: row.subscription_id,
    day: row.day,
    status: row.status as PostStatus,
    claimedAt: row.claimed_at,
    doneAt: row.done_at,
    attempts: row.attempts,
    error: row.error,
  };
}
