import { describe, expect, it } from "vitest";
import { withDiscordCommandNames } from "../../src/chat/discord-command-names.js";
import type { Reply } from "../../src/contracts/chat.js";
import { CATALOGUES } from "../../src/i18n/index.js";

const reply = (locale: string | undefined): Reply => ({
  locale,
  title: "/alerts",
  lines: ["This channel has no alerts. /alert price BTC above 100000 sets one; /help lists the kinds."],
  fields: [{ name: "BTC/USDT", value: "(/subscribe) «/forecast» /faq /unknown" }],
  footer: "Model x. /unsubscribe stops these posts.",
});

describe("withDiscordCommandNames", () => {
  it("GIVEN a German client THEN every command named in the text reads as the client lists it, BTC/USDT and unlocalised words untouched", () => {
    const named = withDiscordCommandNames(reply("de"));
    expect(named.title).toBe("/alarme");
    expect(named.lines).toEqual([
      "This channel has no alerts. /alarm price BTC above 100000 sets one; /hilfe lists the kinds.",
    ]);
    expect(named.fields).toEqual([{ name: "BTC/USDT", value: "(/abonnieren) «/prognose» /faq /unknown" }]);
    expect(named.footer).toBe("Model x. /abbestellen stops these posts.");
  });

  it("GIVEN each of Discord's tags for a shipped language THEN its own names; Spanish has two", () => {
    for (const tag of ["es-ES", "es-419"])
      expect(withDiscordCommandNames(reply(tag)).footer).toContain(
        `/${CATALOGUES.es.commands.unsubscribe?.name}`,
      );
    expect(withDiscordCommandNames(reply("pt-BR")).footer).toContain(
      `/${CATALOGUES["pt-BR"].commands.unsubscribe?.name}`,
    );
  });

  it.each([["en-US"], ["ja"], [undefined]])(
    "GIVEN a client locale %s that lists the English names THEN the reply is left as written",
    (tag) => {
      const written = reply(tag);
      expect(withDiscordCommandNames(written)).toBe(written);
    },
  );
});
