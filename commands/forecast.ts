import { allHorizons } from "../src/forecast/forecast.js";
import type { ForecastReport } from "../src/forecast/report.js";
import { formatDateTime, formatPercent } from "../src/format.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import { describeTrackRecord } from "./accuracy.js";
import { withChart } from "./chart-attachment.js";

export { chartFilename } from "./chart-attachment.js";

import { dataNotices, formatPrice, signedPercent } from "./format.js";
import { defineCommand, type Reply } from "./types.js";
import { verdictLine } from "./verdict.js";

export const DEFAULT_HORIZON = "1d";

/** The forecast in a few readable lines, the same words in every chat and on the command line. */
export function describeForecast(
  report: Omit<ForecastReport, "chart">,
  { t, locale }: I18n = ENGLISH,
): Reply {
  const { forecast: f, record } = report;
  const verdict = verdictLine(report, locale);
  // "As of" is the close of the last candle, when the last price was the price (the chart says the same).
  const asOf = formatDateTime(f.asOf + TIMEFRAME_MS[f.timeframe], locale);
  const source = t(f.data.source === "live" ? "forecast.live" : "forecast.shipped");
  const stale = dataNotices(f, { t, locale });
  const price = (value: number) => formatPrice(value, locale);
  const percent = (share: number, digits: number) => formatPercent(share, digits, locale);
  const at = (value: number, time: string) => t("forecast.at", { price: price(value), time });
  // A daily forecast starts from the last daily close; when 4h candles closed since, it is not the last price.
  const latest =
    f.latest === undefined ? undefined : { ...f.latest, when: formatDateTime(f.latest.time, locale) };
  return {
    title: t("forecast.title", { symbol: f.symbol, horizon: f.horizon }),
    fields: [
      {
        name: t(latest === undefined ? "forecast.lastPrice" : "forecast.lastDailyClose"),
        value: at(f.lastPrice, asOf),
      },
      ...(latest === undefined
        ? []
        : [
            {
              name: t("forecast.latestPrice"),
              value: t("forecast.latestValue", { price: price(latest.price), time: latest.when }),
            },
          ]),
      {
        name: t("forecast.median"),
        value: t("forecast.medianValue", {
          price: price(f.median),
          change: signedPercent(f.median / f.lastPrice - 1, 1, locale),
          time: formatDateTime(f.targetTime, locale),
        }),
      },
      {
        name: t("forecast.interval80"),
        value: t("forecast.range", { low: price(f.interval80.low), high: price(f.interval80.high) }),
      },
      { name: t("forecast.pUp"), value: percent(f.probabilityUp, 0) },
      { name: t("forecast.volatility"), value: percent(f.expectedVolatility, 1) },
    ],
    lines: [
      ...(verdict === undefined ? [] : [verdict]),
      ...describeTrackRecord(record, t("track.label", { symbol: f.symbol, horizon: f.horizon }), {
        t,
        locale,
      }),
      t("forecast.dataAsOf", { time: asOf, source }),
      ...stale,
    ],
    footer: `${t("forecast.model", { version: f.modelVersion })} ${t("forecast.notAdvice")}`,
  };
}

export const forecastCommand = defineCommand(
  {
    name: "forecast",
    description: "Where a coin may be at a horizon: median, 80% interval, P(up), with the model's record",
    options: [
      { name: "symbol", description: "A coin, e.g. BTC or ETH/USDT", required: true, autocomplete: "symbol" },
      { name: "horizon", description: `How far ahead (default ${DEFAULT_HORIZON})`, choices: allHorizons() },
    ],
    permission: "everyone",
  },
  async ({ symbol, horizon }, { services, progress, i18n = ENGLISH }) => {
    // One call into the core: the forecast, its verdict, the pair's record and the chart's handle.
    const report = await services.forecasts.report(symbol, horizon ?? DEFAULT_HORIZON, {
      source: "command",
      onFetching: (pair) => progress(i18n.t("forecast.fetching", { symbol: pair })),
    });
    return withChart(
      describeForecast(report, i18n),
      report.forecast,
      () => report.chart(i18n.locale),
      services.logger,
      i18n,
    );
  },
);
