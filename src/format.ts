import { ENGLISH, type I18n, type Locale } from "./i18n/index.js";
import { TIMEFRAME_MS } from "./market/types.js";
import { isoDay, utcMinute } from "./time.js";

/**
 * Wording of numbers shared by every surface: chat replies, posts, the command line and the picture.
 * Numbers go through Intl in the reader's language ("64,123.50" in English, "64.123,50" in German);
 * English dates stay ISO-like ("2025-12-09 00:00"), other languages get their own ("9 dic 2025, 0:00").
 */

/** The regional variant whose conventions a language's numbers and dates follow. */
export const INTL_TAG: Record<Locale, string> = { en: "en-US", es: "es-ES", de: "de-DE", "pt-BR": "pt-BR" };

const numberFormats = new Map<string, Intl.NumberFormat>();
/** Intl.NumberFormat is slow to build and safe to share: one per language and style. */
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(INTL_TAG[locale], options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A number with a fixed number of decimals, grouped as the language groups them. */
export function formatNumber(value: number, digits: number, locale: Locale = "en"): string {
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/**
 * Prices with sensible precision: whole units for BTC, cents for ETH, four decimals for XRP and DOGE, and
 * four significant digits below 0.1 (PEPE and SHIB trade near 0.00001: four decimals would read 0.0000).
 */
export function formatPrice(value: number, locale: Locale = "en"): string {
  // ETH trades in the thousands, so whole units start at 10,000: below that a cent is still news.
  if (value >= 10_000) return formatNumber(value, 0, locale);
  if (value >= 10) return formatNumber(value, 2, locale);
  const size = Math.abs(value);
  const magnitude = size > 0 ? Math.floor(Math.log10(size)) : 0;
  return formatNumber(value, Math.min(MAX_PRICE_DECIMALS, Math.max(4, 3 - magnitude)), locale);
}

/** Past this a price is dust: 1e-12 reads 0.000000000001, and nothing smaller trades. */
const MAX_PRICE_DECIMALS = 12;

/** A share as a percentage: "62%", "62 %" in Spanish and German. */
export function formatPercent(share: number, digits = 0, locale: Locale = "en"): string {
  return numberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** A signed change: "+0.9%", "-2.3%". A tiny fall that rounds to zero reads "+0.0%", not a fall. */
export function signedPercent(ratio: number, digits = 1, locale: Locale = "en"): string {
  const rounded = Number((ratio * 100).toFixed(digits)) / 100;
  const style = { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits } as const;
  return numberFormat(locale, { ...style, signDisplay: "always" }).format(rounded === 0 ? 0 : rounded);
}

/** A moment in UTC, to the minute: ISO-like in English, the language's medium date and short time otherwise. */
export function formatDateTime(ms: number, locale: Locale = "en"): string {
  if (locale === "en") return utcMinute(ms);
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(ms);
}

/** A UTC day: ISO in English, the language's medium date otherwise. */
export function formatDay(ms: number, locale: Locale = "en"): string {
  if (locale === "en") return isoDay(ms);
  return new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: "medium", timeZone: "UTC" }).format(ms);
}

/**
 * The warning every surface shows with a forecast built from stale data: a refresh failed, or the newest
 * stored candle closed long ago (a first answer while the start-up refresh runs). Always with its date.
 */
export function staleNotice(
  data: { asOf: number },
  timeframe: "4h" | "1d",
  { t, locale }: Pick<I18n, "t" | "locale"> = ENGLISH,
): string {
  return t("forecast.stale", { time: formatDateTime(data.asOf + TIMEFRAME_MS[timeframe], locale) });
}

/** Human "1m 05s" for an ETA. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}
