import { describe, expect, it } from "vitest";
import type { Caller, Reply } from "../../commands/types.js";
import { alertDispatcher, tempSubscriptionStore } from "../helpers/alert-dispatcher.js";
import { MEMBER } from "../helpers/fake-command-services.js";

const store = tempSubscriptionStore("coincast-alert-command-");

const ADMIN: Caller = { ...MEMBER, isAdmin: true };
const DIRECT: Caller = { ...MEMBER, userId: "7", channelId: "7", channelKind: "direct" };

const dispatcher = () => alertDispatcher(store());

const text = (reply: Reply | null) =>
  [reply?.title ?? "", ...(reply?.lines ?? []), reply?.footer ?? ""].join("\n");

describe("/alert and /alerts", () => {
  it("GIVEN an admin in a group THEN each kind is set, and /alerts lists them with their states", async () => {
    const d = dispatcher();
    const price = text(await d.dispatchLine("/alert price btc above 100,000", ADMIN));
    expect(price).toContain("Alert #1 set: BTC/USDT price above 100,000");
    expect(price).toContain("Last 4h close 97,000");
    expect(price).toContain("re-arming once a 4h close is back at or below 99,000");
    expect(text(await d.dispatchLine("/alert band ETH", ADMIN))).toContain(
      "Alert #2 set: ETH/USDT close outside",
    );
    const vol = text(await d.dispatchLine("/alert volatility ETH", ADMIN));
    expect(vol).toContain("its 90th 1.90%");
    expect(text(await d.dispatchLine("/alert pup BTC below 40%", ADMIN))).toContain("P(up) below 40%");
    const listed = text(await d.dispatchLine("/alerts", MEMBER));
    expect(listed).toContain("Alerts here: 4 of at most 20");
    expect(listed).toContain("#1 BTC/USDT price above 100,000: armed.");
    expect(listed).toContain("#3 ETH/USDT forecast volatility regime");
  });

  it("GIVEN a member: refused in a group, allowed in their direct chat", async () => {
    const d = dispatcher();
    expect(text(await d.dispatchLine("/alert band BTC", MEMBER))).toContain(
      "in a group /alert is for admins only",
    );
    expect(text(await d.dispatchLine("/alert band BTC", DIRECT))).toContain("Alert #1 set");
    expect(text(await d.dispatchLine("/alerts", MEMBER))).toContain("This channel has no alerts");
  });

  it("GIVEN /alert remove THEN only this channel's own ID is removed", async () => {
    const d = dispatcher();
    await d.dispatchLine("/alert band BTC", ADMIN);
    await d.dispatchLine("/alert band BTC", DIRECT);
    expect(text(await d.dispatchLine("/alert remove 2", ADMIN))).toContain("This channel has no alert #2.");
    expect(text(await d.dispatchLine("/alert remove 999", ADMIN))).toContain(
      "This channel has no alert #999.",
    );
    expect(text(await d.dispatchLine("/alert remove #1", ADMIN))).toContain("Alert #1 removed.");
    expect(text(await d.dispatchLine("/alerts", DIRECT))).toContain("#2 BTC/USDT");
  });

  it.each([
    ["/alert price BTX above 100000", 'I don\'t know the symbol "BTX". Did you mean BTC/USDT'],
    ["/alert price BTC above abc", '"abc" is not a number'],
    ["/alert price BTC above NaN", '"NaN" is not a number'],
    ["/alert price BTC above Infinity", '"Infinity" is not a number'],
    ["/alert price BTC above 1e999", '"1e999" is not a number'],
    ["/alert price BTC below -5", '"-5" is not a number'],
    ["/alert price BTC below 0", "must be above zero"],
    ["/alert price BTC below 5%", "not a percentage"],
    ["/alert price BTC above", "needs a level"],
    ["/alert price BTC", "needs above or below"],
    ["/alert price BTC sideways 5", '"sideways" is not a direction I know. Choose one of: above, below.'],
    ["/alert pup BTC above 1.5", "between 0 and 1"],
    ["/alert pup BTC above 150%", "between 0 and 1"],
    ["/alert pup BTC above 0", "between 0 and 1"],
    ["/alert pup BTC above 1", "between 0 and 1"],
    ["/alert pup BTC above -0.2", '"-0.2" is not a number'],
    ["/alert moon BTC", '"moon" is not a kind I know. Choose one of: price, band, volatility, pup, remove.'],
    ["/alert band BTC above 5", "A band alert takes only a coin"],
    ["/alert price", "Which coin?"],
    ["/alert", "/alert needs a kind"],
    [`/alert price ${"B".repeat(500)} above 1`, "That symbol is too long"],
    [`/alert price BTC above ${"9".repeat(300)}`, "That level is too long"],
    ["/alert price BTC above 1 2 3", "takes at most 4 words"],
    ["/alert remove", "Which alert?"],
    ["/alert remove abc", '"abc" is not an alert ID'],
    ["/alert remove 1 above", "takes only the alert's ID"],
    [
      "/alert remove 1 2",
      "/alert remove takes one alert ID at a time: send /alert remove 1, then /alert remove 2",
    ],
    ["/alert remove 1 2 3", "to remove #1, #2, #3."],
    ["/alert price BTC above ١٠x", '"١٠x" is not a number'],
    ["/alert remove ٣x", '"٣x" is not an alert ID'],
    ["/alert price @everyone above 1", 'I don\'t know the symbol "EVERYONE"'],
  ])("GIVEN %s THEN a clear answer: %s", async (line, expected) => {
    const reply = await dispatcher().dispatchLine(line, ADMIN);
    expect(text(reply)).toContain(expected);
    expect(text(reply)).not.toContain("something went wrong");
    expect(reply?.private).toBe(true);
    expect(await store().alerts.list()).toHaveLength(0);
  });

  it("GIVEN a full channel THEN the same alert again gets its existing ID, a new one the limit message", async () => {
    const d = dispatcher();
    for (let i = 0; i < 20; i++) await d.dispatchLine(`/alert price BTC above ${100_000 + i}`, ADMIN);
    expect(await store().alerts.list()).toHaveLength(20);
    expect(text(await d.dispatchLine("/alert price btc/usdt above 100,003", ADMIN))).toContain(
      "This channel has that alert already: #4.",
    );
    expect(text(await d.dispatchLine("/alert price BTC above 300000", ADMIN))).toContain(
      "This channel has 20 alerts, the most it may hold.",
    );
  });

  it("GIVEN a level far below a cent THEN it is shown with its significant digits, not as 0", async () => {
    const reply = text(await dispatcher().dispatchLine("/alert price BTC above 0.0000000001", ADMIN));
    expect(reply).toContain("Alert #1 set: BTC/USDT price above 0.0000000001");
    expect(text(await dispatcher().dispatchLine("/alerts", ADMIN))).toContain("above 0.0000000001:");
  });

  it("GIVEN levels with decimals THEN each reads as set, and the close or P(up) beside it reads apart", async () => {
    const d = dispatcher();
    expect(text(await d.dispatchLine("/alert price xrp above 2.055", ADMIN))).toContain("price above 2.055");
    const below = text(await d.dispatchLine("/alert price xrp below 2.1329", ADMIN));
    expect(below).toContain("XRP/USDT price below 2.1329");
    expect(below).toContain("Last 4h close 2.1300 at");
    expect(below).toContain("The condition holds already");
    expect(text(await d.dispatchLine("/alert price btc below 2,500.5", ADMIN))).toContain("below 2,500.5");
    for (const level of ["60.4%", "0.601", "0.6"])
      await d.dispatchLine(`/alert pup btc above ${level}`, ADMIN);
    expect(text(await d.dispatchLine("/alert pup btc below 0.001", ADMIN))).toContain("P(up) below 0.1%");
    const pup = text(await d.dispatchLine("/alert pup xrp above 60.4%", ADMIN));
    expect(pup).toContain("P(up) for the next 4h: 60.43%.");
    const listed = text(await d.dispatchLine("/alerts", ADMIN));
    for (const rule of ["P(up) above 60.4%:", "P(up) above 60.1%:", "P(up) above 60%:", "P(up) below 0.1%:"])
      expect(listed).toContain(`BTC/USDT ${rule}`);
    expect(listed).toContain("back at or above 2.154229");
  });

  it("GIVEN English numbers THEN a comma groups before three digits and is a decimal before others", async () => {
    const d = dispatcher();
    expect(text(await d.dispatchLine("/alert price btc above 1,000", ADMIN))).toContain("price above 1,000");
    expect(text(await d.dispatchLine("/alert price btc above 2,05", ADMIN))).toContain("price above 2.05");
    expect(text(await d.dispatchLine("/alert price btc above 100.000", ADMIN))).toContain(
      "price above 100\n",
    );
    expect(text(await d.dispatchLine("/alert price btc above 0,600", ADMIN))).toContain("price above 0.6\n");
    expect(text(await d.dispatchLine("/alert price btc above 12,34,567", ADMIN))).toContain(
      '"12,34,567" is not a number I can use as a level. Write it like 100000 or 2.05.',
    );
  });

  it("GIVEN Arabic-Indic or Persian digits THEN they are read as digits", async () => {
    const d = dispatcher();
    expect(text(await d.dispatchLine("/alert price BTC above ١٠٠٬٠٠٠", ADMIN))).toContain(
      "Alert #1 set: BTC/USDT price above 100,000",
    );
    expect(text(await d.dispatchLine("/alert pup BTC above ۶۰٪", ADMIN))).toContain("P(up) above 60%");
    expect(text(await d.dispatchLine("/alert remove ١", ADMIN))).toContain("Alert #1 removed.");
  });

  it("GIVEN /help THEN /alert and /alerts are listed with who may use them", async () => {
    const help = text(await dispatcher().dispatchLine("/help", MEMBER));
    expect(help).toContain("/alert <kind> [symbol] [direction] [level]");
    expect(help).toContain("(admins in groups; anyone in a direct chat)");
    expect(help).toContain("/alerts: This channel's alerts");
  });
});
