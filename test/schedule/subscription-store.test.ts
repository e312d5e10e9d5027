import { expect, it } from "vitest";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { subscriptionMigrations } from "../../src/schedule/store-schema.js";
import { onEachSubscriptionStore, PARIS } from "../helpers/subscription-stores.js";

const CHANNEL = { platform: "telegram" as const, channelId: "-100", createdBy: "1" };

/** Subscriptions, post claims and the alert store's own rules, on both drivers (the alert service: alerts.test.ts). */
onEachSubscriptionStore("the subscription store", ({ openStore, backend }) => {
  it("GIVEN a channel subscribed twice THEN the second replaces the first in place, clearing its pause", async () => {
    const store = await openStore();
    const first = await store.upsert(PARIS, 1000);
    await store.pause(first.id, 1500, platformSaid("channel gone"));
    expect((await store.list())[0]).toMatchObject({
      pausedAt: 1500,
      pauseReason: platformSaid("channel gone"),
    });
    const second = await store.upsert({ ...PARIS, symbols: ["SOL/USDT"], time: "18:30" }, 2000);
    expect(second).toEqual({
      ...PARIS,
      id: first.id,
      symbols: ["SOL/USDT"],
      time: "18:30",
      createdAt: 2000,
      pausedAt: null,
      pauseReason: null,
    });
    expect(await store.list()).toEqual([second]);
  });

  it("GIVEN the subscriber's language THEN it is kept, replaced by a resubscription, and so is an alert's", async () => {
    const store = await openStore();
    await store.upsert({ ...PARIS, locale: "pt-BR" }, 1);
    expect((await store.list())[0]?.locale).toBe("pt-BR");
    await store.upsert({ ...PARIS, locale: "de" }, 2);
    expect((await store.list())[0]?.locale).toBe("de");
    // Resubscribed by someone whose platform names no language: English from then on.
    await store.upsert(PARIS, 3);
    expect((await store.list())[0]).not.toHaveProperty("locale");
    const state = { armed: true, checkedAsOf: null, band: null };
    const rule = { kind: "band" as const };
    await store.alerts.add({ ...CHANNEL, symbol: "BTC/USDT", rule, locale: "es-ES" }, state, 1, 20);
    await store.alerts.add({ ...CHANNEL, symbol: "ETH/USDT", rule }, state, 2, 20);
    expect((await store.alerts.list()).map((a) => a.locale)).toEqual(["es-ES", undefined]);
  });

  it("GIVEN subscriptions on two platforms THEN list filters by platform and channel, in creation order, and remove says whether there was one", async () => {
    const store = await openStore();
    const a = await store.upsert(PARIS, 1);
    const b = await store.upsert({ ...PARIS, platform: "telegram", channelId: "-100" }, 2);
    const c = await store.upsert({ ...PARIS, channelId: "43" }, 3);
    expect((await store.list()).map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    expect((await store.list({ platform: "discord" })).map((s) => s.id)).toEqual([a.id, c.id]);
    expect((await store.list({ platform: "discord", channelId: "43" })).map((s) => s.id)).toEqual([c.id]);
    expect(await store.remove("discord", "42")).toBe(true);
    expect(await store.remove("discord", "42")).toBe(false);
    expect(await store.list({ channelId: "42" })).toEqual([]);
  });

  it("GIVEN a subscription and an alert removed after their posts THEN their claims go with them: the next ones, whatever id they are given, post that day", async () => {
    const store = await openStore();
    const gone = await store.upsert(PARIS, 1);
    expect(await store.claim(gone.id, "2026-06-01", 100)).toBe(true);
    await store.markDone(gone.id, "2026-06-01", 110);
    expect(await store.remove(PARIS.platform, PARIS.channelId)).toBe(true);
    expect(await store.postsSince("2026-06-01")).toEqual([]);
    const next = await store.upsert({ ...PARIS, channelId: "43" }, 120);
    expect(await store.claim(next.id, "2026-06-01", 130)).toBe(true);

    const state = { armed: true, checkedAsOf: null, band: null };
    const band = { ...CHANNEL, symbol: "BTC/USDT", rule: { kind: "band" as const } };
    const first = (await store.alerts.add(band, state, 1, 20))?.alert.id ?? -1;
    expect(await store.alerts.claim(first, 10, 11)).toBe(true);
    expect(await store.alerts.remove(CHANNEL.platform, CHANNEL.channelId, first)).toBe(true);
    const second = (await store.alerts.add({ ...band, symbol: "ETH/USDT" }, state, 2, 20))?.alert.id ?? -1;
    expect(await store.alerts.claim(second, 10, 12)).toBe(true);
  });

  it("GIVEN a store holding claims and firings of removed subscriptions and alerts THEN opening it drops them", async () => {
    const old = await backend.open();
    await old.migrate("subscriptions", (dialect) => subscriptionMigrations(dialect).slice(0, 4));
    await old.run(
      "INSERT INTO posts (subscription_id, day, status, claimed_at) VALUES (7, '2026-06-01', 'done', 1)",
    );
    await old.run(
      "INSERT INTO alert_firings (alert_id, as_of, status, claimed_at) VALUES (7, 10, 'done', 11)",
    );
    await old.close();

    const store = await openStore();
    expect(await store.postsSince("2026-06-01")).toEqual([]);
    expect(await store.claim(7, "2026-06-01", 2)).toBe(true);
    expect(await store.alerts.claim(7, 10, 12)).toBe(true);
  });

  it("GIVEN a group that became a supergroup THEN its subscription and alerts move to the new id, claims and firings along, and moving again changes nothing", async () => {
    const store = await openStore();
    const group = { ...PARIS, platform: "telegram" as const, channelId: "-4001" };
    const sub = await store.upsert(group, 1);
    const other = await store.upsert({ ...group, channelId: "-200" }, 2);
    expect(await store.claim(sub.id, "2026-06-01", 100)).toBe(true);
    const state = { armed: true, checkedAsOf: null, band: null };
    const band = { ...CHANNEL, channelId: "-4001", symbol: "BTC/USDT", rule: { kind: "band" as const } };
    const alert = (await store.alerts.add(band, state, 1, 20))?.alert.id ?? -1;
    expect(await store.alerts.claim(alert, 10, 11)).toBe(true);

    const moved = await store.moveChannel("telegram", "-4001", "-1001234567890");
    expect(moved).toEqual({ subscriptions: 1, alerts: 1, dropped: 0 });
    expect(await store.list({ channelId: "-4001" })).toEqual([]);
    expect(await store.list({ channelId: "-1001234567890" })).toEqual([
      { ...sub, channelId: "-1001234567890" },
    ]);
    expect((await store.alerts.list({ channelId: "-1001234567890" })).map((a) => a.id)).toEqual([alert]);
    // The claims came along: that day's post and that firing are still taken.
    expect(await store.claim(sub.id, "2026-06-01", 101)).toBe(false);
    expect(await store.alerts.claim(alert, 10, 12)).toBe(false);
    expect((await store.list({ channelId: "-200" }))[0]).toEqual(other);
    expect(await store.moveChannel("telegram", "-4001", "-1001234567890")).toEqual({
      subscriptions: 0,
      alerts: 0,
      dropped: 0,
    });
  });

  it("GIVEN the new chat holding a subscription and the same alert already THEN it keeps its own, the old chat's go with their claims, and no duplicate is left", async () => {
    const store = await openStore();
    const group = { ...PARIS, platform: "telegram" as const, channelId: "-4001" };
    const old = await store.upsert(group, 1);
    const theirs = await store.upsert({ ...group, channelId: "-100999", time: "18:00" }, 2);
    expect(await store.claim(old.id, "2026-06-01", 100)).toBe(true);
    const state = { armed: true, checkedAsOf: null, band: null };
    const rule = { kind: "band" as const };
    const at = (channelId: string, symbol: string) => ({ ...CHANNEL, channelId, symbol, rule });
    const same = (await store.alerts.add(at("-4001", "BTC/USDT"), state, 1, 20))?.alert.id ?? -1;
    const own = (await store.alerts.add(at("-4001", "ETH/USDT"), state, 2, 20))?.alert.id ?? -1;
    const kept = (await store.alerts.add(at("-100999", "BTC/USDT"), state, 3, 20))?.alert.id ?? -1;
    expect(await store.alerts.claim(same, 10, 11)).toBe(true);

    expect(await store.moveChannel("telegram", "-4001", "-100999")).toEqual({
      subscriptions: 0,
      alerts: 1,
      dropped: 2,
    });
    expect(await store.list({ platform: "telegram" })).toEqual([theirs]);
    expect(await store.postsSince("2026-01-01")).toEqual([]);
    const alerts = await store.alerts.list({ channelId: "-100999" });
    // In creation order: the old chat's ETH alert, added before the new chat's own BTC one.
    expect(alerts.map((a) => [a.id, a.symbol])).toEqual([
      [own, "ETH/USDT"],
      [kept, "BTC/USDT"],
    ]);
    expect(await store.alerts.list({ channelId: "-4001" })).toEqual([]);
  });

  it("GIVEN groups an older Coincast paused as moved to a supergroup THEN opening the store moves them there and resumes them, keeping what the supergroup held", async () => {
    const old = await backend.open();
    await old.migrate("subscriptions", (dialect) => subscriptionMigrations(dialect).slice(0, 5));
    const moved = (id: number) => `the group moved to chat -100${id} (a supergroup): subscribe again there`;
    const subscribe = (channelId: string, reason: string | null) =>
      old.run(
        `INSERT INTO subscriptions (platform, channel_id, symbols, horizon, time, timezone, created_by, created_at,
             paused_at, pause_reason) VALUES ('telegram', ?, 'BTC/USDT', '1d', '09:00', 'UTC', '1', 1, ?, ?)`,
        [channelId, reason === null ? null : 5, reason],
      );
    await subscribe("-41", moved(41));
    await subscribe("-42", moved(42));
    await subscribe("-10042", null);
    await subscribe("-43", "Forbidden: bot was kicked from the group chat");
    const alert = (channelId: string, kind: string, reason: string | null) =>
      old.run(
        `INSERT INTO alerts (platform, channel_id, symbol, kind, created_by, created_at, armed, paused_at, pause_reason)
           VALUES ('telegram', ?, 'BTC/USDT', ?, '1', 1, ?, ?, ?)`,
        [channelId, kind, true, reason === null ? null : 5, reason],
      );
    await alert("-42", "band", moved(42));
    await alert("-42", "volatility", moved(42));
    await alert("-10042", "band", null);
    await old.close();

    const store = await openStore();
    const subscriptions = await store.list();
    expect(subscriptions.map((s) => [s.channelId, s.pausedAt])).toEqual([
      ["-10041", null],
      ["-10042", null],
      ["-43", 5],
    ]);
    const alerts = await store.alerts.list();
    expect(alerts.map((a) => [a.channelId, a.rule.kind, a.pausedAt])).toEqual([
      ["-10042", "volatility", null],
      ["-10042", "band", null],
    ]);
  });

  it("GIVEN a symbol holding a comma THEN subscribing refuses it", async () => {
    const store = await openStore();
    await expect(store.upsert({ ...PARIS, symbols: ["BTC,USDT"] }, 1)).rejects.toThrow(/comma/);
  });

  it("GIVEN eight claims of one day at once from four connections THEN exactly one wins", async () => {
    const stores = await Promise.all([openStore(), openStore(), openStore(), openStore()]);
    const { id } = await (stores[0] as SubscriptionStore).upsert(PARIS, 1);
    const wins = await Promise.all([...stores, ...stores].map((store) => store.claim(id, "2026-06-01", 10)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await (stores[1] as SubscriptionStore).claim(id, "2026-06-02", 10)).toBe(true);
  });

  it("GIVEN a claim THEN it becomes done or failed once, a skipped day can not be claimed, and old claims are listed", async () => {
    const store = await openStore();
    const { id } = await store.upsert(PARIS, 1);
    expect(await store.claim(id, "2026-06-01", 100)).toBe(true);
    expect(await store.claim(id, "2026-06-02", 200)).toBe(true);
    expect((await store.claimsBefore(150)).map((p) => p.day)).toEqual(["2026-06-01"]);
    expect(await store.markDone(id, "2026-06-01", 110)).toBe(true);
    expect(await store.markDone(id, "2026-06-01", 120)).toBe(false);
    expect(await store.markFailed(id, "2026-06-02", 210, "429 Too Many Requests")).toBe(true);
    expect(await store.skip(id, "2026-06-03", 300, "the bot was down")).toBe(true);
    expect(await store.skip(id, "2026-06-03", 301, "again")).toBe(false);
    expect(await store.claim(id, "2026-06-03", 302)).toBe(false);
    expect(await store.claimsBefore(1000)).toEqual([]);
    expect(await store.postsSince("2026-06-02")).toEqual([
      {
        subscriptionId: id,
        day: "2026-06-02",
        status: "failed",
        claimedAt: 200,
        doneAt: 210,
        attempts: 1,
        error: "429 Too Many Requests",
      },
      {
        subscriptionId: id,
        day: "2026-06-03",
        status: "skipped",
        claimedAt: 300,
        doneAt: null,
        attempts: 0,
        error: "the bot was down",
      },
    ]);
  });

  it("GIVEN a failed and a skipped day retried after subscribing again THEN each is claimed again once, on the record as read", async () => {
    const store = await openStore();
    const { id } = await store.upsert(PARIS, 1);
    await store.claim(id, "2026-06-02", 200);
    await store.markFailed(id, "2026-06-02", 210, "Bad Gateway");
    await store.skip(id, "2026-06-03", 300, "the bot was down");
    const [failed, skipped] = await store.postsSince("2026-06-02");
    if (failed === undefined || skipped === undefined) throw new Error("the records were not stored");
    const claims = await Promise.all([store.reclaim(failed, 400), store.reclaim(failed, 401)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.reclaim(skipped, 500)).toBe(true);
    expect(await store.markDone(id, "2026-06-03", 510)).toBe(true);
    expect(await store.reclaim(skipped, 520)).toBe(false);
    expect(await store.postsSince("2026-06-02")).toMatchObject([
      { day: "2026-06-02", status: "claimed", attempts: 2, error: null, doneAt: null },
      { day: "2026-06-03", status: "done", claimedAt: 500, attempts: 1 },
    ]);
  });

  it("GIVEN a store closed and opened again THEN its subscriptions and posts are there", async () => {
    const first = await openStore();
    const { id } = await first.upsert(PARIS, 1);
    await first.claim(id, "2026-06-01", 100);
    const second = await openStore();
    expect((await second.list()).map((s) => s.id)).toEqual([id]);
    expect((await second.postsSince("2026-01-01")).map((p) => p.status)).toEqual(["claimed"]);
  });

  it("GIVEN identical band alerts (no level) at once through the store THEN the database keeps one, and another channel may hold the same", async () => {
    const store = await openStore();
    const state = { armed: true, checkedAsOf: null, band: null };
    const add = (channelId: string) =>
      store.alerts.add({ ...CHANNEL, channelId, symbol: "BTC/USDT", rule: { kind: "band" } }, state, 1, 20);
    const answers = await Promise.all([add("-100"), add("-100"), add("-100"), add("-200")]);
    expect(answers.map((a) => a?.created)).toEqual(expect.arrayContaining([true, false, false, true]));
    expect(new Set(answers.slice(0, 3).map((a) => a?.alert.id)).size).toBe(1);
    expect(await store.alerts.list()).toHaveLength(2);
  });

  it("GIVEN a store from before the unique rule holding duplicate alerts THEN opening it keeps the oldest of each, and its firings", async () => {
    const old = await backend.open();
    await old.migrate("subscriptions", (dialect) => subscriptionMigrations(dialect).slice(0, 2));
    const insert = (channelId: string, level: number | null, createdAt: number) =>
      old.run(
        `INSERT INTO alerts (platform, channel_id, symbol, kind, direction, level, created_by, created_at, armed)
           VALUES ('telegram', ?, 'BTC/USDT', ?, ?, ?, '1', ?, ?)`,
        [
          channelId,
          level === null ? "band" : "price",
          level === null ? null : "above",
          level,
          createdAt,
          true,
        ],
      );
    for (const [channelId, level, at] of [
      ["-100", 123_456, 1],
      ["-100", 123_456, 2],
      ["-100", null, 3],
      ["-100", null, 4],
      ["-100", 99, 5],
      ["-200", 123_456, 6],
    ] as const)
      await insert(channelId, level, at);
    await old.run(
      "INSERT INTO alert_firings (alert_id, as_of, status, claimed_at) VALUES (1, 10, 'done', 11)",
    );
    await old.run(
      "INSERT INTO alert_firings (alert_id, as_of, status, claimed_at) VALUES (2, 10, 'done', 11)",
    );
    await old.close();

    const store = await openStore();
    expect((await store.alerts.list()).map((a) => a.createdAt)).toEqual([1, 3, 5, 6]);
    // The dropped duplicate's firing went with it; the kept alert's stays (claiming it again is refused).
    expect(await store.alerts.claim(1, 10, 12)).toBe(false);
    expect(await store.alerts.claim(2, 10, 12)).toBe(true);
  });
});
