import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { subscriptionMigrations } from "../../src/schedule/store-schema.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { sqlBackends } from "../helpers/sql-backends.js";

const CHANNEL = { platform: "telegram" as const, channelId: "-100", createdBy: "1" };

/** The alert store's own rules, on both drivers; the alert service over it is in alerts.test.ts. */
describe.each(sqlBackends())("the alert store on $name", (backend) => {
  describe.skipIf(!backend.available)(`${backend.name} driver`, () => {
    const open: SubscriptionStore[] = [];
    beforeEach(() => backend.setUp());
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      await backend.tearDown();
    });
    const openStore = async () => {
      const store = await createSubscriptionStore(await backend.open());
      open.push(store);
      return store;
    };

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
});
