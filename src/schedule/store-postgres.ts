import type pg from "pg";
import { migrate } from "../storage/postgres.js";
import { alertTablesSql } from "./alert-schema.js";
import { postgresAlertStore } from "./alert-store-postgres.js";
import { channelWhere, postgresPlaceholder } from "./channel-filter.js";
import type { NewSubscription, SubscriptionStore } from "./store.js";
import {
  type PostRow,
  type Subscription,
  type SubscriptionRow,
  toPost,
  toSubscription,
} from "./store-schema.js";

/** The subscription store's PostgreSQL schema: the SQLite one (store-schema.ts) with BIGINT times. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
    id BIGSERIAL PRIMARY KEY,
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    symbols TEXT NOT NULL,
    horizon TEXT NOT NULL,
    time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    paused_at BIGINT,
    pause_reason TEXT,
    UNIQUE (platform, channel_id)
  );
  CREATE TABLE posts (
    subscription_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed', 'skipped')),
    claimed_at BIGINT NOT NULL,
    done_at BIGINT,
    attempts INTEGER NOT NULL DEFAULT 1,
    error TEXT,
    PRIMARY KEY (subscription_id, day)
  );
  CREATE INDEX posts_by_status ON posts (status, claimed_at);`,
  // 1 -> 2: alerts, their firings and the daily forecast volatility they compare with.
  alertTablesSql({ id: "BIGSERIAL PRIMARY KEY", time: "BIGINT", real: "DOUBLE PRECISION" }),
];

/**
 * Subscriptions and post claims in PostgreSQL, shared by every bot replica: a post is claimed with an
 * INSERT that the primary key (subscription, day) lets exactly one replica win, however many run the
 * schedule; the same contract as the SQLite store (store.ts).
 */
export async function openPostgresSubscriptionStore(options: { db: pg.Pool }): Promise<SubscriptionStore> {
  const { db } = options;
  await migrate(db, "subscriptions", POSTGRES_MIGRATIONS);

  const find = async (platform: string, channelId: string): Promise<Subscription | undefined> => {
    const { rows } = await db.query<SubscriptionRow>(
      "SELECT * FROM subscriptions WHERE platform = $1 AND channel_id = $2",
      [platform, channelId],
    );
    return rows[0] === undefined ? undefined : toSubscription(rows[0]);
  };
  const setStatus = async (
    subscriptionId: number,
    day: string,
    status: "done" | "failed",
    now: number,
    error: string | null,
  ) => {
    const result = await db.query(
      `UPDATE posts SET status = $1, done_at = $2, error = $3
       WHERE subscription_id = $4 AND day = $5 AND status = 'claimed'`,
      [status, now, error, subscriptionId, day],
    );
    return result.rowCount === 1;
  };

  return {
    alerts: postgresAlertStore(db),
    async upsert(s: NewSubscription, now: number) {
      if (s.symbols.some((symbol) => symbol.includes(","))) throw new Error("a symbol can not hold a comma");
      await db.query(
        `INSERT INTO subscriptions (platform, channel_id, symbols, horizon, time, timezone, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (platform, channel_id) DO UPDATE SET symbols = excluded.symbols, horizon = excluded.horizon,
           time = excluded.time, timezone = excluded.timezone, created_by = excluded.created_by,
           created_at = excluded.created_at, paused_at = NULL, pause_reason = NULL`,
        [s.platform, s.channelId, s.symbols.join(","), s.horizon, s.time, s.timeZone, s.createdBy, now],
      );
      const stored = await find(s.platform, s.channelId);
      if (stored === undefined) throw new Error("a subscription just written could not be read back");
      return stored;
    },

    async remove(platform, channelId) {
      const result = await db.query("DELETE FROM subscriptions WHERE platform = $1 AND channel_id = $2", [
        platform,
        channelId,
      ]);
      return result.rowCount === 1;
    },

    async list(filter = {}) {
      const { where, params } = channelWhere(filter, postgresPlaceholder);
      const { rows } = await db.query<SubscriptionRow>(
        `SELECT * FROM subscriptions ${where} ORDER BY id`,
        params,
      );
      return rows.map(toSubscription);
    },

    async pause(id, at, reason) {
      await db.query("UPDATE subscriptions SET paused_at = $1, pause_reason = $2 WHERE id = $3", [
        at,
        reason,
        id,
      ]);
    },

    async postsSince(fromDay) {
      const { rows } = await db.query<PostRow>("SELECT * FROM posts WHERE day >= $1 ORDER BY day", [fromDay]);
      return rows.map(toPost);
    },

    async claim(subscriptionId, day, now) {
      const result = await db.query(
        `INSERT INTO posts (subscription_id, day, status, claimed_at, attempts) VALUES ($1, $2, 'claimed', $3, 1)
         ON CONFLICT (subscription_id, day) DO NOTHING`,
        [subscriptionId, day, now],
      );
      return result.rowCount === 1;
    },

    markDone: (subscriptionId, day, now) => setStatus(subscriptionId, day, "done", now, null),
    markFailed: (subscriptionId, day, now, error) => setStatus(subscriptionId, day, "failed", now, error),

    async skip(subscriptionId, day, now, reason) {
      const result = await db.query(
        `INSERT INTO posts (subscription_id, day, status, claimed_at, attempts, error)
         VALUES ($1, $2, 'skipped', $3, 0, $4) ON CONFLICT (subscription_id, day) DO NOTHING`,
        [subscriptionId, day, now, reason],
      );
      return result.rowCount === 1;
    },

    async claimsBefore(claimedBefore) {
      const { rows } = await db.query<PostRow>(
        "SELECT * FROM posts WHERE status = 'claimed' AND claimed_at < $1 ORDER BY claimed_at",
        [claimedBefore],
      );
      return rows.map(toPost);
    },

    close: async () => undefined,
  };
}
