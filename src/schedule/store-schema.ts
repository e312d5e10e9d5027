import type { Migrations } from "../storage/sql-driver.js";
import { type Columns, columnsSql, type RowOf } from "../storage/table.js";
import { ALERT_UNIQUE_SQL, type AlertStore, alertTablesSql } from "./alert-schema.js";
import { type ChannelMove, MOVED_GROUPS_SQL } from "./channel-move.js";
import { unsubscribedPostsSql } from "./channel-posts.js";
import { type PauseReason, readPauseReason } from "./pause-reason.js";
import { SUBSCRIPTIONS_META_SQL } from "./store-identity.js";
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
  /** An IANA name or alias as the subscriber named it ("Europe/Paris", "EST"; see checkTimeZone). */
  timeZone: string;
  /** Platform user id of the admin who subscribed. */
  createdBy: string;
  /** When it was (last) subscribed: no post is due for a scheduled time before this. */
  createdAt: number;
  /** Set when the platform refused the channel for good (ChannelGoneError); subscribing again clears it. */
  pausedAt: number | null;
  /** Why (see pause-reason.ts): the platform's own words, or a code of Coincast's own. */
  pauseReason: PauseReason | null;
  /**
   * The language the posts are written in: the subscribing admin's, as their platform named it (Discord
   * "es-ES", Telegram "de"; see src/i18n). Absent (the console, a platform that sent none, a subscription
   * older than this column): English.
   */
  locale?: string;
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

/** What subscribing stores; the id, creation time and pause state are the store's. */
export type NewSubscription = Omit<Subscription, "id" | "createdAt" | "pausedAt" | "pauseReason">;

/**
 * Subscriptions and the record of their posts (subscription-store.ts), in one SQLite file
 * (DATA_DIR/subscriptions.sqlite) or PostgreSQL. Several processes may share them: a post is claimed with an
 * INSERT that the key (subscription, day) lets only one of them win.
 */
export interface SubscriptionStore {
  /** The channels' alerts, in the same file or database. */
  readonly alerts: AlertStore;
  /** Which store this is: the same for every process opening the same file or database (store-identity.ts). */
  readonly identity: string;
  /** One per (platform, channel): subscribing again replaces it in place (same id, pause cleared). */
  upsert(subscription: NewSubscription, now: number): Promise<Subscription>;
  /** Resolves whether there was one to remove. */
  remove(platform: Platform, channelId: string): Promise<boolean>;
  /** Every subscription, or those of one platform / channel, in creation order. */
  list(filter?: { platform?: Platform; channelId?: string }): Promise<Subscription[]>;
  pause(id: number, at: number, reason: PauseReason): Promise<void>;
  /**
   * The chat has a new id (a Telegram group upgraded to a supergroup): its subscription and alerts move
   * there in one transaction; the new chat keeps any of its own (see moveChannelRows).
   */
  moveChannel(platform: Platform, from: string, to: string): Promise<ChannelMove>;
  /** Posts on or after local day `fromDay` ("YYYY-MM-DD"), of every subscription. */
  postsSince(fromDay: string): Promise<PostRecord[]>;
  /** Claims the post of `day`: true for the one caller that wins, false when it is claimed or recorded already. */
  claim(subscriptionId: number, day: string, now: number): Promise<boolean>;
  /**
   * Claims again a day whose post did not go out (failed or skipped) before its subscription was made again:
   * compare-and-set on the record as read, so one caller wins.
   */
  reclaim(record: PostRecord, now: number): Promise<boolean>;
  /** claimed -> done; false when the claim is no longer there as claimed (it was given up meanwhile). */
  markDone(subscriptionId: number, day: string, now: number): Promise<boolean>;
  /** claimed -> failed, with the reason. */
  markFailed(subscriptionId: number, day: string, now: number, error: string): Promise<boolean>;
  /** Records a post as skipped (never claimed: its time passed while the bot was down). */
  skip(subscriptionId: number, day: string, now: number, reason: string): Promise<boolean>;
  /** Claims never marked done or failed, claimed before `claimedBefore`. */
  claimsBefore(claimedBefore: number): Promise<PostRecord[]>;
  close(): Promise<void>;
}

