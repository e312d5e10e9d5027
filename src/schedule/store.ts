import { openSqliteFile } from "../storage/sqlite-file.js";
import type { AlertStore } from "./alert-schema.js";
import { sqliteAlertStore } from "./alert-store.js";
import { channelWhere, sqlitePlaceholder } from "./channel-filter.js";
import {
  MIGRATIONS,
  type PostRecord,
  type PostRow,
  type Subscription,
  type SubscriptionRow,
  toPost,
  toSubscription,
} from "./store-schema.js";
import type { Platform } from "./target.js";

export type { PostRecord, Subscription } from "./store-schema.js";

/** What subscribing stores; the id, creation time and pause state are the store's. */
export type NewSubscription = Omit<Subscription, "id" | "createdAt" | "pausedAt" | "pauseReason">;

/**
 * Subscriptions and the record of their posts, in one SQLite file (DATA_DIR/subscriptions.sqlite). Several
 * processes may share the file: a post is claimed with an INSERT that the UNIQUE (subscription, day)
 * constraint lets only one of them win.
 */
export interface SubscriptionStore {
  /** The channels' alerts, in the same file or database. */
  readonly alerts: AlertStore;
  /** One per (platform, channel): subscribing again replaces it in place (same id, pause cleared). */
  upsert(subscription: NewSubscription, now: number): Promise<Subscription>;
  /** Resolves whether there was one to remove. */
  remove(platform: Platform, channelId: string): Promise<boolean>;
  /** Every subscription, or those of one platform / channel, in creation order. */
  list(filter?: { platform?: Platform; channelId?: string }): Promise<Subscription[]>;
  pause(id: number, at: number, reason: string): Promise<void>;
  /** Posts on or after local day `fromDay` ("YYYY-MM-DD"), of every subscription. */
  postsSince(fromDay: string): Promise<PostRecord[]>;
  /** Claims the post of `day`: true for the one caller that wins, false when it is claimed or recorded already. */
  claim(subscriptionId: number, day: string, now: number): Promise<boolean>;
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

/** Opens (creating it and its folder if need be) the store. */
export async function openSubscriptionStore(options: { file: string }): Promise<SubscriptionStore> {
  const db = await openSqliteFile(options.file, MIGRATIONS);

  const find = async (platform: string, channelId: string): Promise<Subscription | undefined> => {
    const row = await db.get<SubscriptionRow>(
      "SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?",
      platform,
      channelId,
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
    const result = await db.run(
      `UPDATE posts SET status = ?, done_at = ?, error = ?
       WHERE subscription_id = ? AND day = ? AND status = 'claimed'`,
      status,
      now,
      error,
      subscriptionId,
      day,
    );
    return result.changes === 1;
  };

  return {
    alerts: sqliteAlertStore(db),
    async upsert(s, now) {
      if (s.symbols.some((symbol) => symbol.includes(","))) throw new Error("a symbol can not hold a comma");
      await db.run(
        `INSERT INTO subscriptions (platform, channel_id, symbols, horizon, time, timezone, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET symbols = excluded.symbols, horizon = excluded.horizon,
           time = excluded.time, timezone = excluded.timezone, created_by = excluded.created_by,
           created_at = excluded.created_at, paused_at = NULL, pause_reason = NULL`,
        s.platform,
        s.channelId,
        s.symbols.join(","),
        s.horizon,
        s.time,
        s.timeZone,
        s.createdBy,
        now,
      );
      const stored = await find(s.platform, s.channelId);
      if (stored === undefined) throw new Error("a subscription just written could not be read back");
      return stored;
    },

    async remove(platform, channelId) {
      const result = await db.run(
        "DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?",
        platform,
        channelId,
      );
      return result.changes === 1;
    },

    async list(filter = {}) {
      const { where, params } = channelWhere(filter, sqlitePlaceholder);
      const rows = await db.all<SubscriptionRow[]>(
        `SELECT * FROM subscriptions ${where} ORDER BY id`,
        params,
      );
      return rows.map(toSubscription);
    },

    async pause(id, at, reason) {
      await db.run("UPDATE subscriptions SET paused_at = ?, pause_reason = ? WHERE id = ?", at, reason, id);
    },

    async postsSince(fromDay) {
      const rows = await db.all<PostRow[]>("SELECT * FROM posts WHERE day >= ? ORDER BY day", fromDay);
      return rows.map(toPost);
    },

    async claim(subscriptionId, day, now) {
      // DO NOTHING rather than OR IGNORE: a row breaking another constraint must still fail loudly.
      const result = await db.run(
        `INSERT INTO posts (subscription_id, day, status, claimed_at, attempts) VALUES (?, ?, 'claimed', ?, 1)
         ON CONFLICT (subscription_id, day) DO NOTHING`,
        subscriptionId,
        day,
        now,
      );
      return result.changes === 1;
    },

    markDone: (subscriptionId, day, now) => setStatus(subscriptionId, day, "done", now, null),
    markFailed: (subscriptionId, day, now, error) => setStatus(subscriptionId, day, "failed", now, error),

    async skip(subscriptionId, day, now, reason) {
      const result = await db.run(
        `INSERT INTO posts (subscription_id, day, status, claimed_at, attempts, error)
         VALUES (?, ?, 'skipped', ?, 0, ?) ON CONFLICT (subscription_id, day) DO NOTHING`,
        subscriptionId,
        day,
        now,
        reason,
      );
      return result.changes === 1;
    },

    async claimsBefore(claimedBefore) {
      const rows = await db.all<PostRow[]>(
        "SELECT * FROM posts WHERE status = 'claimed' AND claimed_at < ? ORDER BY claimed_at",
        claimedBefore,
      );
      return rows.map(toPost);
    },

    async close() {
      await db.close();
    },
  };
}
