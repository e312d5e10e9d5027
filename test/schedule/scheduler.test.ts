import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../commands/types.js";
import { silentLogger } from "../../src/logger.js";
import type { PostSlot } from "../../src/schedule/due.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import { createPostScheduler, type SchedulerOptions } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { ChannelGoneError, type PostTarget } from "../../src/schedule/target.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { recordingTarget, subscription } from "../helpers/posts.js";

const MIN = 60_000;
const GRACE = 120 * MIN;
/** Noon UTC the day before the days most tests post on. */
const CREATED = Date.UTC(2026, 5, 1, 12);

let dir: string;
let file: string;
const stores: SubscriptionStore[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-schedule-"));
  file = join(dir, "subscriptions.sqlite");
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(): Promise<SubscriptionStore> {
  const store = await openSubscriptionStore({ file });
  stores.push(store);
  return store;
}

const sub = subscription;

function scheduler(store: SubscriptionStore, target: PostTarget, over: Partial<SchedulerOptions> = {}) {
  let now = 0;
  const compose = async (slot: PostSlot): Promise<Reply> => ({
    lines: [`${slot.subscription.channelId} ${slot.day}`],
  });
  const created = createPostScheduler({
    store,
    targets: { telegram: target, discord: target },
    compose,
    graceMs: GRACE,
    logger: silentLogger(),
    now: () => now,
    ...over,
  });
  return Object.assign(created, { setNow: (t: number) => (now = t) });
}

describe("the post scheduler", () => {
  it("GIVEN a restart before the time THEN nothing is posted early, and the post goes out once at the time", async () => {
    const store = await open();
    await store.upsert(sub(), Date.UTC(2026, 5, 1, 12));
    const { target, sent } = recordingTarget();
    const posts = scheduler(store, target);
    // 07:59 Berlin on 2 June is 05:59 UTC.
    expect(await posts.catchUp(Date.UTC(2026, 5, 2, 5, 59))).toEqual([]);
    expect(sent).toEqual([]);
    const at = Date.UTC(2026, 5, 2, 6, 0);
    posts.setNow(at);
    expect(await posts.runDue(at)).toEqual([{ subscriptionId: 1, day: "2026-06-02", status: "done" }]);
    expect(await posts.runDue(at + MIN)).toEqual([]);
    expect(sent.map((s) => s.reply.lines[0])).toEqual(["-100 2026-06-02"]);
    expect((await store.postsSince("2026-06-01"))[0]).toMatchObject({ status: "done", attempts: 1 });
  });

  it("GIVEN a restart 90 min after the time (grace 120) THEN it posts once on start-up", async () => {
    const store = await open();
    await store.upsert(sub(), Date.UTC(2026, 5, 1, 12));
    const { target, sent } = recordingTarget();
    const posts = scheduler(store, target);
    const now = Date.UTC(2026, 5, 2, 7, 30);
    expect(await posts.catchUp(now)).toEqual([{ subscriptionId: 1, day: "2026-06-02", status: "done" }]);
    expect(await posts.catchUp(now + MIN)).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it("GIVEN POST_GRACE_MINUTES=0 THEN the post cron fires a few ms after the minute still goes out, and a restart 3 min late skips it", async () => {
    const store = await open();
    await store.upsert(sub(), CREATED);
    await store.upsert(sub({ channelId: "-200" }), CREATED);
    const { target, sent } = recordingTarget();
    const posts = scheduler(store, target, { graceMs: 0 });
    // 08:00 Berlin is 06:00 UTC; node-cron fires 40 ms after the minute.
    const fired = Date.UTC(2026, 5, 2, 6, 0) + 40;
    expect(await posts.runDue(fired)).toEqual([
      { subscriptionId: 1, day: "2026-06-02", status: "done" },
      { subscriptionId: 2, day: "2026-06-02", status: "done" },
    ]);
    expect(sent).toHaveLength(2);
    // Grace 0 still means no catch-up after downtime: the next day, a start 3 minutes late skips.
    expect(await posts.catchUp(Date.UTC(2026, 5, 3, 6, 3))).toEqual([
      { subscriptionId: 1, day: "2026-06-03", status: "skipped" },
      { subscriptionId: 2, day: "2026-06-03", status: "skipped" },
    ]);
  });

  it("GIVEN a restart 3 hours after the time THEN it is skipped with a log line, once, and never sent", async () => {
    const store = await open();
    await store.upsert(sub(), Date.UTC(2026, 5, 1, 12));
    const { target, sent } = recordingTarget();
    const log = captureLogger();
    const posts = scheduler(store, target, { logger: log.logger });
    const now = Date.UTC(2026, 5, 2, 9, 0);
    expect(await posts.catchUp(now)).toEqual([{ subscriptionId: 1, day: "2026-06-02", status: "skipped" }]);
    expect(await posts.catchUp(now + MIN)).toEqual([]);
    expect(sent).toEqual([]);
    const skipped = log.lines.filter((l) => String(l.msg).startsWith("scheduled post skipped"));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ level: 40, day: "2026-06-02", lateMinutes: 180 });
    expect((await store.postsSince("2026-06-01"))[0]).toMatchObject({ status: "skipped" });
  });

  it("GIVEN Europe/Berlin at 02:30 THEN the spring-forward day posts at 03:00 CEST and the fall-back day once", async () => {
    const store = await open();
    await store.upsert(sub({ time: "02:30" }), Date.UTC(2026, 2, 28, 12));
    const { target, sent } = recordingTarget();
    const posts = scheduler(store, target);
    // Spring: 00:59 UTC is 01:59 CET, nothing; 01:00 UTC is 03:00 CEST, the post.
    expect(await posts.runDue(Date.UTC(2026, 2, 29, 0, 59))).toEqual([]);
    expect(await posts.runDue(Date.UTC(2026, 2, 29, 1, 0))).toMatchObject([
      { day: "2026-03-29", status: "done" },
    ]);
    // Subscribing again replaces it in place (same id, so March's record stays with it).
    await store.upsert(sub({ time: "02:30" }), Date.UTC(2026, 9, 24, 12));
    // Autumn: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): one post.
    expect(await posts.runDue(Date.UTC(2026, 9, 25, 0, 30))).toMatchObject([
      { day: "2026-10-25", status: "done" },
    ]);
    expect(await posts.runDue(Date.UTC(2026, 9, 25, 1, 30))).toEqual([]);
    expect(sent.map((s) => s.reply.lines[0])).toEqual(["-100 2026-03-29", "-100 2026-10-25"]);
  });

  it("GIVEN America/New_York at 08:00 THEN the posts follow the local clock across the DST change", async () => {
    const store = await open();
    await store.upsert(sub({ timeZone: "America/New_York" }), Date.UTC(2026, 2, 6, 18));
    const { target } = recordingTarget();
    const posts = scheduler(store, target);
    expect(await posts.runDue(Date.UTC(2026, 2, 7, 12, 59))).toEqual([]);
    expect(await posts.runDue(Date.UTC(2026, 2, 7, 13, 0))).toMatchObject([{ day: "2026-03-07" }]); // EST
    expect(await posts.runDue(Date.UTC(2026, 2, 8, 11, 59))).toEqual([]);
    expect(await posts.runDue(Date.UTC(2026, 2, 8, 12, 0))).toMatchObject([{ day: "2026-03-08" }]); // EDT
  });

  it("GIVEN due posts run twice at once and by two schedulers on the same file THEN each day is posted once", async () => {
    const first = await open();
    const second = await open();
    await first.upsert(sub(), CREATED);
    await first.upsert(sub({ channelId: "-200" }), CREATED);
    const { target, sent } = recordingTarget();
    const a = scheduler(first, target);
    const b = scheduler(second, target);
    const now = Date.UTC(2026, 5, 2, 6, 0);
    const outcomes = (await Promise.all([a.runDue(now), a.runDue(now), b.runDue(now), b.runDue(now)])).flat();
    expect(outcomes.filter((o) => o.status === "done")).toHaveLength(2);
    expect(sent.map((s) => s.channelId).sort()).toEqual(["-100", "-200"]);
  });

  it("GIVEN a claim left by a crash THEN it is never resent: left alone within the lease, then marked failed with a log line", async () => {
    const store = await open();
    const { id } = await store.upsert(sub(), CREATED);
    const at = Date.UTC(2026, 5, 2, 6, 0);
    // The crashed process claimed 08:00's post and died before marking it done.
    expect(await store.claim(id, "2026-06-02", at)).toBe(true);
    const { target, sent } = recordingTarget();
    const log = captureLogger();
    const posts = scheduler(store, target, { logger: log.logger });
    // Restart 5 minutes later, within the grace window and within the lease: another process may be sending.
    expect(await posts.catchUp(at + 5 * MIN)).toEqual([]);
    expect((await store.postsSince("2026-06-02"))[0]?.status).toBe("claimed");
    // Past the lease: given up, not resent.
    expect(await posts.runDue(at + 11 * MIN)).toEqual([
      { subscriptionId: id, day: "2026-06-02", status: "abandoned" },
    ]);
    expect(await posts.runDue(at + 12 * MIN)).toEqual([]);
    expect(sent).toEqual([]);
    expect((await store.postsSince("2026-06-02"))[0]).toMatchObject({ status: "failed" });
    expect(
      log
        .messages()
        .some((m) => /left claimed by a crash within the grace window: marked failed, not resent/.test(m)),
    ).toBe(true);
  });

  it("GIVEN a crash's claim older than the grace window at start-up THEN it is marked failed with a log line and not resent", async () => {
    const store = await open();
    const { id } = await store.upsert(sub(), CREATED);
    const at = Date.UTC(2026, 5, 2, 6, 0);
    await store.claim(id, "2026-06-02", at);
    const { target, sent } = recordingTarget();
    const log = captureLogger();
    const posts = scheduler(store, target, { logger: log.logger });
    expect(await posts.catchUp(at + 5 * 60 * MIN)).toEqual([
      { subscriptionId: id, day: "2026-06-02", status: "abandoned" },
    ]);
    expect(sent).toEqual([]);
    expect(log.messages().some((m) => /beyond the grace window: marked failed, not resent/.test(m))).toBe(
      true,
    );
  });

  it("GIVEN one channel gone and another failing THEN the first is paused, the second's post failed, the third posted", async () => {
    const store = await open();
    await store.upsert(sub({ channelId: "gone" }), CREATED);
    await store.upsert(sub({ channelId: "flaky" }), CREATED);
    await store.upsert(sub({ channelId: "fine" }), CREATED);
    const { target, sent } = recordingTarget({
      fail: (channelId) =>
        channelId === "gone"
          ? new ChannelGoneError(
              "telegram",
              channelId,
              platformSaid("Forbidden: bot was blocked by the user"),
            )
          : channelId === "flaky"
            ? new Error("socket hang up")
            : undefined,
    });
    const posts = scheduler(store, target);
    const now = Date.UTC(2026, 5, 2, 6, 0);
    expect((await posts.runDue(now)).map((o) => o.status)).toEqual(["paused", "failed", "done"]);
    expect(sent.map((s) => s.channelId)).toEqual(["fine"]);
    const [gone, flaky] = await store.list();
    expect(gone).toMatchObject({
      pausedAt: expect.any(Number),
      pauseReason: platformSaid("Forbidden: bot was blocked by the user"),
    });
    expect(flaky?.pausedAt).toBeNull();
    // Tomorrow: the paused one is left out, the flaky one tries again.
    expect((await posts.runDue(now + 24 * 60 * MIN)).map((o) => o.subscriptionId)).toEqual([2, 3]);
    // Subscribing again resumes it.
    await store.upsert(sub({ channelId: "gone" }), now);
    expect((await store.list())[0]?.pausedAt).toBeNull();
  });

  it("GIVEN a subscription made after today's time THEN today's post is not owed", async () => {
    const store = await open();
    await store.upsert(sub(), Date.UTC(2026, 5, 2, 6, 30));
    const { target, sent } = recordingTarget();
    expect(await scheduler(store, target).catchUp(Date.UTC(2026, 5, 2, 6, 31))).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("GIVEN subscriptions THEN one cron task per subscription at its local time in its zone, and the sweep", async () => {
    const store = await open();
    await store.upsert(sub({ time: "02:30" }), CREATED);
    await store.upsert(sub({ channelId: "-200", time: "08:15", timeZone: "America/New_York" }), CREATED);
    const { target } = recordingTarget();
    const posts = scheduler(store, target);
    await posts.reschedule();
    try {
      expect(posts.tasks.map((t) => [t.name, t.getPattern()])).toEqual([
        ["post-1", "30 2 * * *"],
        ["post-2", "15 8 * * *"],
        ["post-sweep", "*/15 * * * *"],
      ]);
      const next = posts.tasks[1]?.getNextRun();
      expect(
        next === null || next === undefined
          ? ""
          : new Intl.DateTimeFormat("en-GB", {
              timeZone: "America/New_York",
              hour: "2-digit",
              minute: "2-digit",
            }).format(next),
      ).toBe("08:15");
    } finally {
      await posts.stop();
    }
    expect(posts.tasks).toEqual([]);
  });

  it("GIVEN the store failing once during the start-up catch-up THEN it is logged and the cron tasks and sweep are scheduled anyway", async () => {
    const real = await open();
    await real.upsert(sub(), CREATED);
    let blip = true;
    const store: SubscriptionStore = {
      ...real,
      async postsSince(day) {
        if (!blip) return real.postsSince(day);
        blip = false;
        throw new Error("connection terminated unexpectedly");
      },
    };
    const log = captureLogger();
    const { target } = recordingTarget();
    const posts = scheduler(store, target, { logger: log.logger });
    try {
      await posts.start();
      expect(posts.tasks.map((t) => t.name)).toEqual(["post-1", "post-sweep"]);
      expect(log.messages()).toContain("scheduled posts: catch-up at start failed; scheduling anyway");
    } finally {
      await posts.stop();
    }
  });

  it("GIVEN a restart THEN subscriptions and their post record are still there", async () => {
    const store = await open();
    await store.upsert(sub({ symbols: ["BTC/USDT", "ETH/USDT"] }), CREATED);
    await store.claim(1, "2026-06-02", 5);
    await store.close();
    stores.splice(0);
    const again = await open();
    expect(await again.list()).toMatchObject([{ symbols: ["BTC/USDT", "ETH/USDT"], time: "08:00" }]);
    expect(await again.postsSince("2026-06-01")).toMatchObject([{ day: "2026-06-02", status: "claimed" }]);
  });
});
