import type { SqlDriver } from "../storage/sql-driver.js";
import { sameRuleAs } from "./alert-schema.js";
import { moveChannelPostsAside } from "./channel-posts.js";
import type { Platform } from "./target.js";

/** What moving a chat's subscription and alerts to its new id did (see {@link moveChannelRows}). */
export interface ChannelMove {
  /** The subscription (0 or 1) now at the new id, with its post claims. */
  subscriptions: number;
  /** Alerts now at the new id, with their firings. */
  alerts: number;
  /** Removed with their claims and firings: the new chat held the same subscription or alert already. */
  dropped: number;
}

/** The old chat's alerts whose rule (symbol, kind, direction, level) the new chat holds already. */
const HELD_THERE = `SELECT here.id FROM alerts here JOIN alerts there ON there.platform = here.platform
  AND ${sameRuleAs("there", "here")}
  WHERE here.platform = ? AND here.channel_id = ? AND there.channel_id = ?`;

/**
 * A chat that has a new id (a Telegram group upgraded to a supergroup): its subscription and alerts move to
 * `to` in one transaction, pauses and states as they were. Post claims and alert firings are keyed by the
 * row's id, so they move along. The new chat keeps what it holds already: when it has a subscription (or the
 * same alert) of its own, the old chat's one is removed with its claims rather than doubled. Moving a chat
 * again, or one that holds nothing, changes nothing.
 */
export function moveChannelRows(
  db: SqlDriver,
  platform: Platform,
  from: string,
  to: string,
): Promise<ChannelMove> {
  if (from === to) return Promise.resolve({ subscriptions: 0, alerts: 0, dropped: 0 });
  const old = [platform, from];
  return db.transaction(async (tx) => {
    // Adds to the new chat's alerts wait (alert-store.ts takes the same key), so its count stays one count.
    await tx.lock(`alerts|${platform}|${to}`);
    let dropped = 0;
    const theirs = await tx.get("SELECT id FROM subscriptions WHERE platform = ? AND channel_id = ?", [
      platform,
      to,
    ]);
    if (theirs !== undefined) {
      await tx.run(
        "DELETE FROM posts WHERE subscription_id IN (SELECT id FROM subscriptions WHERE platform = ? AND channel_id = ?)",
        old,
      );
      dropped += (await tx.run("DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?", old))
        .changes;
    }
    const subscriptions = (
      await tx.run("UPDATE subscriptions SET channel_id = ? WHERE platform = ? AND channel_id = ?", [
        to,
        ...old,
      ])
    ).changes;
    await moveChannelPostsAside(tx, platform, from, to);
    const held = [...old, to];
    await tx.run(`DELETE FROM alert_firings WHERE alert_id IN (${HELD_THERE})`, held);
    dropped += (await tx.run(`DELETE FROM alerts WHERE id IN (${HELD_THERE})`, held)).changes;
    const alerts = (
      await tx.run("UPDATE alerts SET channel_id = ? WHERE platform = ? AND channel_id = ?", [to, ...old])
    ).changes;
    return { subscriptions, alerts, dropped };
  });
}

/** How Coincast before moving chats paused a Telegram group upgraded to a supergroup (the id in the middle). */
const PAUSED_AS_MOVED = ["the group moved to chat ", " (a supergroup): subscribe again there"] as const;
const pausedAsMoved = (t: string) =>
  `${t}.platform = 'telegram' AND ${t}.pause_reason LIKE '${PAUSED_AS_MOVED.join("%")}'`;
const newIdOf = (t: string) =>
  `replace(replace(${t}.pause_reason, '${PAUSED_AS_MOVED[0]}', ''), '${PAUSED_AS_MOVED[1]}', '')`;
const OLD_COPIES = `SELECT here.id FROM alerts here JOIN alerts there ON there.platform = here.platform
  AND there.channel_id = ${newIdOf("here")} AND ${sameRuleAs("there", "here")}
  WHERE ${pausedAsMoved("here")}`;
const OLD_SUBSCRIPTIONS = `SELECT here.id FROM subscriptions here WHERE ${pausedAsMoved("here")} AND EXISTS
  (SELECT 1 FROM subscriptions there WHERE there.platform = here.platform AND there.channel_id = ${newIdOf("here")})`;

/**
 * Schema step 5 -> 6: what an older Coincast paused as "the group moved to chat X (a supergroup): subscribe
 * again there" moves to X and resumes, by the rule of moveChannelRows (what X holds already stays, the old
 * copy goes with its claims).
 */
export const MOVED_GROUPS_SQL = `
  DELETE FROM posts WHERE subscription_id IN (${OLD_SUBSCRIPTIONS});
  DELETE FROM subscriptions WHERE id IN (${OLD_SUBSCRIPTIONS});
  UPDATE subscriptions SET channel_id = ${newIdOf("subscriptions")}, paused_at = NULL, pause_reason = NULL
    WHERE ${pausedAsMoved("subscriptions")};
  DELETE FROM alert_firings WHERE alert_id IN (${OLD_COPIES});
  DELETE FROM alerts WHERE id IN (${OLD_COPIES});
  UPDATE alerts SET channel_id = ${newIdOf("alerts")}, paused_at = NULL, pause_reason = NULL
    WHERE ${pausedAsMoved("alerts")};`;
