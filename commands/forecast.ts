import type { Verdict } from "../src/evaluation/verdict.js";
import { allHorizons, type Forecast, resolveHorizon } from "../src/forecast/forecast.js";
import type { ForecastSource } from "../src/forecast/service.js";
import type { TrackRecord } from "../src/forecast/track-record.js";
import { formatDateTime, formatPercent, staleNotice } from "../src/format.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import { describeTrackRecord } from "./accuracy.js";
import { withChart } from "./chart-attachment.js";

export { chartFilename } from "./chart-attachment.js";

import { formatPrice, signedPercent } from "./format.js";
import { type CommandServices, defineCommand, type Reply } from "./types.js";
import { describeVerdict, servingVerdicts, unseenCoinLine } from "./verdict.js";

export const DEFAULT_HORIZON = "1d";

export const NOT_ADVICE = ENGLISH.t("forecast.notAdvice");

/** A forecast with what an honest reader needs beside it. */
export interface ForecastReport {
  forecast: Forecast;
  /** The serving model's recorded out-of-sample verdict for this symbol and horizon, if any. */
  verdict: Verdict | undefined;
  /** The served forecasts' track record for this symbol and horizon. */
  record: TrackRecord;
  /** For a coin the model never trained on: its leave-one-coin-out verdict. */
  unseen?: string | undefined;
}

/** The latest forecast, its model's out-of-sample verdict and the live track record of that pair and horizon. */
export async function forecastReport(
  services: Pick<CommandServices, "forecasts" | "evaluation" | "unseenCoins">,
  symbol: string,
  horizon: string,
  source: ForecastSource = "command",
  onFetching?: (symbol: string) => Promise<void> | void,
): Promise<ForecastReport> {
  const forecast = await services.forecasts.forecast(symbol, horizon, {
    source,
    ...(onFetching === undefined ? {} : { onFetching }),
  });
  const { steps } = resolveHorizon(forecast.horizon);
  const [verdicts, record, unseen] = await Promise.all([
    servingVerdicts(services, forecast.timeframe),
    services.forecasts.trackRecord({ symbol: forecast.symbol, horizon: forecast.horizon }),
    unseenCoinLine(services, forecast.timeframe, forecast.symbol, steps),
  ]);
  const verdict = verdicts.find((v) => v.symbol === forecast.symbol && v.horizon === steps);
  return { forecast, verdict, record, unseen };
}

/** The forecast in a few readable lines, the same words in every chat and on the command line. */
export function describeForecast(
  { forecast: f, verdict, record, unseen }: ForecastReport,
  { t, locale }: I18n = ENGLISH,
): Reply {
  // "As of" is the close of the last candle, when the last price was the price (the chart says the same).
  const asOf = formatDateTime(f.asOf + TIMEFRAME_MS[f.timeframe], locale);
  const source = t(f.data.source === "live" ? "forecast.live" : "forecast.shipped");
  const stale = f.data.stale ? [staleNotice(f.data, f.timeframe, { t, locale })] : [];
  const price = (value: number) => formatPrice(value, locale);
  const percent = (share: number, digits: number) => formatPercent(share, digits, locale);
  return {
    title: t("forecast.title", { symbol: f.symbol, horizon: f.horizon }),
    fields: [
      { name: t("forecast.lastPrice"), value: t("forecast.at", { price: price(f.lastPrice), time: asOf }) },
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
      ...(unseen === undefined ? [] : [unseen]),
      ...(verdict === undefined ? [] : [describeVerdict(verdict)]),
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
    const report = await forecastReport(services, symbol, horizon ?? DEFAULT_HORIZON, "command", (pair) =>
      progress(i18n.t("forecast.fetching", { symbol: pair })),
    );
    const reply = describeForecast(report, i18n);
    return withChart(reply, report.forecast, services);
  },
);
