import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Reply } from "../../commands/types.js";
import { createTelegramBot, startTelegram } from "../../src/chat/telegram.js";
import { telegramPostTarget } from "../../src/chat/telegram-post.js";
import { silentLogger } from "../../src/logger.js";
import { channelMoves } from "../../src/schedule/follow-move.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { FAKE_PNG } from "../helpers/fake-command-services.js";
import { type FakeTelegram, startFakeTelegram, TOO_MANY_REQUESTS } from "../helpers/fake-telegram.js";

let dir: string;
let store: SubscriptionStore;
let telegram: FakeTelegram;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-telegram-post-"));
  store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
  telegram = await startFakeTelegram();
});
afterEach(async () => {
  vi.useRealTimers();
  await telegram.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const CREATED = Date.UTC(2026, 5, 1, 12);
const AT = Date.UTC(2026, 5, 2, 8, 0);

const post = async (): Promise<Reply> => ({
  title: "Daily forecast, 1d ahead (2026-06-02)",
  lines: ["BTC/USDT: median 98,000 (+0.9%), 80% 94,000 to 101,000, P(up) 62%"],
  image: { png: FAKE_PNG, filename: "BTCUSDT-1d.png", description: "chart" },
});

/** The scheduler over a real grammY Api (auto-retry included) talking to the fake Bot API. */
function scheduler() {
  const { bot } = createTelegramBot({
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    dispatcher: { dispatch: async () => ({ lines: [] }) },
    commands: [],
    adminUserIds: [],
    logger: silentLogger(),
  });
  return createPostScheduler({
    store,
    targets: { telegram: telegramPostTarget(bot.api) },
    compose: post,
    graceMs: 120 * 60_000,
    logger: silentLogger(),
    now: () => AT,
  });
}

const subscribe = (channelId: string) =>
  store.upsert(
    {
      platform: "telegram",
      channelId,
      symbols: ["BTC/USDT"],
      horizon: "1d",
      time: "08:00",
      timeZone: "UTC",
      createdBy: "1",
    },
    CREATED,
  );

describe("scheduled posts to Telegram", () => {
  it('GIVEN a user who blocked the bot (403 "bot was blocked by the user") THEN that subscription is paused and the next chat still gets its post', async () => {
    const blocked = await subscribe("111");
    await subscribe("-200");
    telegram.fail("sendPhoto", {
      kind: "error",
      status: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    const outcomes = await scheduler().runDue(AT);
    expect(outcomes.map((o) => o.status)).toEqual(["paused", "done"]);
    const photos = telegram.callsTo("sendPhoto");
    expect(photos.map((c) => [c.params.chat_id, c.status])).toEqual([
      ["111", 403],
      ["-200", 200],
    ]);
    expect(photos[1]?.params.caption).toMatch(
      /^<b>Daily forecast, 1d ahead \(2026-06-02\)<\/b>\nBTC\/USDT: median/,
    );
    expect(photos[1]?.files[0]?.bytes).toEqual(FAKE_PNG);
    const [paused] = await store.list({ channelId: blocked.channelId });
    expect(paused).toMatchObject({ pauseReason: platformSaid("Forbidden: bot was blocked by the user") });
  });

  it("GIVEN Telegram answers 429 once (retry_after 1) THEN the post is retried and delivered once", async () => {
    await subscribe("-200");
    telegram.fail("sendPhoto", TOO_MANY_REQUESTS);
    const outcomes = await scheduler().runDue(AT);
    expect(outcomes.map((o) => o.status)).toEqual(["done"]);
    expect(telegram.callsTo("sendPhoto").map((c) => c.status)).toEqual([429, 200]);
    expect((await store.postsSince("2026-06-02"))[0]).toMatchObject({ status: "done" });
  });

  it("GIVEN a group upgraded to a supergroup (400 with migrate_to_chat_id) THEN its subscription moves to the new chat id and the post goes out there", async () => {
    const group = await subscribe("-4001");
    telegram.upgradeGroup(-4001, -1_001_234_567_890);
    // Before: paused, "subscribe again there", and no post.
    expect((await scheduler().runDue(AT)).map((o) => o.status)).toEqual(["done"]);
    expect(telegram.callsTo("sendPhoto").map((c) => [c.params.chat_id, c.status])).toEqual([
      ["-4001", 400],
      ["-1001234567890", 200],
    ]);
    expect(await store.list()).toEqual([{ ...group, channelId: "-1001234567890" }]);
    expect((await store.postsSince("2026-06-02")).map((p) => [p.subscriptionId, p.status])).toEqual([
      [group.id, "done"],
    ]);
  });

  it("GIVEN the supergroup subscribed already THEN it keeps its own subscription, the group's goes, and the supergroup gets one post", async () => {
    await subscribe("-4001");
    const theirs = await subscribe("-1001234567890");
    telegram.upgradeGroup(-4001, -1_001_234_567_890);
    expect((await scheduler().runDue(AT)).map((o) => o.status)).toEqual(["merged", "done"]);
    expect(telegram.callsTo("sendPhoto").map((c) => [c.params.chat_id, c.status])).toEqual([
      ["-4001", 400],
      ["-1001234567890", 200],
    ]);
    expect(await store.list()).toEqual([theirs]);
  });

  it("GIVEN Telegram's service message of a group upgraded to a supergroup THEN the bot moves the group's subscription and alerts at once", async () => {
    const group = await subscribe("-4001");
    const state = { armed: true, checkedAsOf: null, band: null };
    const band = { platform: "telegram" as const, channelId: "-4001", symbol: "BTC/USDT", createdBy: "1" };
    await store.alerts.add({ ...band, rule: { kind: "band" } }, state, CREATED, 20);
    const moves: [string, string][] = [];
    let bothSeen: () => void = () => {};
    const seen = new Promise<void>((resolve) => {
      bothSeen = resolve;
    });
    const follow = channelMoves(store, silentLogger());
    const handle = await startTelegram({
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      dispatcher: { dispatch: async () => ({ lines: [] }) },
      commands: [],
      adminUserIds: [],
      logger: silentLogger(),
      onChatMoved: async (from, to) => {
        const moved = await follow("telegram", from, to);
        moves.push([from, to]);
        if (moves.length === 2) bothSeen();
        return moved;
      },
    });
    try {
      telegram.upgradeGroup(-4001, -1_001_234_567_890);
      await seen;
    } finally {
      await handle.stop();
    }
    // Both service messages (in the old chat and in the new one) name the same move; the second finds it done.
    expect(moves).toEqual([
      ["-4001", "-1001234567890"],
      ["-4001", "-1001234567890"],
    ]);
    expect(await store.list()).toEqual([{ ...group, channelId: "-1001234567890" }]);
    expect((await store.alerts.list()).map((a) => a.channelId)).toEqual(["-1001234567890"]);
  });

  it('GIVEN "not enough rights to send text messages" (a group that muted the bot) THEN that subscription is paused', async () => {
    await subscribe("-300");
    telegram.fail("sendPhoto", {
      kind: "error",
      status: 400,
      description: "Bad Request: not enough rights to send text messages to the chat",
    });
    expect((await scheduler().runDue(AT)).map((o) => o.status)).toEqual(["paused"]);
  });

  it("GIVEN a 429 asking for 90 s (over a command reply's 60 s) THEN the post waits it out and is delivered", async () => {
    await subscribe("-200");
    telegram.fail("sendPhoto", {
      ...TOO_MANY_REQUESTS,
      description: "Too Many Requests: retry after 90",
      retryAfter: 90,
    });
    // Only auto-retry's pause (a global setTimeout) is faked; the HTTP round trips run in real time.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const running = scheduler().runDue(AT);
    for (let waited = 0; telegram.callsTo("sendPhoto").length < 2 && waited < 120; waited += 10) {
      await sleep(20);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    // Before: 90 s > maxDelaySeconds 60, so auto-retry gave up at once and that day's post failed.
    expect((await running).map((o) => o.status)).toEqual(["done"]);
    expect(telegram.callsTo("sendPhoto").map((c) => c.status)).toEqual([429, 200]);
  });
});
