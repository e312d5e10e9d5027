import { allHorizons, resolveHorizon } from "../src/forecast/forecast.js";
import { ENGLISH } from "../src/i18n/index.js";
import { resolveSymbol } from "../src/market/symbols.js";
import { checkTimeZone, parseTime } from "../src/schedule/local-time.js";
import { DEFAULT_HORIZON } from "./forecast.js";
import { describeSubscription, nextPost, subscriptionsOf } from "./subscription-format.js";
import { defineCommand } from "./types.js";

export const DEFAULT_POST_TIME = "08:00";
export const DEFAULT_TIME_ZONE = "UTC";

/**
 * "btc,eth" as canonical symbols, in order, without repeats; empty or "all" means every configured one. A
 * pair outside the configured ones is accepted as /forecast accepts it (a listed pair, backfilled on its
 * first use): `pair` asks the core for its forecast at the subscription's horizon, so a pair the post could
 * not forecast is refused now, with /forecast's answer, not every morning.
 */
export async function parseSymbols(
  text: string | undefined,
  known: readonly string[],
  pair: (word: string) => Promise<string>,
): Promise<string[]> {
  const words = (text ?? "")
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
  if (words.length === 0 || (words.length === 1 && words[0]?.toLowerCase() === "all")) return [...known];
  const symbols: string[] = [];
  for (const word of words) symbols.push(safeResolve(word, known) ?? (await pair(word)));
  return [...new Set(symbols)];
}

/** The configured symbol `word` names, or undefined (the core then says what it makes of it). */
function safeResolve(word: string, known: readonly string[]): string | undefined {
  try {
    return resolveSymbol(word, known);
  } catch {
    return undefined;
  }
}

export const subscribeCommand = defineCommand(
  {
    name: "subscribe",
    description: "Post a forecast here every day at a local time; replaces this channel's subscription",
    options: [
      {
        name: "symbols",
        description: 'Coins, comma-separated, e.g. btc,eth (default "all")',
        maxLength: 100,
      },
      { name: "horizon", description: `How far ahead (default ${DEFAULT_HORIZON})`, choices: allHorizons() },
      { name: "time", description: `Local time of day, 24-hour HH:MM (default ${DEFAULT_POST_TIME})` },
      { name: "timezone", description: `IANA time zone, e.g. Europe/Paris (default ${DEFAULT_TIME_ZONE})` },
    ],
    permission: "admin",
  },
  async (args, { caller, services, progress, i18n = ENGLISH }) => {
    const { t } = i18n;
    const subscriptions = subscriptionsOf(services);
    const { horizon } = resolveHorizon(args.horizon ?? DEFAULT_HORIZON);
    // The cheap checks first: a bad time costs no backfill.
    const time = parseTime(args.time ?? DEFAULT_POST_TIME);
    const timeZone = checkTimeZone(args.timezone ?? DEFAULT_TIME_ZONE);
    const symbols = await parseSymbols(args.symbols, services.symbols, async (word) => {
      const forecast = await services.forecasts.forecast(word, horizon, {
        source: "command",
        onFetching: (pair) => progress(t("forecast.fetching", { symbol: pair })),
      });
      return forecast.symbol;
    });
    const stored = await subscriptions.subscribe({
      platform: caller.platform,
      channelId: caller.channelId,
      symbols,
      horizon,
      time,
      timeZone,
      createdBy: caller.userId,
      // The posts speak the subscribing admin's language.
      ...(caller.locale === undefined ? {} : { locale: caller.locale }),
    });
    return {
      title: t("subscriptions.subscribed"),
      lines: [
        t("subscriptions.line", {
          subscription: describeSubscription(stored, i18n),
          state: nextPost(stored, await subscriptions.nextPost(stored, stored.createdAt), i18n),
        }),
        t("subscriptions.replaces"),
      ],
    };
  },
);
