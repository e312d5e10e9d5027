import { UserError } from "../src/errors.js";
import { ENGLISH, type I18n, type Locale } from "../src/i18n/index.js";
import {
  type AlertRule,
  decimalsApart,
  formatLevel,
  PRICE_REARM,
  PUP_REARM,
} from "../src/schedule/alert-rules.js";
import type { Alert } from "../src/schedule/alert-schema.js";
import type { PauseReason } from "../src/schedule/pause-reason.js";
import { share, zonedMinute } from "./format.js";
import type { CommandServices } from "./types.js";

/** The alert service, or a clear answer where this run has none. */
export function alertsOf(services: CommandServices): NonNullable<CommandServices["alerts"]> {
  if (services.alerts === undefined) {
    throw new UserError("Alerts are not available here.", { code: "not-available" });
  }
  return services.alerts;
}

/** Most decimals a P(up) level's percentage is shown with (a level is above 0 and below 1). */
const MAX_SHARE_DECIMALS = 15;

/**
 * The decimals a probability's percentage needs to give it back: 0 for 60%, 1 for 60.4% and 0.1%, 9 for
 * 99.999999999%. Measured relative to the percentage, so that a tiny level is not shown as 0%.
 */
function shareDecimals(probability: number): number {
  const percent = probability * 100;
  let digits = 0;
  while (digits < MAX_SHARE_DECIMALS && Math.abs(Number(percent.toFixed(digits)) - percent) > 1e-12 * percent)
    digits += 1;
  return digits;
}

/** A P(up) level as it was set, so levels 0.6, 0.601 and 0.604 read apart: "60%", "60.1%", "60.4%" ("60,4 %"). */
export const shareLevel = (level: number, locale: Locale): string =>
  share(level, shareDecimals(level), locale);

/**
 * A P(up) shown beside the P(up) `level` it is compared with: in whole percent, with decimals where that
 * would read as the level or past it ("60.41%" above 60.4%, not "60%").
 */
export function shareBeside(probability: number, level: number, locale: Locale): string {
  const shown = Number((level * 100).toFixed(shareDecimals(level)));
  return share(probability, decimalsApart(probability * 100, shown, 0), locale);
}

/** "above 100,000" or "close outside the 80% interval": the rule in a few words, as /alerts lists it. */
export function describeRule(rule: AlertRule, { t, locale }: I18n = ENGLISH): string {
  switch (rule.kind) {
    case "price":
      return t(rule.direction === "above" ? "alert.priceAbove" : "alert.priceBelow", {
        level: formatLevel(rule.level, locale),
      });
    case "pup":
      return t(rule.direction === "above" ? "alert.pupAbove" : "alert.pupBelow", {
        share: shareLevel(rule.level, locale),
      });
    case "band":
      return t("alert.band");
    case "volatility":
      return t("alert.volatility");
  }
}

/** "BTC/USDT price above 100,000". */
export const describeAlert = (a: Pick<Alert, "symbol" | "rule">, i18n: I18n = ENGLISH): string =>
  i18n.t("alert.describe", { symbol: a.symbol, rule: describeRule(a.rule, i18n) });

/** When an alert that fired (or started past its level) fires again. */
export function rearmRule(rule: AlertRule, { t, locale }: I18n = ENGLISH): string {
  switch (rule.kind) {
    case "price": {
      const back = rule.level * (rule.direction === "above" ? 1 - PRICE_REARM : 1 + PRICE_REARM);
      return t(rule.direction === "above" ? "alert.rearmPriceAbove" : "alert.rearmPriceBelow", {
        level: formatLevel(back, locale),
      });
    }
    case "pup": {
      const back = rule.level + (rule.direction === "above" ? -PUP_REARM : PUP_REARM);
      return t(rule.direction === "above" ? "alert.rearmPupAbove" : "alert.rearmPupBelow", {
        share: shareLevel(back, locale),
      });
    }
    case "band":
      return t("alert.rearmBand");
    case "volatility":
      return t("alert.rearmVolatility");
  }
}

/**
 * "paused since …: the channel refused posts" in `i18n`'s words; the platform's own words ("Missing
 * Access", "bot was kicked", and any free text an older Coincast stored) are quoted as given, framed in the
 * reader's language; a reason of Coincast's own is translated (`channel.ownReasons.<code>`).
 */
export function pausedSince(
  pausedAt: number,
  reason: PauseReason | null,
  { t, locale }: I18n = ENGLISH,
): string {
  return t("channel.pausedSince", {
    time: zonedMinute(pausedAt, "UTC", locale),
    reason:
      reason === null
        ? t("channel.refusedPosts")
        : reason.code === "platform"
          ? t("channel.refusedPostsSaying", { reason: reason.words })
          : t(`channel.ownReasons.${reason.code}`, { ...reason.params }),
  });
}

/** "armed", "fired, re-arms once …", "paused since …": an alert's state in a few words. */
export function alertState(a: Alert, i18n: I18n = ENGLISH): string {
  const { t, locale } = i18n;
  if (a.pausedAt !== null) return pausedSince(a.pausedAt, a.pauseReason, i18n);
  const fired =
    a.lastFiredAt === null ? "" : t("alert.lastFired", { time: zonedMinute(a.lastFiredAt, "UTC", locale) });
  if (a.rule.kind === "volatility")
    return `${t(a.state.armed ? "alert.regimeNormal" : "alert.regimeHigh")}${fired}`;
  return `${a.state.armed ? t("alert.armed") : t("alert.waiting", { rearm: rearmRule(a.rule, i18n) })}${fired}`;
}
