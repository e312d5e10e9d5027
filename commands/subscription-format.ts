import { UserError } from "../src/errors.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import type { Subscription } from "../src/schedule/store.js";
import { pausedSince } from "./alert-format.js";
import { joinWords, zonedMinute } from "./format.js";
import type { CommandServices } from "./types.js";

/** The subscription service, or a clear answer where this run has none. */
export function subscriptionsOf(services: CommandServices): NonNullable<CommandServices["subscriptions"]> {
  if (services.subscriptions === undefined) {
    throw new UserError("Daily posts are not available here.", { code: "not-available" });
  }
  return services.subscriptions;
}

/** "BTC/USDT, ETH/USDT at 1d, every day at 08:00 Europe/Paris". */
export function describeSubscription(s: Subscription, { t, locale }: I18n = ENGLISH): string {
  // English lists the pairs with commas, as it always did; other languages as they list things.
  const symbols = locale === "en" ? s.symbols.join(", ") : joinWords(s.symbols, locale);
  return t("subscriptions.describe", { symbols, horizon: s.horizon, time: s.time, timeZone: s.timeZone });
}

/** "next post 2026-03-30 08:00 Europe/Paris": `at`, from the subscription service's nextPost. */
export function nextPost(s: Subscription, at: number, { t, locale }: I18n = ENGLISH): string {
  return t("subscriptions.nextPost", { time: zonedMinute(at, s.timeZone, locale), timeZone: s.timeZone });
}

/** "paused since 2026-03-30 08:00 UTC: bot was blocked", or "" when active. */
export function pauseNote(s: Subscription, i18n: I18n = ENGLISH): string {
  return s.pausedAt === null ? "" : pausedSince(s.pausedAt, s.pauseReason, i18n);
}

/** A channel as every channel's list names it: "telegram -100"; the console, which has one, is "console". */
export function channelLabel(s: Pick<Subscription, "platform" | "channelId">): string {
  return s.platform === "console" ? "console" : `${s.platform} ${s.channelId}`;
}
