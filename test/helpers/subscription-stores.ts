import { afterEach, beforeEach, describe } from "vitest";
import type { NewSubscription, SubscriptionStore } from "../../src/schedule/store.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { type SqlBackend, sqlBackends } from "./sql-backends.js";

/** A daily subscription of one Discord channel at 09:00 Paris time. */
export const PARIS: NewSubscription = {
  platform: "discord",
  channelId: "42",
  symbols: ["BTC/USDT", "ETH/USDT"],
  horizon: "1d",
  time: "09:00",
  timeZone: "Europe/Paris",
  createdBy: "7",
};

/**
 * `body` on a subscription store over each SQL back-end (PostgreSQL skipped, saying so, where none answers);
 * `openStore()` opens one more on the same data (again: a restart), each closed after its case.
 */
export function onEachSubscriptionStore(
  title: string,
  body: (context: { openStore: () => Promise<SubscriptionStore>; backend: SqlBackend }) => void,
): void {
  describe.each(sqlBackends())(`${title} on $name`, (backend) => {
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
      body({ openStore, backend });
    });
  });
}
