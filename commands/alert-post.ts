import type { ForecastService } from "../src/forecast/service.js";
import { staleNotice } from "../src/format.js";
import { type I18n, i18nFor } from "../src/i18n/index.js";
import type { Logger } from "../src/logger.js";
import type { AlertFiring } from "../src/schedule/alert-checker.js";
import { type Fired, formatClose, formatCrossing, formatLevel } from "../src/schedule/alert-rules.js";
import { describeAlert, shareBeside, shareLevel } from "./alert-format.js";
import { withChart } from "./chart-attachment.js";
import { summaryLine } from "./daily-post.js";
import { formatPrice, share } from "./format.js";
import type { Reply } from "./types.js";

/** What fired, one sentence with its numbers: "BTC/USDT closed above 100,000: 101,000 at the 4h close." */
export function describeFired(symbol: string, fired: Fired, { t, locale }: I18n): string {
  const price = (value: number) => formatPrice(value, locale);
  switch (fired.kind) {
    case "price":
      return t(fired.direction === "above" ? "alert.firedPriceAbove" : "alert.firedPriceBelow", {
        symbol,
        level: formatLevel(fired.level, locale),
        close: formatClose(fired.close, fired.level, locale),
      });
    case "pup":
      return t(fired.direction === "above" ? "alert.firedPupAbove" : "alert.firedPupBelow", {
        symbol,
        level: shareLevel(fired.level, locale),
        share: shareBeside(fired.probabilityUp, fired.level, locale),
      });
    case "band": {
      // The close beside the edge it crossed, with the decimals that keep them apart (as a price alert's).
      const above = fired.side === "above";
      const shown = formatCrossing(fired.close, above ? fired.high : fired.low, locale);
      return t(above ? "alert.firedBandAbove" : "alert.firedBandBelow", {
        symbol,
        close: shown.close,
        low: above ? price(fired.low) : shown.edge,
        high: above ? shown.edge : price(fired.high),
      });
    }
    case "volatility": {
      const v = fired.reading;
      return t(fired.regime === "high" ? "alert.firedVolatilityHigh" : "alert.firedVolatilityNormal", {
        symbol,
        value: share(v.value, 2, locale),
        p80: share(v.p80, 2, locale),
        p90: share(v.p90, 2, locale),
        days: v.days,
      });
    }
  }
}

/**
 * One alert's message: what crossed, the 4h forecast now, and its chart, in the language of whoever set
 * the alert (stored with it; English when none was).
 */
export async function buildAlertPost(
  forecasts: Pick<ForecastService, "chart">,
  firing: AlertFiring,
  logger: Logger,
): Promise<Reply> {
  const { alert, fired, observation } = firing;
  const i18n = i18nFor(alert.locale);
  const { t, locale } = i18n;
  const f = observation.forecast;
  const reply: Reply = {
    locale: alert.locale,
    title: t("alert.postTitle", { id: alert.id, alert: describeAlert(alert, i18n) }),
    lines: [
      describeFired(alert.symbol, fired, i18n),
      t("alert.next4h", { summary: summaryLine(f, i18n) }),
      ...(f.data.stale ? [staleNotice(f.data, f.timeframe, i18n)] : []),
    ],
    footer: t("alert.postFooter", {
      version: f.modelVersion,
      id: alert.id,
      notAdvice: t("forecast.notAdvice"),
    }),
  };
  return withChart(reply, f, () => forecasts.chart(f, locale), logger, i18n);
}
