import { openSqliteDriver } from "../storage/sqlite-driver.js";
import type { AlertStore } from "./alert-schema.js";
import type { PostRecord, Subscription } from "./store-schema.js";
import { createSubscriptionStore } from "./subscription-store.js";
import type { Platform } from "./target.js";

export type { PostRecord, PostStatus, Subscription } from "./store-schema.js";

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

/** Opens (creating it and its folder if need be) the store in one SQLite file. */
export async function openSubscriptionStore(options: { file: string }): Promise<SubscriptionStore> {
  const driver = await openSqliteDriver(options.file);
  try {
    return await createSubscriptionStore(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
