import { expect, it } from "vitest";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { onEachSubscriptionStore, PARIS } from "../helpers/subscription-stores.js";

/** One post a channel and day across /unsubscribe and /subscribe (channel-posts.ts), on both drivers. */
onEachSubscriptionStore("a channel's post records across unsubscribing", ({ openStore }) => {
  const days = async (store: SubscriptionStore) =>
    (await store.postsSince("2026-01-01"))
      .sort((a, b) => a.day.localeCompare(b.day) || a.subscriptionId - b.subscriptionId)
      .map((p) => [p.subscriptionId, p.day, p.status]);

  it("GIVEN a channel unsubscribed (twice) and subscribed again THEN its new subscription holds its newest post records, and another channel handed the old id holds none", async () => {
    const store = await openStore();
    const old = await store.upsert(PARIS, 1);
    for (const [day, at] of [
      ["2026-05-30", 10],
      ["2026-05-31", 20],
      ["2026-06-01", 30],
      ["2026-06-02", 40],
    ] as const) {
      await store.claim(old.id, day, at);
      await store.markDone(old.id, day, at + 1);
    }
    expect(await store.remove(PARIS.platform, PARIS.channelId)).toBe(true);
    expect(await store.remove(PARIS.platform, PARIS.channelId)).toBe(false);
    expect(await days(store)).toEqual([]);
    // SQLite may hand the removed highest id to another channel: it finds no day claimed.
    const other = await store.upsert({ ...PARIS, channelId: "43" }, 50);
    expect(await days(store)).toEqual([]);
    expect(await store.claim(other.id, "2026-06-02", 55)).toBe(true);

    const again = await store.upsert({ ...PARIS, time: "18:00" }, 60);
    expect(await days(store)).toEqual([
      [again.id, "2026-05-31", "done"],
      [again.id, "2026-06-01", "done"],
      [other.id, "2026-06-02", "claimed"],
      [again.id, "2026-06-02", "done"],
    ]);
    expect(await store.claim(again.id, "2026-06-02", 61)).toBe(false);
    // Taken over once: removing the other channel and subscribing again leaves this one's records alone.
    await store.upsert({ ...PARIS, time: "19:00" }, 70);
    expect((await days(store)).filter(([id]) => id === again.id)).toHaveLength(3);
  });

  it("GIVEN a group unsubscribed after today's post and then upgraded to a supergroup THEN a subscription in the supergroup takes over the group's records", async () => {
    const store = await openStore();
    const group = { ...PARIS, platform: "telegram" as const, channelId: "-41" };
    const old = await store.upsert(group, 1);
    await store.claim(old.id, "2026-06-02", 10);
    await store.markDone(old.id, "2026-06-02", 11);
    await store.remove(group.platform, group.channelId);
    await store.moveChannel("telegram", "-41", "-10041");
    const moved = await store.upsert({ ...group, channelId: "-10041" }, 20);
    expect(await days(store)).toEqual([[moved.id, "2026-06-02", "done"]]);
  });
});
