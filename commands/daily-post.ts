import { isUserError } from "../src/errors.js";
import type { Forecast } from "../src/forecast/forecast.js";
import type { ForecastService } from "../src/forecast/service.js";
import type { ScoredEntry } from "../src/forecast/track-record.js";
import { formatDateTime, formatDay, staleNotice } from "../src/format.js";
import { ENGLISH, type I18n, i18nFor } from "../src/i18n/index.js";
import { userErrorLines } from "../src/i18n/user-error.js";
import type { Logger } from "../src/logger.js";
import type { PostSlot } from "../src/schedule/due.js";
import { withChart } from "./chart-attachment.js";
import { formatPrice, share, signedPercent } from "./format.js";
import type { Reply } from "./types.js";

/** What a post needs of the forecast core. */
export type PostForecasts = Pick<ForecastService, "forecast" | "chart" | "scored">;

const DAY_MS = 86_400_000;

/** "BTC/USDT: median 98,000 (+0.9%), 80% 94,000 to 101,000, P(up) 62%". */
export function summaryLine(f: Forecast, { t, locale }: I18n = ENGLISH): string {
  return t("post.summary", {
    symbol: f.symbol,
    median: formatPrice(f.median, locale),
    change: signedPercent(f.median / f.lastPrice - 1, 1, locale),
    low: formatPrice(f.interval80.low, locale),
    high: formatPrice(f.interval80.high, locale),
    pUp: share(f.probabilityUp, 0, locale),
  });
}

/**
 * A daily forecast's origin when 4h candles closed after it: the daily close it starts from, and the
 * newest price the bot holds (none when the daily close is the newest).
 */
function latestLine(f: Forecast, { t, locale }: I18n = ENGLISH): string[] {
  if (f.latest === undefined) return [];
  return [
    t("post.latest", {
      symbol: f.symbol,
      close: formatPrice(f.lastPrice, locale),
      time: formatDateTime(f.asOf + DAY_MS, locale),
      price: formatPrice(f.latest.price, locale),
      latestTime: formatDateTime(f.latest.time, locale),
    }),
  ];
}

/** "yesterday: BTC/USDT 1d median 97,120, actual 96,480, inside the 80% interval". */
export function scoredLine(entry: ScoredEntry, { t, locale }: I18n = ENGLISH): string {
  const f = entry.forecast;
  return t(entry.score.inside80 ? "post.scoredInside" : "post.scoredOutside", {
    symbol: f.symbol,
    horizon: f.horizon,
    median: formatPrice(f.median, locale),
    actual: formatPrice(entry.actual, locale),
  });
}

/**
 * One subscription's daily post: a summary line per symbol, the chart of the first symbol that could be
 * forecast, and how the forecasts that came due over the last day fared. A symbol that can not be forecast
 * costs its line, not the post; only when none can is the post given up (the error is thrown).
 * Written in the subscription's language (the subscribing admin's, stored with it; English when none).
 */
export async function buildPost(forecasts: PostForecasts, slot: PostSlot, logger: Logger): Promise<Reply> {
  const { subscription } = slot;
  const i18n = i18nFor(subscription.locale);
  const { t } = i18n;
  const made: Forecast[] = [];
  const lines: string[] = [];
  let firstError: unknown;
  for (const symbol of subscription.symbols) {
    try {
      const forecast = await forecasts.forecast(symbol, subscription.horizon, {
        source: "post",
        fresh: true,
      });
      made.push(forecast);
      lines.push(summaryLine(forecast, i18n), ...latestLine(forecast, i18n));
    } catch (error) {
      firstError ??= error;
      if (!isUserError(error)) logger.warn({ err: error, symbol }, "post: forecast failed");
      lines.push(
        isUserError(error)
          ? t("post.noForecastWhy", { symbol, why: userErrorLines(error, i18n).join(" ") })
          : t("post.noForecast", { symbol }),
      );
    }
  }
  const first = made[0];
  if (first === undefined) throw firstError ?? new Error("a subscription with no symbols");
  // One line per stale coin: each may be stale since a different candle.
  for (const f of made)
    if (f.data.stale)
      lines.push(t("post.stale", { symbol: f.symbol, notice: staleNotice(f.data, f.timeframe, i18n) }));
  lines.push(...(await yesterday(forecasts, slot, logger, i18n)));

  const reply: Reply = {
    locale: subscription.locale,
    // The slot's local day ("2026-06-02" where the subscription's time zone is), as the language writes a date.
    title: t("post.title", {
      horizon: subscription.horizon,
      day: formatDay(Date.parse(`${slot.day}T00:00:00Z`), i18n.locale),
    }),
    lines,
    footer: t("post.footer", { version: first.modelVersion, notAdvice: t("forecast.notAdvice") }),
  };
  return withChart(reply, first, () => forecasts.chart(first, i18n.locale), logger, i18n);
}

/** The newest scored forecast per symbol whose target came in the day before the post. */
async function yesterday(
  forecasts: PostForecasts,
  slot: PostSlot,
  logger: Logger,
  i18n: I18n,
): Promise<string[]> {
  const { subscription } = slot;
  try {
    const entries = await forecasts.scored({
      horizon: subscription.horizon,
      targetFrom: slot.at - DAY_MS,
      targetTo: slot.at,
    });
    const lines: string[] = [];
    for (const symbol of subscription.symbols) {
      const entry = entries.find((e) => e.forecast.symbol === symbol);
      if (entry !== undefined) lines.push(scoredLine(entry, i18n));
    }
    return lines.length > 0 ? lines : [i18n.t("post.noneScored")];
  } catch (error) {
    // The track record is a bonus; the day's forecasts still go out.
    logger.warn({ err: error }, "post: yesterday's scored forecasts unavailable");
    return [];
  }
}
