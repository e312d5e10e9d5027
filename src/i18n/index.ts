import i18next, { type TFunction } from "i18next";
import { de } from "./locales/de.js";
import { en } from "./locales/en.js";
import { es } from "./locales/es.js";
import { ptBR } from "./locales/pt-BR.js";

/**
 * Replies in the user's language, through i18next: plurals, interpolation and fallback chains come from a
 * maintained library rather than a hand-written lookup. One instance, built once and read-only; each
 * reply takes a translator fixed to its locale (getFixedT), so concurrent replies never share a language
 * switch. English is the fallback of every chain: an untranslated key reads in English, never as a key.
 */

/** The languages shipped, as i18next and Telegram name them. */
export const LOCALES = ["en", "es", "de", "pt-BR"] as const;
export type Locale = (typeof LOCALES)[number];

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: {
    en: { translation: en },
    es: { translation: es },
    de: { translation: de },
    "pt-BR": { translation: ptBR },
  },
  supportedLngs: [...LOCALES],
  nonExplicitSupportedLngs: false,
  // A Portuguese speaker outside Brazil reads pt-BR before English.
  fallbackLng: { pt: ["pt-BR", "en"], default: ["en"] },
  interpolation: { escapeValue: false },
  returnNull: false,
});

/**
 * The shipped language that best serves a platform's tag: Discord's "es-ES" and "pt-BR", Telegram's "de"
 * or "pt-br", the console's LANG "de_DE.UTF-8". Unknown, absent or "C": English.
 */
export function resolveLocale(tag: string | undefined): Locale {
  const cleaned = (tag ?? "").split(".")[0]?.replace("_", "-").toLowerCase() ?? "";
  const [language] = cleaned.split("-");
  if (language === "pt") return "pt-BR";
  return LOCALES.find((locale) => locale === language) ?? "en";
}

/** A translator fixed to one language, with numbers and dates written the way that language writes them. */
export interface I18n {
  locale: Locale;
  t: TFunction;
  /** Whether `key` has a translation in this language (not counting the English fallback). */
  has(key: string): boolean;
}

const translators = new Map<Locale, I18n>();

/** The translator for a platform's language tag (see {@link resolveLocale}). */
export function i18nFor(tag: string | undefined): I18n {
  const locale = resolveLocale(tag);
  let found = translators.get(locale);
  if (found === undefined) {
    found = {
      locale,
      t: instance.getFixedT(locale),
      has: (key) => instance.exists(key, { lng: locale, fallbackLng: false }),
    };
    translators.set(locale, found);
  }
  return found;
}

/** English: what the command line, scheduled posts and tests read unless they ask otherwise. */
export const ENGLISH: I18n = i18nFor("en");

/** The catalogues, for the tests that hold every language to English's keys and for platform menus. */
export const CATALOGUES = { es, de, "pt-BR": ptBR } as const;

/** What a command declaration says of itself (commands/types.ts' CommandSpec, structurally). */
interface Declared {
  name: string;
  description: string;
  options: readonly { name: string; description: string }[];
}

/**
 * A command's description and its options' in `locale`, English (the declaration's own words) for any
 * that language lacks; its localised name (Discord shows it), undefined in English.
 */
export function commandWords(
  spec: Declared,
  locale: Locale,
): { name: string | undefined; description: string; options: Record<string, string> } {
  const words = locale === "en" ? undefined : CATALOGUES[locale].commands[spec.name];
  const options = Object.fromEntries(
    spec.options.map((option) => [option.name, words?.options[option.name] ?? option.description]),
  );
  return { name: words?.name, description: words?.description ?? spec.description, options };
}

/** Discord's locale names for each shipped language but English (the default); Spanish has two. */
export const DISCORD_LOCALES: Record<Exclude<Locale, "en">, readonly string[]> = {
  es: ["es-ES", "es-419"],
  de: ["de"],
  "pt-BR": ["pt-BR"],
};

/** A value per Discord locale (name_localizations, description_localizations), from one per language. */
export function discordLocalizations(
  of: (locale: Exclude<Locale, "en">) => string | undefined,
): Record<string, string> {
  const entries = Object.entries(DISCORD_LOCALES).flatMap(([locale, tags]) => {
    const value = of(locale as Exclude<Locale, "en">);
    return value === undefined ? [] : tags.map((tag) => [tag, value] as const);
  });
  return Object.fromEntries(entries);
}

/**
 * The command menu in each shipped language (Telegram's setMyCommands): English as the default (no
 * language code), each other under its ISO 639-1 code, which is all Telegram takes (pt-BR's is "pt").
 */
export function commandMenus(specs: readonly Declared[]): {
  languageCode: string | undefined;
  commands: { command: string; description: string }[];
}[] {
  return LOCALES.map((locale) => ({
    languageCode: locale === "en" ? undefined : locale.slice(0, 2),
    commands: specs.map((spec) => ({
      command: spec.name,
      description: commandWords(spec, locale).description,
    })),
  }));
}
