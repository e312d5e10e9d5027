import type { FleetLock } from "../fleet/lock.js";
import type { SubscriptionStore } from "./store.js";

/**
 * Longest a day's post claim lives in Redis: past the day itself, its grace and any time-zone offset, no
 * replica wants that day's post any more, so the key may go.
 */
export const POST_CLAIM_MS = 3 * 86_400_000;

/**
 * The store with its post claims taken fleet-wide in Redis first (SET NX with expiry), for replicas with
 * REDIS_URL but no DATABASE_URL: each keeps its own SQLite file, so no UNIQUE row is shared, and the
 * Redis key is what lets one replica post a day. The key names the channel rather than the row id, since
 * each replica's file numbers its rows itself; the local claim still follows, so the file keeps its record.
 * An alert's firing on one candle is claimed the same way.
 */
export function fleetClaimedStore(
  store: SubscriptionStore,
  lock: Pick<FleetLock, "claim">,
): SubscriptionStore {
  const alerts = store.alerts;
  const postKey = async (subscriptionId: number, day: string, retry = false) => {
    const subscription = (await store.list()).find((s) => s.id === subscriptionId);
    if (subscription === undefined) return `post|id-${subscriptionId}|${day}`;
    const key = `post|${subscription.platform}|${subscription.channelId}|${day}`;
    return retry ? `${key}|retry-${subscription.createdAt}` : key;
  };
  return {
    ...store,
    alerts: {
      ...alerts,
      // Named by channel and rule, not by row id (each replica's file numbers its own rows).
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
    async claim(subscriptionId, day, now) {
      if (!(await lock.claim(await postKey(subscriptionId, day), POST_CLAIM_MS))) return false;
      return store.claim(subscriptionId, day, now);
    },
    // A retry after subscribing again: its own key, named by the subscription's creation.
    async reclaim(record, now) {
      const key = await postKey(record.subscriptionId, record.day, true);
      if (!(await lock.claim(key, POST_CLAIM_MS))) return false;
      return store.reclaim(record, now);
    },
  };
}
