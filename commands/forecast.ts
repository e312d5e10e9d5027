import { allHorizons } from "../src/forecast/forecast.js";
import type { ForecastReport } from "../src/forecast/report.js";
import { staleNotice } from "../src/format.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import { utcMinute } from "../src/time.js";
import { describeTrackRecord } from "./accuracy.js";
import { withChart } from "./chart-attachment.js";

export { chartFilename } from "./chart-attachment.js";

import { formatPrice, signedPercent } from "./format.js";
import { defineCommand, type Reply } from "./types.js";
import { verdictLine } from "./verdict.js";

export const DEFAULT_HORIZON = "1d";

export const NOT_ADVICE = "Not financial advice: a forecast is a range of outcomes, not a promise.";

/** The forecast in a few readable lines, the same words in every chat and on the command line. */
export function describeForecast(report: Omit<ForecastReport, "chart">): Reply {
  const { forecast: f, record } = report;
  const verdict = verdictLine(report);
  // "As of" is the close of the last candle, when the last price was the price (the chart says the same).
  const asOf = utcMinute(f.asOf + TIMEFRAME_MS[f.timeframe]);
  const data = `Data as of ${asOf} UTC (${f.data.source === "live" ? "live from the exchange" : "shipped history"}).`;
  const stale = f.data.stale ? [staleNotice(f.data, f.timeframe)] : [];
  return {
    title: `${f.symbol} forecast, ${f.horizon} ahead`,
    fields: [
      { name: "Last price", value: `${formatPrice(f.lastPrice)} at ${asOf} UTC` },
      {
        name: "Median",
        value: `${formatPrice(f.median)} (${signedPercent(f.median / f.lastPrice - 1)}) by ${utcMinute(f.targetTime)} UTC`,
      },
      {
        name: "80% interval",
        value: `${formatPrice(f.interval80.low)} to ${formatPrice(f.interval80.high)}`,
      },
      { name: "P(up)", value: `${(f.probabilityUp * 100).toFixed(0)}%` },
      { name: "Expected volatility", value: `${(f.expectedVolatility * 100).toFixed(1)}%` },
    ],
    lines: [
      ...(verdict === undefined ? [] : [verdict]),
      ...describeTrackRecord(record, `Track record ${f.symbol} ${f.horizon}`),
      data,
      ...stale,
    ],
    footer: `Model ${f.modelVersion}. ${NOT_ADVICE}`,
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
  async ({ symbol, horizon }, { services, progress }) => {
    // One call into the core: the forecast, its verdict, the pair's record and the chart's handle.
    const report = await services.forecasts.report(symbol, horizon ?? DEFAULT_HORIZON, {
      source: "command",
      onFetching: (pair) =>
        progress(`Fetching the history of ${pair} from the exchange (its first request here)…`),
    });
    return withChart(describeForecast(report), report.forecast, report.chart, services.logger);
  },
);
