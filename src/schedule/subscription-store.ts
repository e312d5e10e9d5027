import type { SqlDriver } from "../storage/sql-driver.js";
import { sqlAlertStore } from "./alert-store.js";
import { channelWhere } from "./channel-filter.js";
import { moveChannelRows } from "./channel-move.js";
import { setChannelPostsAside, takeChannelPosts } from "./channel-posts.js";
import { storedPauseReason } from "./pause-reason.js";
import { storeIdentity } from "./store-identity.js";
import type { NewSubscription, SubscriptionStore } from "./store-schema.js";
import {
  type PostRow,
  type Subscription,
  type SubscriptionRow,
  subscriptionMigrations,
  toPost,
  toSubscription,
} from "./store-schema.js";

/**
 * Subscriptions, post claims and alerts over any SqlDriver: one SQLite file, or PostgreSQL shared by every
 * bot replica. A post is claimed with an INSERT that the key (subscription, day) lets exactly one caller
 * win, however many processes run the schedule.
 */
export async function createSubscriptionStore(db: SqlDriver): Promise<SubscriptionStore> {
  await db.migrate("subscriptions", subscriptionMigrations);
  const identity = await storeIdentity(db);

  const find = async (platform: string, channelId: string): Promise<Subscription | undefined> => {
    const row = await db.get<SubscriptionRow>(
      "SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?",
      [platform, channelId],
    );
    return row === undefined ? undefined : toSubscription(row);
  };
  const setStatus = async (
    subscriptionId: number,
    day: string,
    status: "done" | "failed",
    now: number,
    error: string | null,
  ) => {
    const { changes } = await db.run(
      `UPDATE posts SET status = ?, done_at = ?, error = ?
       WHERE subscription_id = ? AND day = ? AND status = 'claimed'`,
      [status, now, error, subscriptionId, day],
    );
    return changes === 1;
  };
  /** A row of `posts` unless the day has one: DO NOTHING rather than OR IGNORE, so another broken constraint still fails. */
  const insertPost = async (sql: string, params: (string | number)[]) =>
    (await db.run(`${sql} ON CONFLICT (subscription_id, day) DO NOTHING`, params)).changes === 1;

  return {
    alerts: sqlAlertStore(db),
    identity,
    async upsert(s: NewSubscription, now: number) {
      if (s.symbols.some((symbol) => symbol.includes(","))) throw new Error("a symbol can not hold a comma");
      await db.run(
        `INSERT INTO subscriptions
           (platform, channel_id, symbols, horizon, time, timezone, created_by, created_at, locale)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET symbols = excluded.symbols, horizon = excluded.horizon,
           time = excluded.time, timezone = excluded.timezone, created_by = excluded.created_by,
           created_at = excluded.created_at, locale = excluded.locale, paused_at = NULL, pause_reason = NULL`,
        [
          s.platform,
          s.channelId,
          s.symbols.join(","),
          s.horizon,
          s.time,
          s.timeZone,
          s.createdBy,
          now,
          s.locale ?? null,
        ],
      );
      const stored = await find(s.platform, s.channelId);
      if (stored === undefined) throw new Error("a subscription just written could not be read back");
      await takeChannelPosts(db, stored.id, s.platform, s.channelId);
      return stored;
    },

    // Its post claims go with it: a later subscription may be handed the same id (SQLite hands out a
    // removed highest id again) and must not find that day's post already claimed. The newest are set
    // aside for the channel's next subscription (channel-posts.ts): one post a channel and day.
    remove: (platform, channelId) =>
      db.transaction(async (tx) => {
        const channel = [platform, channelId];
        await setChannelPostsAside(tx, platform, channelId);
        await tx.run(
          "DELETE FROM posts WHERE subscription_id IN (SELECT id FROM subscriptions WHERE platform = ? AND channel_id = ?)",
          channel,
        );
        const { changes } = await tx.run(
          "DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?",
          channel,
        );
        return changes === 1;
      }),

    async list(filter = {}) {
      const { where, params } = channelWhere(filter);
      const rows = await db.all<SubscriptionRow>(`SELECT * FROM subscriptions ${where} ORDER BY id`, params);
      return rows.map(toSubscription);
    },

    async pause(id, at, reason) {
      await db.run("UPDATE subscriptions SET paused_at = ?, pause_reason = ? WHERE id = ?", [
        at,
        storedPauseReason(reason),
        id,
      ]);
    },

    moveChannel: (platform, from, to) => moveChannelRows(db, platform, from, to),

    async postsSince(fromDay) {
      const rows = await db.all<PostRow>("SELECT * FROM posts WHERE day >= ? ORDER BY day", [fromDay]);
      return rows.map(toPost);
    },

    claim: (subscriptionId, day, now) =>
      insertPost(
        "INSERT INTO posts (subscription_id, day, status, claimed_at, attempts) VALUES (?, ?, 'claimed', ?, 1)",
        [subscriptionId, day, now],
      ),

    async reclaim(record, now) {
      const { changes } = await db.run(
        `UPDATE posts SET status = 'claimed', claimed_at = ?, done_at = NULL, error = NULL, attempts = attempts + 1
         WHERE subscription_id = ? AND day = ? AND status = ? AND claimed_at = ?`,
        [now, record.subscriptionId, record.day, record.status, record.claimedAt],
      );
      return changes === 1;
    },

    markDone: (subscriptionId, day, now) => setStatus(subscriptionId, day, "done", now, null),
    markFailed: (subscriptionId, day, now, error) => setStatus(subscriptionId, day, "failed", now, error),

    skip: (subscriptionId, day, now, reason) =>
      insertPost(
        `INSERT INTO posts (subscription_id, day, status, claimed_at, attempts, error)
         VALUES (?, ?, 'skipped', ?, 0, ?)`,
        [subscriptionId, day, now, reason],
      ),

    async claimsBefore(claimedBefore) {
      const rows = await db.all<PostRow>(
        "SELECT * FROM posts WHERE status = 'claimed' AND claimed_at < ? ORDER BY claimed_at",
        [claimedBefore],
      );
      return rows.map(toPost);
    },

    close: () => db.close(),
  };
}
