import cron, { type ScheduledTask } from "node-cron";
import type { Reply } from "../contracts/chat.js";
import type { Logger } from "../logger.js";
import { ABANDONED_CLAIM, earliestDay, type PostSlot, slotKey, timetable } from "./due.js";
import { channelMoves, sendFollowingMove } from "./follow-move.js";
import { pauseReasonText } from "./pause-reason.js";
import type { SubscriptionStore } from "./store.js";
import { isChannelGone, type Platform, type PostTarget } from "./target.js";

/**
 * Scheduled posts: each subscription's daily post, at its local time, exactly once or not at all.
 *
 * The rules, in the order they apply:
 * - **Claim, send, mark.** A post is claimed in the store (INSERT under UNIQUE (subscription, local day))
 *   before it is sent and marked done after; a second claim of the same day fails, so two triggers, two
 *   schedulers or two processes on the same file post it once.
 * - **A claim left by a crash** (claimed, never marked done or failed) is never resent: at most once. The
 *   post may have been delivered before the crash, and a duplicate is worse than a gap. Once the claim is
 *   older than `claimLeaseMs` (10 minutes, far beyond any send; younger claims may belong to another live
 *   process still sending) it is marked failed with a log line: "possibly delivered" whether it is older or
 *   younger than the grace window. Checked on start-up and at every sweep.
 * - **Grace.** A post whose time passed while the bot was down is sent on start-up when it is at most
 *   `graceMs` late; later than that it is recorded as skipped, with a log line, and not sent. A trigger on
 *   time is never skipped: a slot stays due for at least 2 minutes, whatever the grace (see due.ts).
 * - **DST.** The time is local wall-clock time. On a spring-forward day a time that does not exist posts at
 *   the first valid minute after it (02:30 in Europe/Berlin on the last Sunday of March posts at 03:00
 *   CEST); on a fall-back day a time that exists twice posts once, at the first occurrence.
 * - **Channel gone.** A ChannelGoneError pauses that subscription (until it is subscribed again); any other
 *   error marks that day's post failed. Either way the next subscription's post goes on.
 * - **Chat moved.** One that names the chat's new id (a Telegram group upgraded to a supergroup) moves the
 *   chat's subscription and alerts there, and the post goes there, under the same claim. When the new chat
 *   has a subscription of its own, that one stays and posts at its time; the old one goes (`merged`).
 *
 * Triggers: one node-cron task per subscription at its local time in its zone, for punctuality, and a sweep
 * every quarter hour (UTC). node-cron matches wall-clock fields, so it never fires for a time the clocks
 * skip; every DST transition falls on a quarter hour UTC, so the sweep fires at the first valid minute
 * after. Every trigger asks the same pure question (`timetable`); the claims make overlapping triggers
 * harmless.
 */
export interface PostScheduler {
  /** Posts every post due at `now` (default: the clock) and records what it missed. */
  runDue(now?: number): Promise<PostOutcome[]>;
  /** Start-up: the same as runDue, logged as a catch-up after downtime. */
  catchUp(now?: number): Promise<PostOutcome[]>;
  /** Catches up (a failure is logged), then schedules the cron tasks. */
  start(): Promise<void>;
  /** Rebuilds the cron tasks from the store (after subscriptions changed). */
  reschedule(): Promise<void>;
  /** The cron tasks now scheduled: one per subscription, then the sweep. */
  readonly tasks: readonly ScheduledTask[];
  stop(): Promise<void>;
}

export interface PostOutcome {
  subscriptionId: number;
  day: string;
  /**
   * `taken`: someone else claimed it first; `abandoned`: a crash's claim, marked failed, not resent;
   * `merged`: the chat moved to one with a subscription of its own, which posts instead.
   */
  status: "done" | "failed" | "paused" | "skipped" | "taken" | "abandoned" | "merged";
}

export interface SchedulerOptions {
  store: SubscriptionStore;
  /** Platforms without a target in this run (no token) keep their subscriptions, unposted. */
  targets: Partial<Record<Platform, PostTarget>>;
  /** Builds one post (see buildPost). */
  compose(slot: PostSlot): Promise<Reply>;
  graceMs: number;
  logger: Logger;
  now?: () => number;
  claimLeaseMs?: number;
}

export const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;
export const SWEEP_CRON = "*/15 * * * *";

