import { addDays, localDay, scheduledInstant } from "./local-time.js";
import type { PostRecord, Subscription } from "./store-schema.js";

/** One subscription's post of one local day, and the instant it is scheduled for. */
export interface PostSlot {
  subscription: Subscription;
  /** Local day in the subscription's zone, "YYYY-MM-DD": the key a post is claimed under. */
  day: string;
  at: number;
  /** The day's record from before the subscription was last made (failed or skipped), which this post retries. */
  retries?: PostRecord;
}

/** The error a claim left by a crash is marked failed with: it may have been delivered, so it is never retried. */
export const ABANDONED_CLAIM = "claimed but never marked done (crash?): possibly delivered, not resent";

/**
 * Whether the day's record leaves its post owed: none, or one written before the subscription was last made
 * that did not go out (failed or skipped; not one a crash may have delivered). Subscribing again for a later
 * hour the day a post went out (or is being sent) never posts that day twice; after a failed or skipped post
 * it gives the day another chance. The scheduler and the "next post" answer both ask this.
 */
function owed(subscription: Subscription, record: PostRecord | undefined): boolean {
  if (record === undefined) return true;
  if (record.status !== "failed" && record.status !== "skipped") return false;
  return record.claimedAt < subscription.createdAt && record.error !== ABANDONED_CLAIM;
}

export interface Timetable {
  /** Scheduled at or before `now`, at most `dueWindowMs(graceMs)` ago, not yet recorded: post now. */
  due: PostSlot[];
  /** Scheduled longer ago than that (the bot was down), not recorded: skip, and say so. */
  missed: PostSlot[];
}

const DAY_MS = 86_400_000;

/**
 * How late a trigger may run and still find a slot on time, whatever the grace: cron fires milliseconds
 * after the minute, a queued run or a slow store adds seconds. Grace (POST_GRACE_MINUTES) is for catching up
 * after downtime; a grace of 0 must not turn every punctual post into a missed one.
 */
const ON_TIME_MS = 2 * 60_000;

/** How long after its time a slot is still due: the grace window, but never less than ON_TIME_MS. */
const dueWindowMs = (graceMs: number): number => Math.max(graceMs, ON_TIME_MS);

export const slotKey = (subscriptionId: number, day: string): string => `${subscriptionId}|${day}`;

/**
 * Which posts are due at `now`: a pure function of the subscriptions, the posts already recorded, by
 * (subscription, day) key (see slotKey; a record blocks its day unless `owed` says otherwise), the time and the grace window, so that cron, start-up and tests
 * all ask the same question. Paused subscriptions have no slots, and a slot scheduled before its
 * subscription was made is not owed. Looks back one day beyond the grace window, so a missed post of
 * yesterday is still reported after a day's downtime.
 */
export function timetable(
  subscriptions: readonly Subscription[],
  recorded: ReadonlyMap<string, PostRecord>,
  now: number,
  graceMs: number,
): Timetable {
  const due: PostSlot[] = [];
  const missed: PostSlot[] = [];
  const windowMs = dueWindowMs(graceMs);
  for (const subscription of subscriptions) {
    if (subscription.pausedAt !== null) continue;
    const zone = subscription.timeZone;
    const last = localDay(now, zone);
    for (let day = localDay(now - windowMs - DAY_MS, zone); day <= last; day = addDays(day, 1)) {
      const at = scheduledInstant(day, subscription.time, zone);
      const record = recorded.get(slotKey(subscription.id, day));
      if (at > now || at < subscription.createdAt || !owed(subscription, record)) continue;
      const slot =
        record === undefined ? { subscription, day, at } : { subscription, day, at, retries: record };
      (now - at <= windowMs ? due : missed).push(slot);
    }
  }
  const byTime = (a: PostSlot, b: PostSlot) => a.at - b.at || a.subscription.id - b.subscription.id;
  return { due: due.sort(byTime), missed: missed.sort(byTime) };
}

/** The earliest local day any slot of `timetable(…, now, graceMs)` can have, in any zone (UTC-12 to +14). */
export function earliestDay(now: number, graceMs: number): string {
  return new Date(now - dueWindowMs(graceMs) - 2 * DAY_MS).toISOString().slice(0, 10);
}

/**
 * When the subscription's next post goes out, counted from `from`: its first scheduled instant at or after
 * `from` (and its creation) whose day `records` (its posts of those days) leave owed, as `timetable` will
 * find it. A day already posted is passed over, so moving a subscription to a later hour, or to a zone
 * behind, the day its post went out promises the day after.
 */
export function nextPostAt(subscription: Subscription, records: readonly PostRecord[], from: number): number {
  const { time, timeZone, createdAt } = subscription;
  const byDay = new Map(records.filter((r) => r.subscriptionId === subscription.id).map((r) => [r.day, r]));
  for (let day = localDay(from, timeZone); ; day = addDays(day, 1)) {
    const at = scheduledInstant(day, time, timeZone);
    if (at >= from && at >= createdAt && owed(subscription, byDay.get(day))) return at;
  }
}
