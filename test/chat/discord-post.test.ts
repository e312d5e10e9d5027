import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildPost } from "../../commands/daily-post.js";
import { type DiscordAdapter, startDiscord } from "../../src/chat/discord.js";
import { discordPostTarget } from "../../src/chat/discord-post.js";
import { silentLogger } from "../../src/logger.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { ChannelGoneError } from "../../src/schedule/target.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { FAKE_PNG, fakeCommandServices } from "../helpers/fake-command-services.js";
import {
  type ChannelRefusal,
  type FakeDiscord,
  MISSING_ACCESS,
  type RecordedRequest,
  startFakeDiscord,
  UNKNOWN_CHANNEL,
} from "../helpers/fake-discord.js";

const TOKEN = "MTIz.fake-bot-token.for-tests-only";
const CREATED = Date.UTC(2026, 5, 1, 12);
/** 08:00 UTC on 2 June: the subscriptions' time. */
const AT = Date.UTC(2026, 5, 2, 8, 0);
const MISSING_PERMISSIONS: ChannelRefusal = { status: 403, message: "Missing Permissions", code: 50013 };

let dir: string;
let store: SubscriptionStore;
let discord: FakeDiscord;
let adapter: DiscordAdapter;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-discord-post-"));
  store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
  discord = await startFakeDiscord({ token: TOKEN });
  adapter = await startDiscord({
    token: TOKEN,
    apiUrl: discord.apiUrl,
    dispatcher: { dispatch: async () => ({ lines: [] }) },
    specs: [],
    symbols: [],
    logger: silentLogger(),
  });
  // Registration happens on ready: once it is in, the client is fully up.
  await discord.waitForRequest((r) => r.method === "PUT");
});
afterEach(async () => {
  await adapter.stop();
  await discord.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const subscribe = (channelId: string, locale?: string) =>
  store.upsert(
    {
      ...(locale === undefined ? {} : { locale }),
      platform: "discord",
      channelId,
      symbols: ["BTC/USDT", "ETH/USDT"],
      horizon: "1d",
      time: "08:00",
      timeZone: "UTC",
      createdBy: "1",
    },
    CREATED,
  );

/** The real scheduler and post builder over the Discord adapter's target, a fake forecast core and clock. */
function scheduler(logger = silentLogger()) {
  const services = fakeCommandServices();
  return createPostScheduler({
    store,
    targets: { discord: adapter.post },
    compose: (slot) =>
      buildPost(
        { forecast: services.core.forecast, chart: services.core.chart, scored: async () => [] },
        slot,
        logger,
      ),
    graceMs: 120 * 60_000,
    logger,
    now: () => AT,
  });
}

const postsTo = (channelId: string) => (r: RecordedRequest) =>
  r.method === "POST" && r.path === `/channels/${channelId}/messages`;
// biome-ignore lint/suspicious/noExplicitAny: wire JSON, its shape is what the expectations check
const body = (r: RecordedRequest) => r.body as Record<string, any>;

describe("scheduled posts to Discord", () => {
  // The fake never sends GUILD_CREATE: the guild is not cached, as in a catch-up right after login.
  it("GIVEN a subscribed channel THEN the post arrives as a message with the embed, the chart attached and no mentions parsed", async () => {
    await subscribe(discord.channelId);
    expect(await scheduler().runDue(AT)).toEqual([{ subscriptionId: 1, day: "2026-06-02", status: "done" }]);

    const sent = discord.requests.filter(postsTo(discord.channelId));
    expect(sent).toHaveLength(1);
    const [message] = sent as [RecordedRequest];
    expect(message.authorized).toBe(true);
    expect(message.multipart).toBe(true);
    expect(body(message).allowed_mentions).toEqual({ parse: [] });
    expect(body(message).flags ?? 0).toBe(0);
    const [embed, ...more] = body(message).embeds;
    expect(more).toEqual([]);
    expect(embed?.title).toBe("Daily forecast, 1d ahead (2026-06-02)");
    expect(embed?.description).toMatch(
      /^BTC\/USDT: median [\d,]+ \(\+0\.9%\), 80% [\d,]+ to [\d,]+, P\(up\)/m,
    );
    expect(embed?.description).toMatch(/^ETH\/USDT: median /m);
    expect(embed?.footer?.text).toMatch(/\/unsubscribe stops these posts\.$/);
    expect(message.files).toHaveLength(1);
    const [file] = message.files;
    expect(embed?.image?.url).toBe(`attachment://${file?.name}`);
    expect(file?.name).toMatch(/\.png$/);
    expect(file?.data.equals(FAKE_PNG)).toBe(true);
    expect(body(message).attachments).toEqual([
      expect.objectContaining({ id: "0", description: expect.stringMatching(/^BTC\/USDT recent closes/) }),
    ]);
    expect((await store.postsSince("2026-06-02"))[0]).toMatchObject({ status: "done" });
  });

  it("GIVEN a channel subscribed from a German client THEN the post names /unsubscribe as that client lists it", async () => {
    await subscribe(discord.channelId, "de");
    await scheduler().runDue(AT);

    const [message] = discord.requests.filter(postsTo(discord.channelId));
    const [embed] = body(message as RecordedRequest).embeds;
    expect(embed?.title).toMatch(/^Tägliche Prognose/);
    expect(embed?.footer?.text).toMatch(/\/abbestellen beendet diese Beiträge\.$/);
    expect(embed?.footer?.text).not.toContain("/unsubscribe");
  });

  it.each([
    ["403 Missing Access on fetching the channel", MISSING_ACCESS, "GET" as const],
    ["404 Unknown Channel on fetching the channel", UNKNOWN_CHANNEL, "GET" as const],
    ["403 Missing Permissions on sending", MISSING_PERMISSIONS, "POST" as const],
  ])(
    "GIVEN a channel answering %s THEN that subscription is paused with a log line and the second channel still gets its post",
    async (_name, refusal, method) => {
      const second = discord.addChannel();
      const refused = await subscribe(discord.channelId);
      await subscribe(second);
      discord.failChannel(discord.channelId, refusal, method);
      const log = captureLogger();

      expect((await scheduler(log.logger).runDue(AT)).map((o) => o.status)).toEqual(["paused", "done"]);

      expect(discord.requests.filter(postsTo(second))).toHaveLength(1);
      expect(discord.requests.filter(postsTo(discord.channelId))).toHaveLength(method === "POST" ? 1 : 0);
      const [paused, active] = await store.list();
      expect(paused).toMatchObject({
        id: refused.id,
        pausedAt: AT,
        pauseReason: platformSaid(refusal.message),
      });
      expect(active?.pausedAt).toBeNull();
      expect(
        log.lines.filter((l) => l.msg === "channel can no longer be posted in: subscription paused"),
      ).toEqual([
        expect.objectContaining({
          level: 40,
          platform: "discord",
          channelId: discord.channelId,
          reason: refusal.message,
        }),
      ]);
      expect(await store.postsSince("2026-06-02")).toMatchObject([
        { subscriptionId: refused.id, status: "failed" },
        { status: "done" },
      ]);
      // Tomorrow the paused channel is left alone.
      expect(await scheduler().runDue(AT + 86_400_000)).toMatchObject([{ status: "done" }]);
    },
  );
});

describe("a channel Discord gives as not sendable", () => {
  it("GIVEN a channel id that fetches as nothing the bot can send in THEN the post is refused with Coincast's own reason, a code to translate", async () => {
    const client = { channels: { fetch: async () => null } } as unknown as Client;
    const refused = await discordPostTarget(client)
      .send("404", { lines: ["hello"] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChannelGoneError);
    expect((refused as ChannelGoneError).reason).toEqual({ code: "not-sendable" });
  });
});
