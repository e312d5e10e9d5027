import { describe, expect, it } from "vitest";
import { parseLevel } from "../../commands/alert-parse.js";
import type { Locale } from "../../src/i18n/index.js";
import { refusalOf } from "../helpers/refusal-languages.js";

describe("alert levels are read as the caller's language writes numbers", () => {
  it.each<[Locale, string, number]>([
    // One mark before exactly three digits: the language decides.
    ["en", "100.000", 100],
    ["de", "100.000", 100_000],
    ["es", "100.000", 100_000],
    ["pt-BR", "100.000", 100_000],
    ["en", "1,000", 1000],
    ["de", "1,000", 1],
    // One mark before other than three digits: a decimal in every language.
    ["en", "2.05", 2.05],
    ["de", "2.05", 2.05],
    ["en", "2,05", 2.05],
    ["de", "2,05", 2.05],
    ["es", "2,5", 2.5],
    ["en", ".6", 0.6],
    // Only 1-999 can lead a group of three: otherwise a decimal, whatever the language.
    ["de", "1234.567", 1234.567],
    ["en", "1234,567", 1234.567],
    // Both marks: the last is the decimal.
    ["de", "2.500,5", 2500.5],
    ["pt-BR", "2.500,5", 2500.5],
    ["en", "2.500,5", 2500.5],
    ["en", "2,500.5", 2500.5],
    ["de", "2,500.5", 2500.5],
    // One mark more than once: groups.
    ["de", "1.000.000", 1_000_000],
    ["en", "1,000,000", 1_000_000],
    ["en", "100000", 100_000],
    // Arabic-script digits, and the Arabic signs as the language's marks.
    ["de", "١٠٠٬٠٠٠", 100_000],
    ["en", "١٠٠٬٠٠٠", 100_000],
    ["de", "١٢٫٥٠٠", 12.5],
    ["en", "٢٫٥", 2.5],
    // Spaces (plain, no-break, narrow no-break) group by threes in every language: never a decimal mark.
    ["pt-BR", "100 000", 100_000],
    ["es", "1\u00a0234\u00a0567", 1_234_567],
    ["de", "1\u202f234,5", 1234.5],
    ["en", "1 234.5", 1234.5],
    ["en", "1 234.567", 1234.567],
  ])("GIVEN %s %s THEN the price level %d", (locale, typed, level) => {
    expect(parseLevel("price", typed, locale)).toBe(level);
  });

  it.each<[Locale, string, number]>([
    ["de", "0,6", 0.6],
    ["pt-BR", "0,601", 0.601],
    ["de", "60,4%", 0.604],
    ["de", "60.4%", 0.604],
    ["en", "60.4%", 0.604],
    ["en", "0.001", 0.001],
    ["de", "0.001", 0.001],
    ["en", "0,600", 0.6],
    ["de", ".600", 0.6],
    ["es", "۶۰٪", 0.6],
  ])("GIVEN %s %s THEN the P(up) level %d", (locale, typed, level) => {
    expect(parseLevel("pup", typed, locale)).toBeCloseTo(level, 12);
  });

  it.each<[Locale, string]>([
    ["en", "1,2.5"],
    ["en", "100."],
    ["en", "1,000.000.5"],
    ["en", "12,34,567"],
    ["de", "2.500,5,1"],
    ["de", "1 00"],
    ["pt-BR", "10 0000"],
    ["de", "1 234.567"],
    ["en", "1 234,567"],
    ["en", "1  000"],
    ["de", "0.000.001"],
    ["en", "007,500,000"],
  ])("GIVEN %s %s THEN not a number, refused with the language's examples", async (locale, typed) => {
    const refusal = await refusalOf(() => parseLevel("price", typed, locale));
    expect(refusal.code).toBe("bad-number");
    expect(refusal.params.otherExample).toBe(locale === "en" ? "2.05" : "2,05");
  });

  it("GIVEN a refusal THEN its examples are written in the caller's marks", async () => {
    const german = await refusalOf(() => parseLevel("pup", "1,5", "de"));
    expect(german.params).toMatchObject({ context: "probability", example: "0,6", otherExample: "60%" });
    const missing = await refusalOf(() => parseLevel("pup", undefined, "pt-BR"));
    expect(missing.params.example).toBe("/alert pup BTC above 0,6");
    const english = await refusalOf(() => parseLevel("price", "abc", "en"));
    expect(english.message).toBe('"abc" is not a number I can use as a level. Write it like 100000 or 2.05.');
  });

  it.each<[Locale, string, Record<string, string>]>([
    ["pt-BR", "1 00 000", { context: "level_named", input: "1 00 000" }],
    ["en", "1<b>0", { context: "level" }],
    ["de", "100 000 🚀", { context: "level" }],
  ])(
    "GIVEN %s %s, not a number THEN the refusal quotes it as typed, or names it unquoted",
    async (locale, typed, params) => {
      const refusal = await refusalOf(() => parseLevel("price", typed, locale));
      expect(refusal.code).toBe("bad-number");
      expect(refusal.params).toMatchObject(params);
      if (params.input === undefined) expect(refusal.params.input).toBeUndefined();
    },
  );
});
