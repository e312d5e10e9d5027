import type { Logger } from "../logger.js";
import { nextPostAt } from "./due.js";
import type { NewSubscription, Subscription, SubscriptionStore } from "./store.js";
import type { Platform } from "./target.js";

/** What chat commands do with subscriptions; the scheduler listens for changes to reschedule. */
export interface Subscriptions {
  /** Stores it, replacing the channel's previous one (and clearing a pause). */
  subscribe(subscription: NewSubscription): Promise<Subscription>;
  /** Resolves whether the channel had one. */
  unsubscribe(platform: Platform, channelId: string): Promise<boolean>;
  list(filter?: { platform?: Platform; channelId?: string }): Promise<Subscription[]>;
  /**
   * When its next post goes out, counted from `from`: the scheduler's own rule over the posts recorded, so a
   * day already posted is not promised again.
   */
  nextPost(subscription: Subscription, from: number): Promise<number>;
  /** The clock subscriptions are stamped with, so that "next post" answers count from the same time. */
  now(): number;
  /** Called after every change; a listener that fails is logged, the change stands. */
  onChange(listener: () => Promise<void> | void): void;
}

export function createSubscriptions(options: {
  store: SubscriptionStore;
  logger: Logger;
  now?: () => number;
}): Subscriptions {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const listeners: (() => Promise<void> | void)[] = [];
  const changed = async () => {
    for (const listener of listeners) {
      try {
        await listener();
      } catch (error) {
        logger.error({ err: error }, "subscriptions changed, but a listener failed");
      }
    }
  };
  return {
    async subscribe(subscription) {
      const stored = await store.upsert(subscription, now());
      logger.info(
        {
          platform: stored.platform,
          channelId: stored.channelId,
          time: stored.time,
          timeZone: stored.timeZone,
        },
        "subscribed",
      );
      await changed();
      return stored;
    },
    async unsubscribe(platform, channelId) {
      const removed = await store.remove(platform, channelId);
      if (removed) {
        logger.info({ platform, channelId }, "unsubscribed");
        await changed();
      }
      return removed;
    },
    list: (filter) => store.list(filter),
    async nextPost(subscription, from) {
      // From two days back in UTC: the subscription's local today in any zone, whatever it was before.
      const since = new Date(from - 2 * 86_400_000).toISOString().slice(0, 10);
      return nextPostAt(subscription, await store.postsSince(since), from);
    },
    now,
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
