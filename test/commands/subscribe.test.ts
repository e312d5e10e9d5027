import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import type { Caller } from "../../commands/types.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { silentLogger } from "../../src/logger.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { createSubscriptions } from "../../src/schedule/subscriptions.js";
import { fakeCommandServices, handMadeForecast, MEMBER } from "../helpers/fake-command-services.js";

let dir: string;
let store: SubscriptionStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-subscribe-"));
  store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const ADMIN: Caller = { ...MEMBER, isAdmin: true };
const NOW = Date.UTC(2026, 5, 1, 12);

function dispatcher(onChange?: () => void, now: () => number = () => NOW, fakes = fakeCommandServices()) {
  const subscriptions = createSubscriptions({ store, logger: silentLogger(), now });
  if (onChange !== undefined) subscriptions.onChange(onChange);
  return createDispatcher({
    commands: COMMANDS,
    services: { ...fakes, subscriptions },
    logger: silentLogger(),
    rateLimit: { points: 100, seconds: 1 },
  });
}

const text = (reply: { title?: string; lines: string[] }) => [reply.title ?? "", ...reply.lines].join("\n");

describe("/subscribe, /unsubscribe, /subscriptions", () => {
  it("GIVEN no arguments THEN every configured coin at 1d, 08:00 UTC, and the scheduler is told", async () => {
    let changes = 0;
    const reply = await dispatcher(() => void changes++).dispatch("subscribe", [], ADMIN);
    expect(text(reply)).toMatch(
      /BTC\/USDT, ETH\/USDT, XRP\/USDT at 1d, every day at 08:00 UTC; next post 2026-06-02 08:00 UTC\./,
    );
    expect(changes).toBe(1);
    expect(await store.list()).toMatchObject([
      {
        platform: "telegram",
        channelId: "-100",
        horizon: "1d",
        time: "08:00",
        timeZone: "UTC",
        createdBy: "42",
      },
    ]);
  });

  it("GIVEN symbols, horizon, time and zone THEN they are resolved; subscribing again replaces the channel's one", async () => {
    const d = dispatcher();
    await d.dispatch("subscribe", ["btc,eth,BTCUSDT", "3d", "7:30", "europe/paris"], ADMIN);
    await d.dispatch("subscribe", { symbols: "xrp", time: "18:45", timezone: "America/New_York" }, ADMIN);
    const [only, ...rest] = await store.list();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      symbols: ["XRP/USDT"],
      horizon: "1d",
      time: "18:45",
      timeZone: "America/New_York",
    });
    const first = await dispatcher().dispatch(
      "subscribe",
      ["btc,eth,BTCUSDT", "3d", "7:30", "europe/paris"],
      ADMIN,
    );
    expect(text(first)).toMatch(
      /BTC\/USDT, ETH\/USDT at 3d, every day at 07:30 Europe\/Paris; next post 2026-06-02 07:30/,
    );
  });

  it("GIVEN an alias as the zone THEN the reply names it as typed; an abbreviation, the zone it runs on", async () => {
    const d = dispatcher();
    expect(text(await d.dispatch("subscribe", ["btc", "1d", "07:00", "bst"], ADMIN))).toMatch(
      /every day at 07:00 Asia\/Dhaka; next post 2026-06-0\d 07:00 Asia\/Dhaka\./,
    );
    expect(text(await d.dispatch("subscribe", ["btc", "1d", "07:00", "Asia/Kolkata"], ADMIN))).toMatch(
      /every day at 07:00 Asia\/Kolkata; next post 2026-06-0\d 07:00 Asia\/Kolkata\./,
    );
    expect(text(await d.dispatch("subscribe", ["btc", "1d", "07:00", "Asia/Kolkata"], ADMIN))).not.toContain(
      "Calcutta",
    );
  });

  it("GIVEN a bad time, a bad zone or an unknown coin THEN a clear answer and nothing stored", async () => {
    const d = dispatcher();
    expect(text(await d.dispatch("subscribe", ["btc", "1d", "25:00"], ADMIN))).toMatch(
      /"25:00" is not a time of day\. Use 24-hour HH:MM/,
    );
    expect(text(await d.dispatch("subscribe", ["btc", "1d", "08:00", "Europe/Pariss"], ADMIN))).toBe(
      '\nUnknown time zone "Europe/Pariss". Use an IANA name such as Europe/Paris or America/New_York.',
    );
    expect(text(await d.dispatch("subscribe", ["btc,dogee"], ADMIN))).toMatch(/DOGEE|dogee/i);
    expect(await store.list()).toEqual([]);
  });

  it("GIVEN a listed pair outside the configured ones THEN /subscribe takes it as /forecast does, and refuses what /forecast refuses", async () => {
    const fakes = fakeCommandServices({
      forecast: async (symbol, horizon) => {
        if (symbol.toLowerCase() !== "sol") return handMadeForecast(symbol, horizon);
        return { ...handMadeForecast("BTC", horizon), symbol: "SOL/USDT" };
      },
    });
    const d = dispatcher(undefined, undefined, fakes);
    expect(text(await d.dispatch("subscribe", ["btc,sol", "4h"], ADMIN))).toMatch(
      /BTC\/USDT, SOL\/USDT at 4h, every day at 08:00 UTC/,
    );
    expect(await store.list()).toMatchObject([{ symbols: ["BTC/USDT", "SOL/USDT"], horizon: "4h" }]);
    // Configured pairs are taken as they are; only SOL asked the core, at the subscription's horizon.
    expect(fakes.calls.forecast).toEqual([["sol", "4h", "command"]]);
    expect(text(await d.dispatch("subscribe", ["nope"], ADMIN))).toMatch(/I don't know the symbol "NOPE"/);
    expect(await store.list()).toMatchObject([{ symbols: ["BTC/USDT", "SOL/USDT"] }]);
  });

  it("GIVEN a member who is not an admin THEN the dispatcher refuses subscribe and unsubscribe, but lists", async () => {
    const d = dispatcher();
    expect(text(await d.dispatch("subscribe", [], MEMBER))).toBe("\nSorry, /subscribe is for admins only.");
    expect(text(await d.dispatch("unsubscribe", [], MEMBER))).toBe(
      "\nSorry, /unsubscribe is for admins only.",
    );
    expect(text(await d.dispatch("subscriptions", [], MEMBER))).toMatch(/This channel has no daily post/);
  });

  it("GIVEN subscriptions in two channels THEN a group lists its own, an admin in a DM lists all, unsubscribe stops one", async () => {
    const d = dispatcher();
    await d.dispatch("subscribe", ["btc"], ADMIN);
    await d.dispatch("subscribe", ["eth", "1d", "09:00"], { ...ADMIN, channelId: "-300" });
    const here = await d.dispatch("subscriptions", [], MEMBER);
    expect(here.lines).toEqual(["BTC/USDT at 1d, every day at 08:00 UTC; next post 2026-06-02 08:00 UTC."]);
    const all = await d.dispatch("subscriptions", [], { ...ADMIN, channelKind: "direct", channelId: "42" });
    expect(all.title).toBe("Daily posts: 2 channels");
    expect(all.lines).toEqual([
      expect.stringMatching(/^telegram -100: BTC\/USDT/),
      "telegram -300: ETH/USDT at 1d, every day at 09:00 UTC; next post 2026-06-02 09:00 UTC.",
    ]);
    expect(text(await d.dispatch("unsubscribe", [], ADMIN))).toMatch(
      /Unsubscribed: no more daily posts here/,
    );
    expect(text(await d.dispatch("unsubscribe", [], ADMIN))).toMatch(/Nothing to stop/);
    expect((await store.list()).map((s) => s.channelId)).toEqual(["-300"]);
  });

  it("GIVEN the console's subscription in every channel's list THEN it is named once: console, not console console", async () => {
    const d = dispatcher();
    const console = { ...ADMIN, platform: "console", channelId: "console", channelKind: "direct" } as const;
    await d.dispatch("subscribe", ["btc"], console);
    expect((await d.dispatch("subscriptions", [], console)).lines).toEqual([
      expect.stringMatching(/^console: BTC\/USDT at 1d/),
    ]);
  });

  it("GIVEN the clock moves on THEN /subscriptions counts the next post from it, and a paused one says why", async () => {
    let now = NOW;
    const d = dispatcher(undefined, () => now);
    await d.dispatch("subscribe", ["btc", "1d", "08:00", "Europe/Berlin"], ADMIN);
    await d.dispatch("subscribe", ["eth"], { ...ADMIN, channelId: "-300" });
    // 08:00 Berlin on 2 June is 06:00 UTC: a minute before it, then a minute after.
    now = Date.UTC(2026, 5, 2, 5, 59);
    expect((await d.dispatch("subscriptions", [], MEMBER)).lines).toEqual([
      "BTC/USDT at 1d, every day at 08:00 Europe/Berlin; next post 2026-06-02 08:00 Europe/Berlin.",
    ]);
    now = Date.UTC(2026, 5, 2, 6, 1);
    expect((await d.dispatch("subscriptions", [], MEMBER)).lines).toEqual([
      "BTC/USDT at 1d, every day at 08:00 Europe/Berlin; next post 2026-06-03 08:00 Europe/Berlin.",
    ]);
    const [, eth] = await store.list();
    await store.pause(eth?.id ?? 0, Date.UTC(2026, 5, 2, 8, 0), platformSaid("Forbidden: bot was kicked"));
    expect((await d.dispatch("subscriptions", [], { ...MEMBER, channelId: "-300" })).lines).toEqual([
      "ETH/USDT at 1d, every day at 08:00 UTC; paused since 2026-06-02 08:00 UTC: the channel refused posts: “Forbidden: bot was kicked”.",
    ]);
  });

  it("GIVEN a restart THEN the subscriptions are still there", async () => {
    await dispatcher().dispatch("subscribe", ["btc", "1d", "06:00", "Asia/Tokyo"], ADMIN);
    await store.close();
    store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
    const reply = await dispatcher().dispatch("subscriptions", [], MEMBER);
    expect(reply.lines).toEqual([expect.stringMatching(/^BTC\/USDT at 1d, every day at 06:00 Asia\/Tokyo/)]);
  });

  it("GIVEN a run without subscriptions (a fake without the service) THEN the commands say so", async () => {
    const d = createDispatcher({
      commands: COMMANDS,
      services: fakeCommandServices(),
      logger: silentLogger(),
      rateLimit: { points: 100, seconds: 1 },
    });
    expect(text(await d.dispatch("subscriptions", [], MEMBER))).toMatch(/Daily posts are not available here/);
  });
});
