import { expect, it } from "vitest";
import { subscriptionMigrations } from "../../src/schedule/store-schema.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { sqlBackends } from "../helpers/sql-backends.js";
import { onEachSubscriptionStore, PARIS } from "../helpers/subscription-stores.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The store's identity, which bot replicas announce to find out whether they share one (store-split.ts). */
onEachSubscriptionStore("the subscription store's identity", ({ openStore, backend }) => {
  it("GIVEN a new store opened by three processes at once THEN every one reads the same identity, and so does a restart", async () => {
    const opened = await Promise.all([openStore(), openStore(), openStore()]);
    const [identity] = opened.map((store) => store.identity);
    expect(identity).toMatch(UUID);
    expect(opened.map((store) => store.identity)).toEqual([identity, identity, identity]);
    await opened[0]?.upsert(PARIS, 1);
    const restarted = await openStore();
    expect(restarted.identity).toBe(identity);
    expect(await restarted.list()).toHaveLength(1);
  });

  it("GIVEN a store written by an older Coincast THEN opening it gives it an identity, kept from then on", async () => {
    const old = await backend.open();
    await old.migrate("subscriptions", (dialect) => subscriptionMigrations(dialect).slice(0, 7));
    await old.close();
    const upgraded = await openStore();
    expect(upgraded.identity).toMatch(UUID);
    expect((await openStore()).identity).toBe(upgraded.identity);
  });

  it("GIVEN another store (another file, another database) THEN its identity differs", async () => {
    const store = await openStore();
    const other = sqlBackends().find((b) => b.name === backend.name);
    if (other === undefined) throw new Error(`no ${backend.name} back-end`);
    await other.setUp();
    try {
      const elsewhere = await createSubscriptionStore(await other.open());
      expect(elsewhere.identity).toMatch(UUID);
      expect(elsewhere.identity).not.toBe(store.identity);
      await elsewhere.close();
    } finally {
      await other.tearDown();
    }
  });
});
