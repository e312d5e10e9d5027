/** Number and time wording shared by the chat commands and the `coincast` command line. */

import type { Forecast } from "../src/contracts/forecast.js";
import { hasUnknownOutcome } from "../src/forecast/ledger-store.js";
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  INTL_TAG,
  signedPercent,
  staleNotice,
} from "../src/format.js";
import { ENGLISH, type I18n, type Locale } from "../src/i18n/index.js";
import { localMinute } from "../src/schedule/local-time.js";

export { formatPrice, signedPercent } from "../src/format.js";

/**
 * A share as a percentage in `locale`: English keeps its hand-written "62%" (its replies stay byte for
 * byte what they were), other languages get Intl's ("62 %" in German).
 */
export function share(value: number, digits: number, locale: Locale): string {
  return locale === "en" ? `${(value * 100).toFixed(digits)}%` : formatPercent(value, digits, locale);
}

/** A range skill against "no change" ("+3.1%", "+3,1 %"), from a CRPS ratio; a dash where none was kept. */
export const skillText = (crpsRatio: number | null, locale: Locale): string =>
  crpsRatio === null ? "—" : signedPercent(1 - crpsRatio, 1, locale);

/** A number with fixed decimals: English as toFixed wrote it ("1234.50"), others through Intl ("1.234,50"). */
export function fixed(value: number, digits: number, locale: Locale): string {
  return locale === "en" ? value.toFixed(digits) : formatNumber(value, digits, locale);
}

/** A wall-clock minute in an IANA zone: English "2026-03-30 08:00", others as their language writes it. */
export function zonedMinute(ms: number, timeZone: string, locale: Locale): string {
  if (locale === "en") return localMinute(ms, timeZone);
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(ms);
}

/** A list joined as `locale` joins words: English "4h and 1d", "BTC/USDT, ETH/USDT and XRP/USDT". */
export function joinWords(words: readonly string[], locale: Locale): string {
  if (locale === "en")
    return words.length < 3 ? words.join(" and ") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
  return new Intl.ListFormat(INTL_TAG[locale], { type: "conjunction" }).format(words);
}

/**
 * The notes under a forecast about the data it was built from: the stale notice, and, when its target time
 * had already passed when it was made (old stored data, e.g. the shipped history), that its outcome is known
 * and it stays out of the track record (the rule is `hasUnknownOutcome`, the ledger's own).
 */
export function dataNotices(
  f: Pick<Forecast, "data" | "timeframe" | "targetTime" | "madeAt">,
  { t, locale }: Pick<I18n, "t" | "locale"> = ENGLISH,
): string[] {
  return [
    ...(f.data.stale ? [staleNotice(f.data, f.timeframe, { t, locale })] : []),
    ...(hasUnknownOutcome(f)
      ? []
      : [t("forecast.targetPassed", { time: formatDateTime(f.targetTime, locale) })]),
  ];
}
