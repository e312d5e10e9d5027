import { isUserError } from "../src/errors.js";
import type { Forecast } from "../src/forecast/forecast.js";
import type { ForecastService } from "../src/forecast/service.js";
import type { ScoredEntry } from "../src/forecast/track-record.js";
import { staleNotice } from "../src/format.js";
import type { Logger } from "../src/logger.js";
import type { PostSlot } from "../src/schedule/due.js";
import { withChart } from "./chart-attachment.js";
import { NOT_ADVICE } from "./forecast.js";
import { formatPrice, signedPercent } from "./format.js";
import type { Reply } from "./types.js";

/** What a post needs of the forecast core. */
export type PostForecasts = Pick<ForecastService, "forecast" | "chart" | "scored">;

const DAY_MS = 86_400_000;

/** "BTC/USDT: median 98,000 (+0.9%), 80% 94,000 to 101,000, P(up) 62%". */
export function summaryLine(f: Forecast): string {
  return (
    `${f.symbol}: median ${formatPrice(f.median)} (${signedPercent(f.median / f.lastPrice - 1)}), ` +
    `80% ${formatPrice(f.interval80.low)} to ${formatPrice(f.interval80.high)}, ` +
    `P(up) ${(f.probabilityUp * 100).toFixed(0)}%`
  );
}

/** "yesterday: BTC/USDT 1d median 97,120, actual 96,480, inside the 80% interval". */
export function scoredLine(entry: ScoredEntry): string {
  const f = entry.forecast;
  const where = entry.score.inside80 ? "inside" : "outside";
  return `yesterday: ${f.symbol} ${f.horizon} median ${formatPrice(f.median)}, actual ${formatPrice(entry.actual)}, ${where} the 80% interval`;
}

/**
 * One subscription's daily post: a summary line per symbol, the chart of the first symbol that could be
 * forecast, and how the forecasts that came due over the last day fared. A symbol that can not be forecast
 * costs its line, not the post; only when none can is the post given up (the error is thrown).
 */
export async function buildPost(forecasts: PostForecasts, slot: PostSlot, logger: Logger): Promise<Reply> {
  const { subscription } = slot;
  const made: Forecast[] = [];
  const lines: string[] = [];
  let firstError: unknown;
  for (const symbol of subscription.symbols) {
    try {
      const forecast = await forecasts.forecast(symbol, subscription.horizon, { source: "post" });
      made.push(forecast);
      lines.push(summaryLine(forecast));
    } catch (error) {
      firstError ??= error;
      if (!isUserError(error)) logger.warn({ err: error, symbol }, "post: forecast failed");
      lines.push(`${symbol}: no forecast this time${isUserError(error) ? ` (${error.message})` : ""}.`);
    }
  }
  const first = made[0];
  if (first === undefined) throw firstError ?? new Error("a subscription with no symbols");
  // One line per stale coin: each may be stale since a different candle.
  for (const f of made) if (f.data.stale) lines.push(`${f.symbol} ${staleNotice(f.data, f.timeframe)}`);
  lines.push(...(await yesterday(forecasts, slot, logger)));

  const reply: Reply = {
    title: `Daily forecast, ${subscription.horizon} ahead (${slot.day})`,
    lines,
    footer: `Model ${first.modelVersion}. ${NOT_ADVICE} /unsubscribe stops these posts.`,
  };
  return withChart(reply, first, () => forecasts.chart(first), logger);
}

/** The newest scored forecast per symbol whose target came in the day before the post. */
async function yesterday(forecasts: PostForecasts, slot: PostSlot, logger: Logger): Promise<string[]> {
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
      if (entry !== undefined) lines.push(scoredLine(entry));
    }
    return lines.length > 0 ? lines : ["yesterday: no forecast of these came due and was scored."];
  } catch (error) {
    // The track record is a bonus; the day's forecasts still go out.
    logger.warn({ err: error }, "post: yesterday's scored forecasts unavailable");
    return [];
  }
}
