import type { FleetAttempts } from "../fleet/attempts.js";
import type { FleetLock } from "../fleet/lock.js";
import { ABANDONED_CLAIM, slotKey } from "./due.js";
import type { SubscriptionStore } from "./store.js";

/**
 * Longest a day's post claim lives in Redis: past the day itself, its grace and any time-zone offset, no
 * replica wants that day's post any more, so the key may go.
 */
export const POST_CLAIM_MS = 3 * 86_400_000;

/**
 * The store with its post claims taken fleet-wide in Redis first, for replicas with REDIS_URL but no
 * DATABASE_URL. They write DATA_DIR/subscriptions.sqlite: replicas sharing one DATA_DIR volume share that
 * file (its UNIQUE rows would do alone), but replicas with a DATA_DIR each write a file each, where no row is
 * shared (and a /subscribe or /unsubscribe reaches one file only: the bots warn of it, store-split.ts). So
 * the Redis key is the day's record for the fleet, as a shared store's row would be: claimed, then done or
 * failed, or skipped. The key names the channel rather than the row id, since separate files number their
 * rows each; the local claim still follows, so the file keeps its record.
 *
 * Subscribing again reaches one replica's file only, so whether a failed or skipped day is owed another
 * chance (due.ts, `owed`) is asked of the Redis record, with the creation of the subscribing replica's
 * subscription: the day is taken again once, by whichever replica asks first, and a day one replica posted
 * is never posted by another that only finds it unrecorded (or missed) in its own file. A claim left by a
 * crash stays claimed: it may have been delivered.
 *
 * An alert's firing on one candle is claimed with the lock (SET NX).
 */
export function fleetClaimedStore(
  store: SubscriptionStore,
  fleet: { lock: Pick<FleetLock, "claim">; attempts: FleetAttempts },
): SubscriptionStore {
  const { lock, attempts } = fleet;
  const alerts = store.alerts;
  // The Redis key of each post this process claimed, until it is marked done or failed.
  const held = new Map<string, string>();
  const postOf = async (subscriptionId: number, day: string) => {
    const s = (await store.list()).find((s) => s.id === subscriptionId);
    return s && { key: `post|${s.platform}|${s.channelId}|${day}`, createdAt: s.createdAt };
  };
  const take = async (subscriptionId: number, day: string, now: number, local: () => Promise<boolean>) => {
    // A subscription removed meanwhile has no post to claim.
    const post = await postOf(subscriptionId, day);
    if (post === undefined || !(await attempts.claim(post.key, now, POST_CLAIM_MS, post.createdAt)))
      return false;
    if (!(await local())) return false;
    held.set(slotKey(subscriptionId, day), post.key);
    return true;
  };
  const settle = async (subscriptionId: number, day: string, outcome: "done" | "failed") => {
    const key = held.get(slotKey(subscriptionId, day));
    held.delete(slotKey(subscriptionId, day));
    // Redis away: the day stays claimed for the fleet, so it is not retried (at most once).
    if (key !== undefined) await attempts.settle(key, outcome).catch(() => false);
  };
  return {
    ...store,
    alerts: {
      ...alerts,
      // Named by channel and rule, not by row id (replicas with a file each number their rows each).
      async claim(id, asOf, now) {
        const alert = (await alerts.list()).find((a) => a.id === id);
        const what =
          alert === undefined
            ? `id-${id}`
            : `${alert.platform}|${alert.channelId}|${alert.symbol}|${JSON.stringify(alert.rule)}`;
        if (!(await lock.claim(`alert|${what}|${asOf}`, POST_CLAIM_MS))) return false;
        return alerts.claim(id, asOf, now);
      },
    },
    claim: (subscriptionId, day, now) =>
      take(subscriptionId, day, now, () => store.claim(subscriptionId, day, now)),
    reclaim: (record, now) => take(record.subscriptionId, record.day, now, () => store.reclaim(record, now)),
    async markDone(subscriptionId, day, now) {
      const marked = await store.markDone(subscriptionId, day, now);
      await settle(subscriptionId, day, "done");
      return marked;
    },
    async markFailed(subscriptionId, day, now, error) {
      const marked = await store.markFailed(subscriptionId, day, now, error);
      // Given up as abandoned: it may have gone out, so the fleet's record is left claimed.
      if (error === ABANDONED_CLAIM) held.delete(slotKey(subscriptionId, day));
      else await settle(subscriptionId, day, "failed");
      return marked;
    },
    // Skipped for the fleet only where no replica recorded an attempt: a day another one posted or claimed
    // is not missed, only unrecorded in this file.
    async skip(subscriptionId, day, now, reason) {
      const post = await postOf(subscriptionId, day);
      if (post === undefined || !(await attempts.skip(post.key, now, POST_CLAIM_MS))) return false;
      return store.skip(subscriptionId, day, now, reason);
    },
  };
}
