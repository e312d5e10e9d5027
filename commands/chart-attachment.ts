import type { Forecast } from "../src/contracts/forecast.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import type { Logger } from "../src/logger.js";
import type { Reply } from "./types.js";

/** "BTCUSDT-1d-20251208T0000Z.png": the pair, the horizon and the candle the forecast is based on. */
export function chartFilename(f: Forecast): string {
  const stamp = new Date(f.asOf).toISOString().slice(0, 16).replace(/[-:]/g, "");
  return `${f.symbol.replace(/[^A-Za-z0-9]/g, "")}-${f.horizon}-${stamp}Z.png`;
}

/**
 * `reply` with the forecast's chart attached, or, when drawing it fails, with a line saying so and the
 * failure logged: the numbers are the answer, and a picture that failed must not take them down with it.
 * The one place the `/forecast` reply, the daily post and the alert post attach a chart; its alt text and
 * that line in the reader's language.
 */
export async function withChart(
  reply: Reply,
  forecast: Forecast,
  draw: () => Promise<Buffer>,
  logger: Logger,
  { t }: I18n = ENGLISH,
): Promise<Reply> {
  try {
    const png = await draw();
    return {
      ...reply,
      image: {
        png,
        filename: chartFilename(forecast),
        description: t("attachment.alt", { symbol: forecast.symbol, horizon: forecast.horizon }),
      },
    };
  } catch (error) {
    logger.warn({ err: error, symbol: forecast.symbol, horizon: forecast.horizon }, "chart failed");
    return { ...reply, lines: [...reply.lines, t("attachment.failed")] };
  }
}
