import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { ENGLISH, i18nFor } from "../../src/i18n/index.js";
import { userErrorLines } from "../../src/i18n/user-error.js";
import { resolveSymbol } from "../../src/market/symbols.js";
import { TRANSLATED } from "../helpers/refusal-languages.js";

const KNOWN = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];

/** What resolveSymbol throws for `input`. */
const unknown = (input: string): UserError => {
  try {
    resolveSymbol(input, KNOWN);
  } catch (error) {
    return error as UserError;
  }
  throw new Error(`${input} resolved`);
};

/** The offline refusal's shape (market/offline-pairs.ts): a list of servable pairs that names the suggestion too. */
const offline = (asked: string | undefined, suggestions: string[]) =>
  new UserError("English words", {
    code: "exchange-unavailable",
    suggestions,
    params: {
      ...(asked === undefined ? {} : { context: "named", asked }),
      servable: "BTC/USDT, ETH/USDT, XRP/USDT; ADA, DOGE (2025-07-15)",
    },
  });

describe("userErrorLines", () => {
  it("GIVEN an unknown symbol THEN every language names what was typed and suggests the close one", () => {
    expect(userErrorLines(unknown("btcc"), ENGLISH)).toEqual([
      'I don\'t know the symbol "BTCC". Did you mean BTC/USDT?',
    ]);
    expect(userErrorLines(unknown("btcc"), i18nFor("de"))).toEqual([
      "Das Symbol „BTCC“ kenne ich nicht.",
      "Meintest du BTC/USDT?",
    ]);
    expect(userErrorLines(unknown("btcc"), i18nFor("es"))[0]).toBe("No conozco el símbolo «BTCC».");
    expect(userErrorLines(unknown("btcc"), i18nFor("pt-BR"))[0]).toBe("Não conheço o símbolo “BTCC”.");
    // Nothing safe to echo: the unnamed words.
    expect(userErrorLines(unknown("@@@"), i18nFor("de"))).toEqual([
      "Dieses Symbol kenne ich nicht. Symbole, die ich kenne: BTC/USDT, ETH/USDT, XRP/USDT.",
    ]);
  });

  it("GIVEN a translated refusal whose list names the suggestion THEN the suggestion still comes, before the list", () => {
    for (const lng of TRANSLATED) {
      const lines = userErrorLines(offline("BTCC/USDT", ["BTC/USDT"]), i18nFor(lng));
      expect(lines, lng).toHaveLength(1);
      const [text = ""] = lines;
      expect(text.startsWith("BTCC/USDT "), lng).toBe(true);
      const hint = i18nFor(lng).t("chat.didYouMean", { suggestions: "BTC/USDT" });
      expect(text.indexOf(hint), lng).toBeGreaterThan(0);
      expect(text.indexOf(hint), lng).toBeLessThan(text.indexOf("BTC/USDT, ETH/USDT"));
    }
    // No suggestion, and nothing shaped like a pair typed: the unnamed words, saying as English does that
    // what was typed is not kept, with no gap where the hint goes.
    const [text] = userErrorLines(offline(undefined, []), i18nFor("de"));
    expect(text).toMatch(/^Das gehört nicht zu den Paaren, die ich vorhalte, .* noch einmal\. Bis dahin/);
    expect(userErrorLines(offline(undefined, []), i18nFor("es"))[0]).toMatch(/^Eso no está entre los pares/);
    expect(userErrorLines(offline(undefined, []), i18nFor("pt-BR"))[0]).toMatch(
      /^Isso não está entre os pares/,
    );
  });

  it("GIVEN an English message THEN it is kept, and only suggestions it does not name are added", () => {
    const named = new UserError("No earlier version. Versions: a1, b2.", {
      code: "no-earlier-version",
      suggestions: ["a1", "b2"],
    });
    expect(userErrorLines(named, ENGLISH)).toEqual(["No earlier version. Versions: a1, b2."]);
    const unnamed = new UserError("No such version.", { code: "unknown-version", suggestions: ["a1"] });
    expect(userErrorLines(unnamed, ENGLISH)).toEqual(["No such version.", "Did you mean a1?"]);
  });
});
