import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import type { Caller } from "../../commands/types.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { silentLogger } from "../../src/logger.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { createSubscriptions } from "../../src/schedule/subscriptions.js";
import { fakeCommandServices, MEMBER } from "../helpers/fake-command-services.js";
import { recordingTarget } from "../helpers/posts.js";

/** Subscribing again the day a post was recorded: what /subscribe promises is what the scheduler does. */
let dir: string;
let store: SubscriptionStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-resubscribe-"));
  store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const ADMIN: Caller = { ...MEMBER, isAdmin: true };
const hour = (h: number, day = 2) => Date.UTC(2026, 5, day, h);

function bot() {
  let now = hour(12, 1);
  const subscriptions = createSubscriptions({ store, logger: silentLogger(), now: () => now });
  const dispatcher = createDispatcher({
    commands: COMMANDS,
    services: { ...fakeCommandServices(), subscriptions },
    logger: silentLogger(),
    rateLimit: { points: 100, seconds: 1 },
  });
  const { target, sent } = recordingTarget();
  const posts = createPostScheduler({
    store,
    targets: { telegram: target },
    compose: async (slot) => ({ lines: [`${slot.day} ${slot.subscription.time}`] }),
    graceMs: 120 * 60_000,
    logger: silentLogger(),
    now: () => now,
  });
  return {
    sent,
    /** `/subscribe args` at `at`: the reply's "next post" line. */
    async subscribe(at: number, args: string[]) {
      now = at;
      return (await dispatcher.dispatch("subscribe", args, ADMIN)).lines[0] ?? "";
    },
    async unsubscribe(at: number) {
      now = at;
      return (await dispatcher.dispatch("unsubscribe", [], ADMIN)).lines[0] ?? "";
    },
    async run(at: number) {
      now = at;
      return (await posts.runDue(at)).map((o) => `${o.day} ${o.status}`);
    },
  };
}

describe("subscribing again the same day", () => {
  it("GIVEN today's post sent at 06:00 THEN a move to 10:00 promises tomorrow, and the scheduler posts tomorrow, once", async () => {
    const b = bot();
    await b.subscribe(hour(12, 1), ["btc", "1d", "06:00", "UTC"]);
    expect(await b.run(hour(6))).toEqual(["2026-06-02 done"]);
    expect(await b.subscribe(hour(7), ["btc", "1d", "10:00", "UTC"])).toMatch(
      /next post 2026-06-03 10:00 UTC/,
    );
    expect(await b.run(hour(10))).toEqual([]);
    expect(await b.run(hour(10, 3))).toEqual(["2026-06-03 done"]);
    expect(b.sent.map((s) => s.reply.lines[0])).toEqual(["2026-06-02 06:00", "2026-06-03 10:00"]);
  });

  it("GIVEN today's post sent at 06:00 THEN /unsubscribe and /subscribe at 10:00 promise tomorrow, and the scheduler posts tomorrow, once", async () => {
    const b = bot();
    await b.subscribe(hour(12, 1), ["btc", "1d", "06:00", "UTC"]);
    expect(await b.run(hour(6))).toEqual(["2026-06-02 done"]);
    expect(await b.unsubscribe(hour(7))).toMatch(/^Unsubscribed/);
    expect(await b.subscribe(hour(7), ["btc", "1d", "10:00", "UTC"])).toMatch(
      /next post 2026-06-03 10:00 UTC/,
    );
    expect(await b.run(hour(10))).toEqual([]);
    expect(await b.run(hour(10, 3))).toEqual(["2026-06-03 done"]);
    expect(b.sent.map((s) => s.reply.lines[0])).toEqual(["2026-06-02 06:00", "2026-06-03 10:00"]);
  });

  it("GIVEN today's post failed (or skipped) THEN a move to a later hour promises today, and it goes out today", async () => {
    const b = bot();
    const s = await store.upsert(subscriptionOf("06:00"), hour(12, 1));
    await store.claim(s.id, "2026-06-02", hour(6));
    await store.markFailed(s.id, "2026-06-02", hour(6), "Bad Gateway");
    expect(await b.subscribe(hour(7), ["btc", "1d", "10:00", "UTC"])).toMatch(
      /next post 2026-06-02 10:00 UTC/,
    );
    expect(await b.run(hour(10))).toEqual(["2026-06-02 done"]);
    // Once: a second trigger finds it claimed and done.
    expect(await b.run(hour(10) + 60_000)).toEqual([]);
    expect(await store.postsSince("2026-06-02")).toMatchObject([{ status: "done", attempts: 2 }]);

    // Now sent: a move to 13:00 does not post the day twice.
    expect(await b.subscribe(hour(12), ["btc", "1d", "13:00", "UTC"])).toMatch(/next post 2026-06-03 13:00/);
    expect(await b.run(hour(13))).toEqual([]);
  });

  it("GIVEN a crash's claim given up as possibly delivered THEN subscribing again does not resend it", async () => {
    const b = bot();
    const s = await store.upsert(subscriptionOf("06:00"), hour(12, 1));
    await store.claim(s.id, "2026-06-02", hour(6));
    // 06:00 claimed by a process that died; the run after the lease gives it up.
    expect(await b.run(hour(6) + 11 * 60_000)).toEqual(["2026-06-02 abandoned"]);
    expect(await b.subscribe(hour(7), ["btc", "1d", "10:00", "UTC"])).toMatch(/next post 2026-06-03 10:00/);
    expect(await b.run(hour(10))).toEqual([]);
  });

  it("GIVEN today's post sent in Tokyo THEN moving to a zone behind promises the day it posts, not the local day already posted", async () => {
    const b = bot();
    // 08:00 in Tokyo on 2 June is 23:00 UTC on 1 June.
    await b.subscribe(hour(12, 1), ["btc", "1d", "08:00", "Asia/Tokyo"]);
    expect(await b.run(hour(23, 1))).toEqual(["2026-06-02 done"]);
    // 2 June 01:00 UTC is 1 June 21:00 in New York: its 2 June 10:00 would be that local day again.
    expect(await b.subscribe(hour(1), ["btc", "1d", "10:00", "America/New_York"])).toMatch(
      /next post 2026-06-03 10:00/,
    );
    expect(await b.run(hour(14))).toEqual([]);
    expect(await b.run(hour(14, 3))).toEqual(["2026-06-03 done"]);
  });
});

function subscriptionOf(time: string) {
  return {
    platform: "telegram" as const,
    channelId: "-100",
    symbols: ["BTC/USDT"],
    horizon: "1d",
    time,
    timeZone: "UTC",
    createdBy: "42",
  };
}
