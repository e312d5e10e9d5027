import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { ChannelGoneError } from "../../src/schedule/target.js";
import { alertBot, scriptedMarket } from "../helpers/scripted-alert-market.js";
import { sqlBackends } from "../helpers/sql-backends.js";

const CHANNEL = { platform: "telegram" as const, channelId: "-100", createdBy: "1" };

/** The alert checker when the platform says a chat moved (the daily posts' side: telegram-post.test.ts). */
describe.each(sqlBackends())("alerts of a chat that moved, in $name", (backend) => {
  describe.skipIf(!backend.available)(`${backend.name} store`, () => {
    beforeEach(() => backend.setUp());
    afterEach(() => backend.tearDown());

    /** A bot over a fresh store: the alert service, the checker and what it sent. */
    const bot = async (
      market: ReturnType<typeof scriptedMarket>,
      options: { fail: (channelId: string) => Error | undefined },
    ) => alertBot(await createSubscriptionStore(await backend.open()), market, options.fail);

    it("GIVEN a group upgraded to a supergroup (the send names the new chat id) THEN its alerts move there and fire there; one the new chat held already stays, unsent twice", async () => {
      const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }, { close: 101_000 }] });
      const { store, alerts, checker, sent } = await bot(market, {
        fail: (channelId) =>
          channelId === "-100"
            ? new ChannelGoneError("telegram", channelId, platformSaid("group chat was upgraded"), {
                movedTo: "-1009",
              })
            : undefined,
      });
      const above = { kind: "price", direction: "above", level: 100_000 } as const;
      const moved = await alerts.add({ ...CHANNEL, symbol: "BTC", rule: above });
      await alerts.add({ ...CHANNEL, symbol: "BTC", rule: { kind: "band" } });
      const held = await alerts.add({
        ...CHANNEL,
        channelId: "-1009",
        symbol: "BTC",
        rule: { kind: "band" },
      });
      market.at(1);
      // Before: the first firing paused every alert of the group, and nothing was sent.
      expect((await checker.run()).map((o) => o.status)).toEqual(["sent", "merged", "sent"]);
      expect(sent.map((s) => s.channelId)).toEqual(["-1009", "-1009"]);
      const there = await store.alerts.list();
      expect(there.map((a) => [a.id, a.channelId, a.pausedAt])).toEqual([
        [moved.alert.id, "-1009", null],
        [held.alert.id, "-1009", null],
      ]);
    });
  });
});
