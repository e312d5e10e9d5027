/**
 * Number and date text for the forecast picture. English is written by hand rather than with Intl: its
 * picture must not change with the machine's ICU build (the golden images pin it). Other languages go
 * through Intl in that language ("97,1 Tsd.", "12. Jan."), with their own words for thousands and millions.
 * Prices below 10,000 are the replies' own (Intl in English too): the text beside the picture pins them.
 */
import { formatNumber, INTL_TAG, formatPrice as replyPrice } from "../format.js";
import type { Locale } from "../i18n/index.js";
import { i18nFor } from "../i18n/index.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
/** At and above this, prices read in thousands ("97.1k"): the last unit is noise on a chart label. */
const THOUSANDS = 10_000;
const MILLIONS = 1_000_000;

/** Digits grouped by thousands, a fixed number of decimals: by hand in English, through Intl otherwise. */
function grouped(value: number, decimals: number, locale: Locale = "en"): string {
  if (locale !== "en") return formatNumber(value, decimals, locale);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = "0", fraction] = fixed.split(".");
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
  return `${sign}${withCommas}${fraction === undefined ? "" : `.${fraction}`}`;
}

/**
 * A price as a chart label: thousands with one decimal from 10,000 ("97.1k", BTC), millions with two
 * ("1.23M"); below that exactly as the replies write it (src/format.ts: "3,412.46" ETH, "0.7384" ADA,
 * "0.00001262" PEPE), so that the picture and the text beside it never show the same price two ways.
 */
export function formatPrice(value: number, locale: Locale = "en"): string {
  const size = Math.abs(value);
  if (!Number.isFinite(value)) return String(value);
  const { millions, thousands } = suffixes(locale);
  if (size >= MILLIONS) return `${grouped(value / MILLIONS, 2, locale)}${millions}`;
  if (size >= THOUSANDS) return `${grouped(value / 1000, 1, locale)}${thousands}`;
  return replyPrice(value, locale);
}

/** The language's short words for thousands and millions ("k" and "M" in English, " Tsd." and " Mio." in German). */
function suffixes(locale: Locale): { thousands: string; millions: string } {
  const { t } = i18nFor(locale);
  return { thousands: t("chart.thousands"), millions: t("chart.millions") };
}

/** Decimals needed to write `step` exactly (0.05 -> 2, 2500 -> 0), capped where floats stop being exact. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 10; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 10;
}

/**
 * A price-axis tick: precision follows the spacing of the ticks, not the price, so that neighbouring ticks
 * never read the same ("96k", "96.5k"; "2.00", "2.05"). `axisMax` is the largest |tick| on the axis: the
 * whole axis switches to thousands together, never one tick alone.
 */
export function formatAxisPrice(value: number, step: number, axisMax: number, locale: Locale = "en"): string {
  const spacing = Math.abs(step) > 0 ? Math.abs(step) : Math.abs(value) || 1;
  const { millions, thousands } = suffixes(locale);
  if (axisMax >= MILLIONS)
    return `${grouped(value / MILLIONS, decimalsOf(spacing / MILLIONS), locale)}${millions}`;
  if (axisMax >= THOUSANDS) return `${grouped(value / 1000, decimalsOf(spacing / 1000), locale)}${thousands}`;
  return grouped(value, decimalsOf(spacing), locale);
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

const tickFormats = new Map<string, Intl.DateTimeFormat>();
/** Intl.DateTimeFormat is slow to build and safe to share: one per language and shape. */
function tickFormat(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${withTime}`;
  let format = tickFormats.get(key);
  if (format === undefined) {
    const time = withTime ? ({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const) : {};
    format = new Intl.DateTimeFormat(INTL_TAG[locale], {
      month: "short",
      day: "numeric",
      timeZone: "UTC",
      ...time,
    });
    tickFormats.set(key, format);
  }
  return format;
}

/**
 * `Jan 12` at UTC midnight, `Jan 12 08:00` otherwise: a date-axis tick, short enough for a phone. Other
 * languages write the same through Intl ("12. Jan.", "12 ene 08:00").
 */
export function formatUtcTick(ms: number, locale: Locale = "en"): string {
  const d = new Date(ms);
  if (locale !== "en") return tickFormat(locale, d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0).format(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hours = d.getUTCHours();
  const minutes = d.getUTCMinutes();
  return hours === 0 && minutes === 0 ? day : `${day} ${pad2(hours)}:${pad2(minutes)}`;
}
