import { describe, expect, it } from "vitest";
import { describeFired } from "../../commands/alert-post.js";
import type { Caller } from "../../commands/types.js";
import { i18nFor } from "../../src/i18n/index.js";
import { alertDispatcher, tempSubscriptionStore } from "../helpers/alert-dispatcher.js";
import { MEMBER } from "../helpers/fake-command-services.js";
import { must, nb, text } from "../helpers/reply-text.js";

const store = tempSubscriptionStore("coincast-translated-levels-");
const admin = (locale: string): Caller => ({ ...MEMBER, isAdmin: true, locale });
const dispatcher = () => alertDispatcher(store());

describe("alert levels in the reader's own numbers", () => {
  const levels = async () =>
    (await store().alerts.list()).map((a) => ("level" in a.rule ? a.rule.level : null));

  it("GIVEN a German admin THEN a dot groups and a comma is the decimal mark, as the bot writes them", async () => {
    const d = dispatcher();
    const de = admin("de");
    const set = must(await d.dispatchLine("/alert price btc above 100.000", de));
    expect(set.title).toBe("Alarm Nr. 1 gesetzt: BTC/USDT: Kurs über 100.000");
    for (const level of ["2.500,5", "2,05", "2,500.5", "1,000"])
      await d.dispatchLine(`/alert price btc below ${level}`, de);
    // "2,500.5" is 2.500,5 again: the same alert, not a fifth.
    expect(await levels()).toEqual([100_000, 2500.5, 2.05, 1]);
    const pup = must(await d.dispatchLine("/alert pup btc above 0,6", de));
    expect(pup.title).toBe(nb("Alarm Nr. 5 gesetzt: BTC/USDT: P(steigt) über 60 %"));
    const listed = text(await d.dispatchLine("/alerts", de));
    expect(listed).toContain("Nr. 2 BTC/USDT: Kurs unter 2.500,5:");
    expect(listed).toContain("Nr. 3 BTC/USDT: Kurs unter 2,05:");
    expect(text(await d.dispatchLine("/alert price btc above 1.2,5", de))).toContain(
      "„1.2,5“ ist keine Zahl, die ich als Schwelle verwenden kann. Schreib sie etwa so: 100000 oder 2,05.",
    );
  });

  it("GIVEN a German level and close side by side THEN each reads apart, in German marks", async () => {
    const d = dispatcher();
    const de = admin("de");
    const below = must(await d.dispatchLine("/alert price xrp below 2,1329", de));
    expect(below.title).toBe("Alarm Nr. 1 gesetzt: XRP/USDT: Kurs unter 2,1329");
    expect(below.lines[0]).toMatch(/^Letzter 4h-Schlusskurs 2,1300 \(/);
    const pup = must(await d.dispatchLine("/alert pup xrp above 60,4%", de));
    expect(pup.title).toBe(nb("Alarm Nr. 2 gesetzt: XRP/USDT: P(steigt) über 60,4 %"));
    expect(pup.lines[1]).toBe(nb("P(steigt) für die nächsten 4h: 60,43 %."));
    // And when they fire: the post's value beside its level.
    const fired = { kind: "pup", direction: "above", level: 0.604, probabilityUp: 0.6041 } as const;
    expect(describeFired("XRP/USDT", fired, i18nFor("de"))).toBe(
      nb("P(steigt) von XRP/USDT für die nächsten 4h stieg über 60,4 %: 60,41 %."),
    );
    const close = { kind: "price", direction: "below", level: 2.1329, close: 2.13 } as const;
    expect(describeFired("XRP/USDT", close, i18nFor("en"))).toBe(
      "XRP/USDT closed below 2.1329: 2.1300 at the 4h close.",
    );
  });

  it("GIVEN a band alert's close just past the edge THEN the close and that edge read apart", () => {
    const band = { kind: "band", low: 94_250.2, high: 101_590.1 } as const;
    expect(describeFired("BTC/USDT", { ...band, side: "above", close: 101_590.4 }, i18nFor("en"))).toBe(
      "BTC/USDT closed above the 80% interval forecast for it: 101,590.4, against 94,250 to 101,590.1.",
    );
    // Both round to 94,250 from either side: one more decimal for both.
    expect(describeFired("BTC/USDT", { ...band, side: "below", close: 94_249.6 }, i18nFor("en"))).toContain(
      ": 94,249.6, against 94,250.2 to 101,590.",
    );
    const xrp = { kind: "band", side: "below", close: 2.04996, low: 2.04999, high: 2.2 } as const;
    expect(describeFired("XRP/USDT", xrp, i18nFor("de"))).toContain(
      ": 2,04996, gegenüber 2,04999 bis 2,2000.",
    );
  });

  it("GIVEN Spanish and Portuguese admins THEN 100.000 is a hundred thousand and 0,6 a probability", async () => {
    const d = dispatcher();
    const set = must(await d.dispatchLine("/alert price btc above 100.000", admin("es")));
    expect(set.title).toBe("Alerta n.º 1 creada: BTC/USDT: precio por encima de 100.000");
    await d.dispatchLine("/alert pup btc above 0,601", admin("pt-BR"));
    await d.dispatchLine("/alert price btc below 2,5", admin("pt-BR"));
    expect(await levels()).toEqual([100_000, 0.601, 2.5]);
    expect(text(await d.dispatchLine("/alert pup btc above 1,5", admin("es")))).toContain("como 0,6 o 60%.");
  });

  it("GIVEN any level a German reply shows THEN copied back it sets that very alert again", async () => {
    const d = dispatcher();
    const de = admin("de");
    const copied = [
      ...["100.000", "2.500,5", "2,055", "0,0000000001", "1.234.567,891"].map(
        (level) => `price btc above ${level}`,
      ),
      // P(up) as German writes it, "60,4 %" with a no-break space: one word again on the way back.
      ...["0,604", "60,15%", "0,001"].map((level) => `pup btc above ${level}`),
    ];
    for (const [n, command] of copied.entries()) {
      const title = must(await d.dispatchLine(`/alert ${command}`, de)).title ?? "";
      expect(title, command).toMatch(new RegExp(`^Alarm Nr\\. ${n + 1} gesetzt`));
      const shown = title.replace(/^.* über /, "");
      const again = text(await d.dispatchLine(`/alert ${command.replace(/\S+$/, shown)}`, de));
      expect(again, `${command} shown as ${shown}`).toContain(
        `Einen solchen Alarm gibt es in diesem Kanal schon: Nr. ${n + 1}.`,
      );
    }
    expect(await store().alerts.list()).toHaveLength(copied.length);
  });
});
