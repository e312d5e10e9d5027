import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { isUserErrorCode, USER_ERROR_CODES, UserError } from "../../src/errors.js";
import { formatDateTime, formatPrice, signedPercent } from "../../src/format.js";
import { CATALOGUES, i18nFor, resolveLocale } from "../../src/i18n/index.js";
import { en } from "../../src/i18n/locales/en.js";
import { refusalVariants } from "../../src/i18n/refusal-params.js";

/** Every leaf key of a catalogue, dotted ("forecast.title"). */
function keysOf(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === "string" ? [`${prefix}${key}`] : keysOf(inner as object, `${prefix}${key}.`),
  );
}

/** The {{placeholders}} a string interpolates. */
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Discord's rule for a localised command name. */
const DISCORD_NAME = /^[-_\p{Ll}\p{Lm}\p{Lo}\p{N}]{1,32}$/u;

describe.each(Object.entries(CATALOGUES))("the %s catalogue", (_locale, catalogue) => {
  it("GIVEN English's keys THEN every one is translated, quoting no value English does not pass", () => {
    const english = keysOf(en);
    const translated = new Set(keysOf(catalogue));
    expect(english.filter((key) => !translated.has(key))).toEqual([]);
    const lookup = (key: string) =>
      key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], catalogue);
    for (const key of english) {
      const source = key
        .split(".")
        .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], en) as string;
      const known = new Set(placeholders(source));
      expect(
        placeholders(lookup(key) as string).filter((name) => !known.has(name)),
        key,
      ).toEqual([]);
    }
  });

  it("GIVEN the command registry THEN every command and option is described, within 100 characters, and named as Discord allows", () => {
    const names = new Set<string>();
    for (const { spec } of COMMANDS) {
      const words = catalogue.commands[spec.name];
      expect(words, `/${spec.name}`).toBeDefined();
      expect(words?.name, `/${spec.name}`).toMatch(DISCORD_NAME);
      expect(names.has(words?.name ?? ""), `/${spec.name} name twice`).toBe(false);
      names.add(words?.name ?? "");
      expect(words?.description.length, `/${spec.name}`).toBeLessThanOrEqual(100);
      for (const option of spec.options) {
        const text = words?.options[option.name];
        expect(text, `/${spec.name} ${option.name}`).toBeDefined();
        expect(text?.length, `/${spec.name} ${option.name}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it("GIVEN every UserError code THEN it has a translation", () => {
    expect(USER_ERROR_CODES.filter((code) => !catalogue.errors[code])).toEqual([]);
  });

  it("GIVEN each refusal and its variants THEN it quotes only values its throwers pass (refusal-params.ts)", () => {
    for (const [key, text] of Object.entries(catalogue.errors)) {
      // Codes are kebab-case, so the first "_" starts the context ("named", "named_listed").
      const [code = "", ...context] = key.split("_");
      expect(isUserErrorCode(code), key).toBe(true);
      const variants = refusalVariants(code);
      const passed = variants[context.join("_")];
      expect(passed, `${key}: a variant no thrower asks for`).toBeDefined();
      const known = new Set<string | undefined>([...(passed ?? []), "hint"]);
      expect(
        placeholders(text).filter((name) => !known.has(name)),
        key,
      ).toEqual([]);
    }
  });
});

describe("locales", () => {
  it("GIVEN platform tags THEN each maps to a shipped language, an unknown one to English", () => {
    expect(
      ["es-ES", "es-419", "de", "pt-BR", "pt-br", "pt", "de_DE.UTF-8", "en-US", "ja", "C", undefined].map(
        resolveLocale,
      ),
    ).toEqual(["es", "es", "de", "pt-BR", "pt-BR", "pt-BR", "de", "en", "en", "en", "en"]);
  });

  it("GIVEN a key no language has THEN no language ever shows a bare key from the catalogue's own keys", () => {
    for (const key of keysOf(en)) {
      for (const tag of ["es", "de", "pt-BR", "ja"]) expect(i18nFor(tag).t(key, { count: 2 })).not.toBe(key);
    }
  });

  it("GIVEN numbers and dates THEN each language writes them its own way", () => {
    expect(formatPrice(64123.456, "en")).toBe("64,123");
    expect(formatPrice(3412.5, "de")).toBe("3.412,50");
    expect(formatPrice(3412.5, "pt-BR")).toBe("3.412,50");
    expect(signedPercent(0.0123, 1, "es")).toMatch(/^\+1,2\s%$/);
    expect(signedPercent(-0.0001)).toBe("+0.0%");
    expect(formatDateTime(Date.UTC(2025, 11, 9), "en")).toBe("2025-12-09 00:00");
    expect(formatDateTime(Date.UTC(2025, 11, 9), "de")).toMatch(/^09\.12\.2025, 00:00$/);
  });

  it("GIVEN a UserError with params THEN its translation quotes them", () => {
    const error = new UserError("Unknown horizon", {
      code: "unknown-horizon",
      params: { horizons: "1d, 3d" },
    });
    expect(i18nFor("de").t(`errors.${error.code}`, error.params)).toBe(
      "Unbekannter Horizont. Horizonte: 1d, 3d.",
    );
  });
});
