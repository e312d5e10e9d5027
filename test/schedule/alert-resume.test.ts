import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createObserver } from "../../src/schedule/alert-observe.js";
import { createAlerts } from "../../src/schedule/alerts.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { scriptedMarket } from "../helpers/scripted-alert-market.js";
import { sqlBackends } from "../helpers/sql-backends.js";

const CHANNEL = { platform: "telegram" as const, channelId: "-100", createdBy: "1" };

/** Paused alerts (a gone channel) resume at any /alert answered in the channel (the checker's side: alerts.test.ts). */
describe.each(sqlBackends())("paused alerts in $name", (backend) => {
  describe.skipIf(!backend.available)(`${backend.name} store`, () => {
    beforeEach(() => backend.setUp());
    afterEach(() => backend.tearDown());

    it("GIVEN a gone channel's paused alerts THEN an /alert refused there (the same alert, the channel full) resumes them too", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }] });
      const store = await createSubscriptionStore(await backend.open());
      const observer = createObserver({ store: store.alerts, forecasts: market.forecasts });
      const alerts = createAlerts({ store: store.alerts, observer, logger: silentLogger(), limit: 2 });
      const above = { kind: "price", direction: "above", level: 100_000 } as const;
      await alerts.add({ ...CHANNEL, symbol: "BTC", rule: above });
      const pausedCount = () => alerts.list().then((held) => held.filter((a) => a.pausedAt !== null).length);
      const pause = () =>
        store.alerts.pauseChannel(CHANNEL.platform, CHANNEL.channelId, 1, platformSaid("bot was blocked"));

      // The same alert again, below the bound: the store finds the duplicate.
      expect(await pause()).toBe(1);
      await expect(alerts.add({ ...CHANNEL, symbol: "BTC", rule: above })).rejects.toMatchObject({
        code: "alert-exists",
      });
      expect(await pausedCount()).toBe(0);

      // The channel full: refused before the store is asked to add.
      await alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      expect(await pause()).toBe(2);
      await expect(
        alerts.add({ ...CHANNEL, symbol: "BTC", rule: { ...above, level: 120_000 } }),
      ).rejects.toMatchObject({ code: "alert-limit" });
      expect(await pausedCount()).toBe(0);
      // And the same alert when full.
      expect(await pause()).toBe(2);
      await expect(alerts.add({ ...CHANNEL, symbol: "BTC", rule: above })).rejects.toMatchObject({
        code: "alert-exists",
      });
      expect(await pausedCount()).toBe(0);
    });
  });
});
