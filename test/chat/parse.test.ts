import { describe, expect, it } from "vitest";
import { forecastCommand } from "../../commands/forecast.js";
import { defineCommand } from "../../commands/types.js";
import { bindArgs, echoInput, parseCommandLine, validateArgs } from "../../src/chat/parse.js";
import { i18nFor } from "../../src/i18n/index.js";

const spec = forecastCommand.spec;

describe("parseCommandLine", () => {
  it("GIVEN /forecast BTC 1d with stray spaces THEN the name and the words", () => {
    expect(parseCommandLine("  /forecast   BTC\t1d  ")).toEqual({
      name: "forecast",
      words: ["BTC", "1d"],
      named: false,
    });
    expect(parseCommandLine("/help")).toEqual({ name: "help", words: [], named: false });
  });

  it("GIVEN a lone % after a number (60,4 % as German writes it, no-break space or not) THEN it is part of that word", () => {
    expect(parseCommandLine("/alert pup btc above 60,4\u00a0%")?.words).toEqual([
      "pup",
      "btc",
      "above",
      "60,4%",
    ]);
    expect(parseCommandLine("/alert pup btc above 60 %")?.words).toEqual(["pup", "btc", "above", "60%"]);
    expect(parseCommandLine("/faq %")?.words).toEqual(["%"]);
  });

  it("GIVEN our own bot's name in any case THEN the suffix is dropped, and the command said to name us", () => {
    expect(parseCommandLine("/forecast@OurBot btc 1d", { botUsername: "ourbot" })).toEqual({
      name: "forecast",
      words: ["btc", "1d"],
      named: true,
    });
    expect(parseCommandLine("/Forecast@OURBOT eth", { botUsername: "OurBot" })?.name).toBe("forecast");
  });

  it("GIVEN another bot's name, or any name when we do not know ours THEN null: not for us", () => {
    expect(parseCommandLine("/forecast@OtherBot btc", { botUsername: "OurBot" })).toBeNull();
    expect(parseCommandLine("/forecast@OurBot btc")).toBeNull();
  });

  it("GIVEN a name with a zero-width space or typed full-width THEN it is cleaned as any typed word is", () => {
    expect(parseCommandLine("/fore\u200bcast btc")).toEqual({
      name: "forecast",
      words: ["btc"],
      named: false,
    });
    expect(
      parseCommandLine("/\uff46\uff4f\uff52\uff45\uff43\uff41\uff53\uff54 \uff22\uff34\uff23")?.name,
    ).toBe("forecast");
    expect(parseCommandLine("/\u200b")).toBeNull();
  });

  it("GIVEN no slash, a bare slash or an empty line THEN null", () => {
    expect(parseCommandLine("forecast btc")).toBeNull();
    expect(parseCommandLine("/")).toBeNull();
    expect(parseCommandLine("   ")).toBeNull();
  });
});

describe("bindArgs and validateArgs", () => {
  it("GIVEN a symbol only THEN the optional horizon is left undefined", () => {
    expect(bindArgs(spec, ["btc"])).toEqual({ ok: true, args: { symbol: "btc", horizon: undefined } });
  });

  it("GIVEN a choice in another case THEN the canonical value comes back", () => {
    expect(bindArgs(spec, ["btc", "7D"])).toEqual({ ok: true, args: { symbol: "btc", horizon: "7d" } });
  });

  it("GIVEN a horizon typed full-width or with a zero-width space THEN it is cleaned as a symbol is and accepted", () => {
    for (const typed of ["1d\u200b", "\uff11d", "\u200b\uff11\uff24", "1d\u2060"])
      expect(bindArgs(spec, ["btc", typed])).toEqual({ ok: true, args: { symbol: "btc", horizon: "1d" } });
    expect(validateArgs(spec, { symbol: "eth\u200b", horizon: "\uff11\uff12h" })).toEqual({
      ok: true,
      args: { symbol: "eth", horizon: "12h" },
    });
  });

  it("GIVEN nothing THEN the usage hint", () => {
    expect(bindArgs(spec, [])).toEqual({
      ok: false,
      message: "/forecast needs a symbol. Usage: /forecast <symbol> [horizon]",
    });
  });

  it("GIVEN too many words THEN the usage hint", () => {
    const result = bindArgs(spec, ["btc", "1d", "please"]);
    expect(result).toEqual({
      ok: false,
      message: "/forecast takes at most 2 words. Usage: /forecast <symbol> [horizon]",
    });
    const none = defineCommand(
      { name: "help", description: "h", options: [], permission: "everyone" },
      async () => ({
        lines: [],
      }),
    );
    expect(bindArgs(none.spec, ["x"])).toMatchObject({ ok: false, message: /takes nothing after its name/ });
  });

  it("GIVEN a choice not allowed THEN the list of choices", () => {
    expect(bindArgs(spec, ["btc", "2w"])).toEqual({
      ok: false,
      message: '"2w" is not a horizon I know. Choose one of: 1d, 3d, 7d, 4h, 12h.',
    });
    // Each language quotes what was typed its own way.
    const quoted = (lng: string) => {
      const result = bindArgs(spec, ["btc", "2w"], i18nFor(lng));
      return result.ok ? "" : result.message;
    };
    expect(quoted("de")).toMatch(/^„2w“ ist kein gültiger Wert/);
    expect(quoted("es")).toMatch(/^«2w» no es un valor válido/);
    expect(quoted("pt-BR")).toMatch(/^“2w” não é um valor válido/);
  });

  it("GIVEN a 10 kB symbol THEN too long, with the length and the limit, and none of it echoed", () => {
    const result = bindArgs(spec, ["A".repeat(10_000)]);
    expect(result).toEqual({
      ok: false,
      message: "That symbol is too long (10000 characters; at most 64). Usage: /forecast <symbol> [horizon]",
    });
  });

  it("GIVEN named values (Discord) THEN the same rules: blank is missing, case folds, unknown names refused", () => {
    expect(validateArgs(spec, { symbol: "eth", horizon: "12H" })).toEqual({
      ok: true,
      args: { symbol: "eth", horizon: "12h" },
    });
    expect(validateArgs(spec, { symbol: "  ", horizon: "1d" })).toMatchObject({
      ok: false,
      message: /needs a symbol/,
    });
    expect(validateArgs(spec, { symbol: "btc", colour: "red" })).toMatchObject({
      ok: false,
      message: /takes no option "colour"/,
    });
  });

  it("GIVEN a choice made of markup, a mention and zero-width characters THEN none comes back: it is named unquoted", () => {
    const result = bindArgs(spec, ["btc", "<b>@everyone</b>*_\u200b`x`"]);
    expect(result).toEqual({
      ok: false,
      message: "That horizon is not a horizon I know. Choose one of: 1d, 3d, 7d, 4h, 12h.",
    });
  });
});

describe("echoInput", () => {
  it("GIVEN long input THEN 32 characters and an ellipsis", () => {
    expect(echoInput("x".repeat(100))).toBe(`${"x".repeat(32)}…`);
  });

  it("GIVEN only symbols THEN nothing, so the caller can say 'that' instead", () => {
    expect(echoInput("@<>*_`~|")).toBe("");
  });

  it("GIVEN letters of other scripts THEN they stay; with an emoji or markup among them THEN nothing (never a word with characters taken out)", () => {
    expect(echoInput(" Bitcoin  比特币\u200b ")).toBe("Bitcoin 比特币");
    expect(echoInput("Bitcoin 比特币 🚀")).toBe("");
    expect(echoInput("1<b>0")).toBe("");
  });
});
