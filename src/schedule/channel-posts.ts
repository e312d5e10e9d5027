import type { Dialect, SqlExecutor } from "../storage/sql-driver.js";
import { type Columns, columnsSql } from "../storage/table.js";
import type { Platform } from "./target.js";

/**
 * A channel gets at most one daily post a local day, also across /unsubscribe and /subscribe: the post
 * records of a removed subscription stay with its channel (`unsubscribed_posts`), and the channel's next
 * subscription takes them over. From then on the rule for subscribing again the same day decides (due.ts,
 * `owed`): a day posted (or claimed) is not posted again; a failed or skipped one is given another chance.
 * Claims are keyed by the subscription's id, which SQLite may hand a new subscription of another channel: so
 * the records are set aside by channel rather than left under the old id.
 */

/** The post records of the last subscription removed from a channel, as `posts` holds them. */
const UNSUBSCRIBED_POST_COLUMNS = {
  platform: "TEXT NOT NULL",
  channel_id: "TEXT NOT NULL",
  day: "TEXT NOT NULL",
  status: "TEXT NOT NULL",
  claimed_at: "time NOT NULL",
  done_at: "time",
  attempts: "INTEGER NOT NULL",
  error: "TEXT",
} as const satisfies Columns;

/** Schema step 6 -> 7: the table the records of removed subscriptions wait in. */
export const unsubscribedPostsSql = (t: Dialect): string => `CREATE TABLE IF NOT EXISTS unsubscribed_posts (
    ${columnsSql(UNSUBSCRIBED_POST_COLUMNS, t)},
    PRIMARY KEY (platform, channel_id, day)
  );`;

const RECORD = "day, status, claimed_at, done_at, attempts, error";

/**
 * Days kept: the newest records only, enough for every day `timetable` and `nextPostAt` still look at (today
 * and yesterday in any zone, and the day after in a zone ahead).
 */
const KEPT_DAYS = 3;

/**
 * Within `remove`'s transaction, before the subscription and its posts are deleted: its newest records wait
 * for the channel's next subscription (replacing any an earlier removal left there).
 */
export async function setChannelPostsAside(tx: SqlExecutor, platform: Platform, channelId: string) {
  // Only when there is a subscription to remove: /unsubscribe twice keeps what the first set aside.
  await tx.run(
    `DELETE FROM unsubscribed_posts WHERE platform = ? AND channel_id = ?
       AND EXISTS (SELECT 1 FROM subscriptions WHERE platform = ? AND channel_id = ?)`,
    [platform, channelId, platform, channelId],
  );
  await tx.run(
    `INSERT INTO unsubscribed_posts (platform, channel_id, ${RECORD})
       SELECT s.platform, s.channel_id, p.day, p.status, p.claimed_at, p.done_at, p.attempts, p.error
       FROM posts p JOIN subscriptions s ON s.id = p.subscription_id
       WHERE s.platform = ? AND s.channel_id = ? ORDER BY p.day DESC LIMIT ${KEPT_DAYS}`,
    [platform, channelId],
  );
}

/** The channel's subscription `subscriptionId` takes over the records its removed predecessor left. */
export async function takeChannelPosts(
  db: SqlExecutor,
  subscriptionId: number,
  platform: Platform,
  channelId: string,
) {
  const channel = [platform, channelId];
  await db.run(
    `INSERT INTO posts (subscription_id, ${RECORD})
       SELECT ?, ${RECORD} FROM unsubscribed_posts WHERE platform = ? AND channel_id = ?
       ON CONFLICT (subscription_id, day) DO NOTHING`,
    [subscriptionId, ...channel],
  );
  await db.run("DELETE FROM unsubscribed_posts WHERE platform = ? AND channel_id = ?", channel);
}

/**
 * Within moveChannelRows' transaction: the records a removed subscription of the old chat set aside follow
 * it to its new id, unless the new chat has some of its own.
 */
export async function moveChannelPostsAside(tx: SqlExecutor, platform: Platform, from: string, to: string) {
  await tx.run(
    `UPDATE unsubscribed_posts SET channel_id = ? WHERE platform = ? AND channel_id = ?
       AND NOT EXISTS (SELECT 1 FROM unsubscribed_posts theirs WHERE theirs.platform = ? AND theirs.channel_id = ?)`,
    [to, platform, from, platform, to],
  );
}