export function createPostScheduler(options: SchedulerOptions): PostScheduler {
  const { store, targets, graceMs, logger } = options;
  const clock = options.now ?? Date.now;
  const leaseMs = options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  const tasks: ScheduledTask[] = [];
  const moves = channelMoves(store, logger);
  let stopped = false;
  // One run at a time in this process: a cron task and the sweep firing together queue up.
  let queue: Promise<unknown> = Promise.resolve();

  const giveUpAbandoned = async (now: number): Promise<PostOutcome[]> => {
    const outcomes: PostOutcome[] = [];
    for (const claim of await store.claimsBefore(now - leaseMs)) {
      const late = now - claim.claimedAt > graceMs;
      if (!(await store.markFailed(claim.subscriptionId, claim.day, clock(), ABANDONED_CLAIM))) continue;
      logger.warn(
        {
          subscriptionId: claim.subscriptionId,
          day: claim.day,
          claimedAt: new Date(claim.claimedAt).toISOString(),
        },
        `post left claimed by a crash ${late ? "beyond" : "within"} the grace window: marked failed, not resent (at most once; it may have been delivered)`,
      );
      outcomes.push({ subscriptionId: claim.subscriptionId, day: claim.day, status: "abandoned" });
    }
    return outcomes;
  };

  const post = async (slot: PostSlot): Promise<PostOutcome> => {
    const { subscription: s, day } = slot;
    const fields = { subscriptionId: s.id, platform: s.platform, channelId: s.channelId, day };
    const outcome = (status: PostOutcome["status"]): PostOutcome => ({ subscriptionId: s.id, day, status });
    const claimed =
      slot.retries === undefined
        ? await store.claim(s.id, day, clock())
        : await store.reclaim(slot.retries, clock());
    if (!claimed) return outcome("taken");
    try {
      const target = targets[s.platform];
      if (target === undefined) throw new Error(`no ${s.platform} adapter in this run`);
      const sent = await sendFollowingMove({
        target,
        moves,
        platform: s.platform,
        channelId: s.channelId,
        reply: await options.compose(slot),
        stillThere: async (to) =>
          (await store.list({ platform: s.platform, channelId: to })).some((kept) => kept.id === s.id),
      });
      if (!sent) {
        logger.info(fields, "chat moved to one with a subscription of its own: that one posts instead");
        return outcome("merged");
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await store.markFailed(s.id, day, clock(), message);
      if (isChannelGone(error)) {
        await store.pause(s.id, clock(), error.reason);
        logger.warn(
          { ...fields, reason: pauseReasonText(error.reason) },
          "channel can no longer be posted in: subscription paused",
        );
        return outcome("paused");
      }
      logger.error({ ...fields, err: error }, "scheduled post failed; it is not retried today");
      return outcome("failed");
    }
    if (await store.markDone(s.id, day, clock())) logger.info(fields, "scheduled post sent");
    else logger.warn(fields, "scheduled post sent after its claim was given up as abandoned");
    return outcome("done");
  };

  const run = async (now: number): Promise<PostOutcome[]> => {
    const outcomes = await giveUpAbandoned(now);
    const subscriptions = (await store.list()).filter((s) => targets[s.platform] !== undefined);
    const recorded = new Map(
      (await store.postsSince(earliestDay(now, graceMs))).map((p) => [slotKey(p.subscriptionId, p.day), p]),
    );
    const { due, missed } = timetable(subscriptions, recorded, now, graceMs);
    for (const { subscription: s, day, at } of missed) {
      const late = Math.round((now - at) / 60_000);
      const reason = `missed: the bot was down at ${new Date(at).toISOString()}, ${late} min ago, beyond the grace window`;
      if (!(await store.skip(s.id, day, clock(), reason))) continue;
      logger.warn(
        { subscriptionId: s.id, platform: s.platform, channelId: s.channelId, day, lateMinutes: late },
        "scheduled post skipped: its time passed while the bot was down, beyond the grace window",
      );
      outcomes.push({ subscriptionId: s.id, day, status: "skipped" });
    }
    for (const slot of due) outcomes.push(await post(slot));
    return outcomes;
  };

  const runDue = (now = clock()): Promise<PostOutcome[]> => {
    const result = queue.then(() => run(now));
    queue = result.catch(() => undefined);
    return result;
  };
  const trigger = (name: string) => async () => {
    try {
      await runDue();
    } catch (error) {
      logger.error({ err: error, task: name }, "scheduled posts: run failed");
    }
  };
  const unschedule = async () => {
    for (const task of tasks.splice(0)) await task.destroy();
  };

  const scheduler: PostScheduler = {
    runDue,
    catchUp: async (now = clock()) => {
      const outcomes = await runDue(now);
      if (outcomes.length > 0)
        logger.info({ outcomes: outcomes.length }, "scheduled posts: caught up at start");
      return outcomes;
    },
    async start() {
      // A catch-up that fails (the store, once) must not leave the day's posts unscheduled: the cron tasks
      // and the sweep run anyway, and the next sweep asks the same question again.
      try {
        await scheduler.catchUp();
      } catch (error) {
        logger.error({ err: error }, "scheduled posts: catch-up at start failed; scheduling anyway");
      }
      await scheduler.reschedule();
    },
    async reschedule() {
      await unschedule();
      const subscriptions = await store.list();
      // A reschedule that finishes after stop() must not leave tasks behind.
      if (stopped) return;
      for (const s of subscriptions) {
        if (targets[s.platform] === undefined) continue;
        const [hours, minutes] = s.time.split(":").map(Number);
        const name = `post-${s.id}`;
        tasks.push(
          cron.schedule(`${minutes} ${hours} * * *`, trigger(name), {
            name,
            timezone: s.timeZone,
            noOverlap: true,
          }),
        );
      }
      tasks.push(
        cron.schedule(SWEEP_CRON, trigger("post-sweep"), {
          name: "post-sweep",
          timezone: "UTC",
          noOverlap: true,
        }),
      );
    },
    get tasks() {
      return tasks;
    },
    async stop() {
      stopped = true;
      await unschedule();
      await queue;
    },
  };
  return scheduler;
}
