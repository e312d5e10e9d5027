import { describe, expect, it } from "vitest";
import { i18nFor, LOCALES } from "../../src/i18n/index.js";
import { OWN_PAUSE_CODES, platformSaid } from "../../src/schedule/pause-reason.js";
import { onEachSubscriptionStore, PARIS } from "../helpers/subscription-stores.js";

const CHANNEL = { platform: "telegram" as const, channelId: "-100", createdBy: "1" };

/** Pause reasons as stored and read back, one rule on both drivers (pause-reason.ts). */
onEachSubscriptionStore("pause reasons", ({ openStore, backend }) => {
  it("GIVEN a pause of Coincast's own, the platform's words and free text an older Coincast stored THEN each reads back as it was meant: codes as codes, any other text as quoted words", async () => {
    const store = await openStore();
    const own = await store.upsert(PARIS, 1);
    const platform = await store.upsert({ ...PARIS, channelId: "43" }, 1);
    await store.pause(own.id, 5, { code: "not-sendable" });
    await store.pause(platform.id, 5, platformSaid('{"not": "json'));
    const state = { armed: true, checkedAsOf: null, band: null };
    const alert = await store.alerts.add(
      { ...CHANNEL, symbol: "BTC/USDT", rule: { kind: "band" } },
      state,
      1,
      20,
    );
    await store.alerts.pauseChannel("telegram", "-100", 5, { code: "not-sendable" });
    expect((await store.list()).map((s) => s.pauseReason)).toEqual([
      { code: "not-sendable" },
      platformSaid('{"not": "json'),
    ]);
    expect((await store.alerts.list()).map((a) => [a.id, a.pauseReason])).toEqual([
      [alert?.alert.id, { code: "not-sendable" }],
    ]);
    // Rows written before codes: Coincast's own English is read as its code, the platform's words as words.
    const db = await backend.open();
    await db.run("UPDATE subscriptions SET pause_reason = ? WHERE id = ?", [
      "not a channel the bot can send messages in",
      platform.id,
    ]);
    await db.run("UPDATE subscriptions SET pause_reason = ? WHERE id = ?", ["Missing Access", own.id]);
    await db.close();
    expect((await store.list()).map((s) => s.pauseReason)).toEqual([
      platformSaid("Missing Access"),
      { code: "not-sendable" },
    ]);
  });
});

describe("Coincast's own pause reasons", () => {
  it.each(LOCALES)("GIVEN %s THEN every code has its words", (locale) => {
    for (const code of OWN_PAUSE_CODES) expect(i18nFor(locale).has(`channel.ownReasons.${code}`)).toBe(true);
  });
});
