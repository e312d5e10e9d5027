import { UserError } from "../src/errors.js";
import { localMinute, nextInstant } from "../src/schedule/local-time.js";
import type { Subscription } from "../src/schedule/store.js";
import type { CommandServices } from "./types.js";

/** The subscription service, or a clear answer where this run has none. */
export function subscriptionsOf(services: CommandServices): NonNullable<CommandServices["subscriptions"]> {
  if (services.subscriptions === undefined) {
    throw new UserError("Daily posts are not available here.", { code: "not-available" });
  }
  return services.subscriptions;
}

/** "BTC/USDT, ETH/USDT at 1d, every day at 08:00 Europe/Paris". */
export function describeSubscription(s: Subscription): string {
  return `${s.symbols.join(", ")} at ${s.horizon}, every day at ${s.time} ${s.timeZone}`;
}

/** "next post 2026-03-30 08:00 Europe/Paris", counted from `from`. */
export function nextPost(s: Subscription, from: number): string {
  return `next post ${localMinute(nextInstant(s.time, s.timeZone, from), s.timeZone)} ${s.timeZone}`;
}

/** "paused since 2026-03-30 08:00 UTC: bot was blocked", or "" when active. */
export function pauseNote(s: Subscription): string {
  if (s.pausedAt === null) return "";
  return `paused since ${localMinute(s.pausedAt, "UTC")} UTC: ${s.pauseReason ?? "the channel refused posts"}`;
}
