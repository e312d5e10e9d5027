import { addDays, localDay, scheduledInstant } from "./local-time.js";
import type { Subscription } from "./store-schema.js";

/** One subscription's post of one local day, and the instant it is scheduled for. */
export interface PostSlot {
  subscription: Subscription;
  /** Local day in the subscription's zone, "YYYY-MM-DD": the key a post is claimed under. */
  day: string;
  at: number;
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
 * Which posts are due at `now`: a pure function of the subscriptions, the (subscription, day) keys already
 * recorded in any status (see slotKey), the time and the grace window, so that cron, start-up and tests
 * all ask the same question. Paused subscriptions have no slots, and a slot scheduled before its
 * subscription was made is not owed. Looks back one day beyond the grace window, so a missed post of
 * yesterday is still reported after a day's downtime.
 */
export function timetable(
  subscriptions: readonly Subscription[],
  recorded: ReadonlySet<string>,
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
      if (at > now || at < subscription.createdAt || recorded.has(slotKey(subscription.id, day))) continue;
      (now - at <= windowMs ? due : missed).push({ subscription, day, at });
    }
  }
  const byTime = (a: PostSlot, b: PostSlot) => a.at - b.at || a.subscription.id - b.subscription.id;
  return { due: due.sort(byTime), missed: missed.sort(byTime) };
}

/** The earliest local day any slot of `timetable(…, now, graceMs)` can have, in any zone (UTC-12 to +14). */
export function earliestDay(now: number, graceMs: number): string {
  return new Date(now - dueWindowMs(graceMs) - 2 * DAY_MS).toISOString().slice(0, 10);
}