/** The subscriptions table as step 1 creates it. */
const SUBSCRIPTION_COLUMNS = {
  id: "id",
  platform: "TEXT NOT NULL",
  channel_id: "TEXT NOT NULL",
  symbols: "TEXT NOT NULL",
  horizon: "TEXT NOT NULL",
  time: "TEXT NOT NULL",
  timezone: "TEXT NOT NULL",
  created_by: "TEXT NOT NULL",
  created_at: "time NOT NULL",
  paused_at: "time",
  pause_reason: "TEXT",
} as const satisfies Columns;

/** The posts table as step 1 creates it: one row a subscription and local day. */
const POST_COLUMNS = {
  subscription_id: "time NOT NULL",
  day: "TEXT NOT NULL",
  status: "TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed', 'skipped'))",
  claimed_at: "time NOT NULL",
  done_at: "time",
  attempts: "INTEGER NOT NULL DEFAULT 1",
  error: "TEXT",
} as const satisfies Columns;

/** `locale` came with schema step 4 (ALTER TABLE), after the columns above. */
export type SubscriptionRow = RowOf<typeof SUBSCRIPTION_COLUMNS> & { locale?: string | null };
export type PostRow = RowOf<typeof POST_COLUMNS>;

/** Post claims and alert firings whose subscription or alert is gone. */
const ORPHANS_SQL = `
  DELETE FROM posts WHERE subscription_id NOT IN (SELECT id FROM subscriptions);
  DELETE FROM alert_firings WHERE alert_id NOT IN (SELECT id FROM alerts);`;

/**
 * Append, never edit: each entry takes the schema from version i to i + 1 (SQLite's user_version,
 * PostgreSQL's coincast_migrations), the same steps on both but for the column types of `t`.
 */
export const subscriptionMigrations: Migrations = (t) => [
  `CREATE TABLE IF NOT EXISTS subscriptions (
    ${columnsSql(SUBSCRIPTION_COLUMNS, t)},
    UNIQUE (platform, channel_id)
  );
  CREATE TABLE IF NOT EXISTS posts (
    ${columnsSql(POST_COLUMNS, t)},
    PRIMARY KEY (subscription_id, day)
  );
  CREATE INDEX IF NOT EXISTS posts_by_status ON posts (status, claimed_at);`,
  // 1 -> 2: alerts, their firings and the daily forecast volatility they compare with.
  alertTablesSql(t),
  // 2 -> 3: one alert per rule and channel, held by the database (issue 24: ten identical adds at once
  // stored ten). Duplicates stored before keep the oldest.
  ALERT_UNIQUE_SQL,
  // 3 -> 4: the language posts and alerts are written in (the subscriber's, the alert setter's).
  `ALTER TABLE subscriptions ADD COLUMN locale TEXT;
  ALTER TABLE alerts ADD COLUMN locale TEXT;`,
  // 4 -> 5: claims and firings of subscriptions and alerts removed before removing took them along: on
  // SQLite a new subscription or alert may be handed a removed one's id, and found its day already claimed.
  ORPHANS_SQL,
  // 5 -> 6: Telegram groups upgraded to supergroups were paused, "subscribe again there": now they move.
  MOVED_GROUPS_SQL,
  // 6 -> 7: a removed subscription's post records wait for the channel's next one (channel-posts.ts).
  unsubscribedPostsSql(t),
  // 7 -> 8: the store's identity, which bot replicas announce to find out whether they share one store.
  SUBSCRIPTIONS_META_SQL,
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
    pauseReason: readPauseReason(row.pause_reason),
    ...(row.locale == null ? {} : { locale: row.locale }),
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
