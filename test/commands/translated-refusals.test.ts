import { describe, expect, it } from "vitest";
import type { Caller, Reply } from "../../commands/types.js";
import { silentLogger } from "../../src/logger.js";
import type { Observer } from "../../src/schedule/alert-observe.js";
import { MIN_VOLATILITY_DAYS } from "../../src/schedule/alert-rules.js";
import { createAlerts } from "../../src/schedule/alerts.js";
import { alertDispatcher, tempSubscriptionStore } from "../helpers/alert-dispatcher.js";
import { MEMBER } from "../helpers/fake-command-services.js";
import { expectNamedEverywhere, refusalOf, TRANSLATED } from "../helpers/refusal-languages.js";
import { scriptedForecast } from "../helpers/scripted-alert-market.js";

const store = tempSubscriptionStore("coincast-translated-refusals-");
const admin = (locale: string): Caller => ({ ...MEMBER, isAdmin: true, locale });
const text = (reply: Reply | null) => [reply?.title ?? "", ...(reply?.lines ?? [])].join("\n").trim();

describe("/alert refused in Spanish, German and Portuguese", () => {
  it.each([
    ["/alert price BTC above abc", ["abc", "100000", "2.05"]],
    ["/alert price BTC below 5%", ["100000", "2.05"]],
    ["/alert pup BTC above 1.5", ["0.6", "60%"]],
    ["/alert price BTC above", ["/alert price BTC above 100000"]],
    ["/alert pup BTC", ["/alert pup BTC above 0.6"]],
    ["/alert band BTC above 5", ["/alert band BTC"]],
    ["/alert price", ["/alert price BTC above 100000"]],
    ["/alert remove", ["/alert remove ID"]],
    ["/alert remove abc", ["abc"]],
    ["/alert remove 999", ["999"]],
    ["/alert remove 1 2 3", ["/alert remove 1", "/alert remove 2", "#1, #2, #3"]],
  ])("GIVEN %s THEN each language names %j, its examples in its own decimal mark", async (line, named) => {
    const english = text(await alertDispatcher(store()).dispatchLine(line, admin("en")));
    for (const value of named) expect(english).toContain(value);
    // Every translated language writes a decimal comma: 2,05 and 0,6.
    const translated = named.map((value) => value.replace(/(\d)\.(\d)/, "$1,$2"));
    for (const locale of TRANSLATED) {
      const reply = text(await alertDispatcher(store()).dispatchLine(line, admin(locale)));
      expect(reply, locale).not.toBe(english);
      for (const value of translated) expect(reply, `${locale}: ${reply}`).toContain(value);
    }
    expect(await store().alerts.list()).toHaveLength(0);
  });

  it("GIVEN an alert ID this channel lacks THEN German names it, as English does", async () => {
    const reply = await alertDispatcher(store()).dispatchLine("/alert remove 7", admin("de"));
    expect(text(reply)).toBe(
      "In diesem Kanal gibt es keinen Alarm Nr. 7; /alerts zeigt die Alarme dieses Kanals.",
    );
  });

  it("GIVEN a volatility alert on a coin with too short a forecast history THEN the coin and the days", async () => {
    // An observer of a young coin: its forecast, no year of volatility yet.
    const observer: Observer = {
      observe: async () => ({ forecast: scriptedForecast("SOL/USDT", 0, { close: 150 }) }),
    };
    const alerts = createAlerts({ store: store().alerts, observer, logger: silentLogger() });
    const refusal = await refusalOf(() =>
      alerts.add({
        platform: "console",
        channelId: "c",
        symbol: "sol",
        rule: { kind: "volatility" },
        createdBy: "u",
      }),
    );
    expectNamedEverywhere(refusal, ["SOL/USDT", MIN_VOLATILITY_DAYS]);
  });
});
