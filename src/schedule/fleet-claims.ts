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
 */
export function fleetClaimedStore(
  store: SubscriptionStore,
  lock: Pick<FleetLock, "claim">,
): SubscriptionStore {
  return {
    ...store,
    async claim(subscriptionId, day, now) {
      const subscription = (await store.list()).find((s) => s.id === subscriptionId);
      const channel =
        subscription === undefined
          ? `id-${subscriptionId}`
          : `${subscription.platform}|${subscription.channelId}`;
      if (!(await lock.claim(`post|${channel}|${day}`, POST_CLAIM_MS))) return false;
      return store.claim(subscriptionId, day, now);
    },
  };
}
