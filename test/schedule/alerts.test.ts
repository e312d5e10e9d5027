import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AlertRule } from "../../src/schedule/alert-rules.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { ChannelGoneError } from "../../src/schedule/target.js";
import { alertBot, type Step, scriptedMarket } from "../helpers/scripted-alert-market.js";
import { sqlBackends } from "../helpers/sql-backends.js";

const CHANNEL = { platform: "telegram" as const, channelId: "-100", createdBy: "1" };

describe.each(sqlBackends())("alerts in $name", (backend) => {
  describe.skipIf(!backend.available)(`${backend.name} store`, () => {
    beforeEach(() => backend.setUp());
    afterEach(() => backend.tearDown());
    /** The store over the back-end's data; opened again, a restart. */
    const openStore = async () => createSubscriptionStore(await backend.open());

    /** A bot over one store: the alert service, the checker and what it sent. */
    async function bot(
      market: ReturnType<typeof scriptedMarket>,
      options: { store?: SubscriptionStore; fail?: (channelId: string) => Error | undefined } = {},
    ) {
      return alertBot(options.store ?? (await openStore()), market, options.fail);
    }

    /** Sets one alert at step 0, then checks steps 1.. and returns the steps at which it fired. */
    async function firings(symbol: string, rule: AlertRule, steps: readonly Step[]): Promise<number[]> {
      const market = scriptedMarket({ [symbol]: steps });
      const { alerts, checker, sent } = await bot(market);
      await alerts.add({ ...CHANNEL, symbol, rule });
      const fired: number[] = [];
      for (let i = 1; i < steps.length; i++) {
        market.at(i);
        const before = sent.length;
        await checker.run();
        // Every trigger after a close is harmless: a second run of the same candle sends nothing.
        await checker.run();
        if (sent.length > before) fired.push(i);
        expect(sent.length - before).toBeLessThanOrEqual(1);
      }
      return fired;
    }

    it("GIVEN a price above 100,000 hovering at the level THEN it fires once per crossing, re-armed only 1% below", async () => {
      const closes = [95_000, 99_000, 100_500, 101_000, 100_200, 99_500, 100_500, 98_900, 100_100];
      const fired = await firings(
        "BTC/USDT",
        { kind: "price", direction: "above", level: 100_000 },
        closes.map((close) => ({ close })),
      );
      expect(fired).toEqual([2, 8]);
    });

    it("GIVEN a price below 2 THEN it fires once per crossing, re-armed only at 2.02", async () => {
      const closes = [2.1, 1.99, 1.98, 2.01, 1.995, 2.03, 1.9];
      const fired = await firings(
        "XRP/USDT",
        { kind: "price", direction: "below", level: 2 },
        closes.map((close) => ({ close })),
      );
      expect(fired).toEqual([1, 6]);
    });

    it("GIVEN closes leaving the interval forecast for them THEN the band alert fires once, re-arming well inside", async () => {
      // Each step's interval for the next close is close ± 2%: 104 leaves 98.98-103.02; 106 is inside
      // 101.92-106.08 but not a tenth in, so no re-arm and 109 stays quiet; 109 well inside re-arms; 100 fires.
      const closes = [100, 101, 104, 106, 109, 109, 100];
      const fired = await firings(
        "BTC/USDT",
        { kind: "band" },
        closes.map((close) => ({ close })),
      );
      expect(fired).toEqual([2, 6]);
    });

    it("GIVEN the forecast volatility crossing its 90th percentile and back below its 80th THEN each crossing fires once", async () => {
      // The year of reference: p80 ≈ 0.0180, p90 ≈ 0.0190.
      const vols = [0.012, 0.0192, 0.0195, 0.0185, 0.0175, 0.0186, 0.0193, 0.0194];
      const fired = await firings(
        "ETH/USDT",
        { kind: "volatility" },
        vols.map((vol) => ({ close: 3000, vol })),
      );
      expect(fired).toEqual([1, 4, 6]);
    });

    it("GIVEN P(up) above 0.6 THEN it fires once per crossing, re-armed at 0.55", async () => {
      const pups = [0.5, 0.62, 0.58, 0.61, 0.55, 0.65, 0.7];
      const fired = await firings(
        "BTC/USDT",
        { kind: "pup", direction: "above", level: 0.6 },
        pups.map((pup) => ({ close: 100_000, pup })),
      );
      expect(fired).toEqual([1, 5]);
    });

    it("GIVEN an alert whose condition holds when set THEN it waits for the next crossing", async () => {
      const closes = [95_000, 96_000, 89_000, 91_000];
      const fired = await firings(
        "BTC/USDT",
        { kind: "price", direction: "above", level: 90_000 },
        closes.map((close) => ({ close })),
      );
      expect(fired).toEqual([3]);
    });

    it("GIVEN a firing THEN its post names the alert and carries the chart of the 4h forecast", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }, { close: 101_000 }] });
      const { alerts, checker, sent } = await bot(market);
      const { alert } = await alerts.add({
        ...CHANNEL,
        symbol: "btc",
        rule: { kind: "price", direction: "above", level: 100_000 },
      });
      market.at(1);
      expect(await checker.run()).toEqual([{ alertId: alert.id, asOf: expect.any(Number), status: "sent" }]);
      const reply = sent[0]?.reply;
      expect(reply?.title).toBe(`Alert #${alert.id}: BTC/USDT price above 100,000`);
      expect(reply?.lines[0]).toContain("closed above 100,000: 101,000");
      expect(reply?.image?.filename).toMatch(/^BTCUSDT-4h-.*\.png$/);
      expect((await alerts.list())[0]?.lastFiredAt).not.toBeNull();
    });

    it("GIVEN a restart on the same data THEN nothing fires again, and the next crossing still does", async () => {
      const market = scriptedMarket({
        "BTC/USDT": [{ close: 95_000 }, { close: 101_000 }, { close: 98_000 }, { close: 100_500 }],
      });
      const first = await bot(market);
      await first.alerts.add({
        ...CHANNEL,
        symbol: "BTC",
        rule: { kind: "price", direction: "above", level: 100_000 },
      });
      await first.alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      market.at(1);
      await first.checker.run();
      expect(first.sent).toHaveLength(2);

      const second = await bot(market);
      expect(await second.checker.run()).toEqual([]);
      expect(second.sent).toHaveLength(0);
      market.at(2);
      await second.checker.run();
      market.at(3);
      await second.checker.run();
      expect(second.sent.map((s) => s.reply.title)).toEqual([expect.stringContaining("price above 100,000")]);
    });

    it("GIVEN a firing claimed before a crash, its state not stored THEN the next run does not resend it, and gives the claim up", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }, { close: 101_000 }] });
      const { store, alerts, checker, sent } = await bot(market);
      const { alert } = await alerts.add({
        ...CHANNEL,
        symbol: "BTC",
        rule: { kind: "price", direction: "above", level: 100_000 },
      });
      market.at(1);
      const asOf = (await market.forecasts.forecast("BTC", "4h")).asOf;
      expect(await store.alerts.claim(alert.id, asOf, Date.now() - 11 * 60_000)).toBe(true);
      expect(await checker.run()).toEqual([{ alertId: alert.id, asOf, status: "taken" }]);
      expect(sent).toHaveLength(0);
      expect((await alerts.list())[0]?.state.checkedAsOf).toBe(asOf);
      // Older than the 10-minute lease: marked failed ("possibly delivered"), still not resent.
      expect(await store.alerts.claimsBefore(Date.now() + 1)).toEqual([]);
      await checker.run();
      expect(sent).toHaveLength(0);
    });

    it("GIVEN two checkers over one store (two replicas) THEN a firing is sent once", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }, { close: 101_000 }] });
      const a = await bot(market);
      const b = await bot(market, { store: await openStore() });
      await a.alerts.add({
        ...CHANNEL,
        symbol: "BTC",
        rule: { kind: "price", direction: "above", level: 100_000 },
      });
      market.at(1);
      await Promise.all([a.checker.run(), b.checker.run()]);
      expect(a.sent.length + b.sent.length).toBe(1);
    });

    it("GIVEN 20 alerts in a channel THEN the 21st is refused with a clear message, other channels unaffected", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }] });
      const { alerts } = await bot(market);
      for (let i = 0; i < 20; i++)
        await alerts.add({
          ...CHANNEL,
          symbol: "BTC",
          rule: { kind: "price", direction: "above", level: 100_000 + i },
        });
      await expect(
        alerts.add({
          ...CHANNEL,
          symbol: "BTC",
          rule: { kind: "price", direction: "above", level: 200_000 },
        }),
      ).rejects.toMatchObject({ code: "alert-limit", message: expect.stringContaining("20 alerts") });
      await alerts.add({ ...CHANNEL, channelId: "-200", symbol: "BTC", rule: { kind: "band" } });
      expect(await alerts.list({ platform: "telegram", channelId: "-100" })).toHaveLength(20);
    });

    it("GIVEN 30 adds at once in one channel THEN the store holds exactly 20", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }] });
      const { alerts } = await bot(market);
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          alerts.add({
            ...CHANNEL,
            symbol: "BTC",
            rule: { kind: "price", direction: "below", level: 1000 + i },
          }),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
      expect(await alerts.list()).toHaveLength(20);
    });

    it("GIVEN the same alert twice THEN the second is refused naming the first", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }] });
      const { alerts } = await bot(market);
      const { alert } = await alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      await expect(
        alerts.add({ ...CHANNEL, symbol: "btc/usdt", rule: { kind: "band" } }),
      ).rejects.toMatchObject({
        code: "alert-exists",
        message: expect.stringContaining(`#${alert.id}`),
      });
    });

    it("GIVEN ten identical /alert price BTC above 123456 at once in one channel THEN one is stored and the nine others are told its id", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }] });
      const { alerts } = await bot(market);
      const rule: AlertRule = { kind: "price", direction: "above", level: 123_456 };
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => alerts.add({ ...CHANNEL, symbol: "BTC", rule })),
      );
      const stored = await alerts.list();
      expect(stored).toHaveLength(1);
      const created = results.filter((r) => r.status === "fulfilled");
      expect(created).toHaveLength(1);
      const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason);
      expect(refused).toHaveLength(9);
      for (const reason of refused)
        expect(reason).toMatchObject({
          code: "alert-exists",
          message: `This channel has that alert already: #${stored[0]?.id}.`,
        });
    });

    it("GIVEN another channel's alert ID THEN remove finds nothing and the alert stays", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }] });
      const { alerts } = await bot(market);
      const { alert } = await alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      expect(await alerts.remove("telegram", "-999", alert.id)).toBe(false);
      expect(await alerts.remove("discord", "-100", alert.id)).toBe(false);
      expect(await alerts.list()).toHaveLength(1);
      expect(await alerts.remove("telegram", "-100", alert.id)).toBe(true);
      expect(await alerts.list()).toHaveLength(0);
    });

    it("GIVEN a channel that is gone THEN its alerts pause, stay quiet, and a new alert there resumes them", async () => {
      const market = scriptedMarket({
        "BTC/USDT": [
          { close: 95_000 },
          { close: 101_000 },
          { close: 98_000 },
          { close: 98_000 },
          { close: 101_000 },
        ],
      });
      let gone = true;
      const { alerts, checker, sent } = await bot(market, {
        fail: (channelId) =>
          gone ? new ChannelGoneError("telegram", channelId, platformSaid("bot was blocked")) : undefined,
      });
      await alerts.add({
        ...CHANNEL,
        symbol: "BTC",
        rule: { kind: "price", direction: "above", level: 100_000 },
      });
      await alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      market.at(1);
      expect((await checker.run()).map((o) => o.status)).toEqual(["paused"]);
      const paused = await alerts.list();
      const blocked = platformSaid("bot was blocked");
      expect(paused.every((a) => a.pausedAt !== null)).toBe(true);
      expect(paused.map((a) => a.pauseReason)).toEqual(paused.map(() => blocked));
      market.at(2);
      expect(await checker.run()).toEqual([]);

      gone = false;
      await alerts.add({
        ...CHANNEL,
        symbol: "BTC",
        rule: { kind: "price", direction: "below", level: 50_000 },
      });
      expect((await alerts.list()).every((a) => a.pausedAt === null)).toBe(true);
      // The undelivered firing counts as fired: the alert re-arms at 98,000 and fires at the next crossing.
      market.at(3);
      await checker.run();
      expect(sent).toHaveLength(0);
      market.at(4);
      await checker.run();
      // 98,000 to 101,000 also leaves the ±2% interval: both resumed alerts fire.
      expect(sent.map((s) => s.reply.title)).toEqual([
        expect.stringContaining("price above 100,000"),
        expect.stringContaining("80% interval"),
      ]);
    });

    it("GIVEN the exchange down (the candle does not advance) or downtime THEN nothing fires on old or skipped closes", async () => {
      const market = scriptedMarket({
        "BTC/USDT": [{ close: 100 }, { close: 101 }, { close: 150 }, { close: 150 }],
      });
      const { alerts, checker, sent } = await bot(market);
      await alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      // Down over steps 1 and 2: at step 3 no forecast was made for that close, so the band is not judged.
      market.at(3);
      await checker.run();
      // Past the script: the same (stale) candle again.
      market.at(9);
      await checker.run();
      expect(sent).toHaveLength(0);
    });
  });
});
