import type { Verdict } from "../src/evaluation/verdict.js";
import { allHorizons, type Forecast, resolveHorizon } from "../src/forecast/forecast.js";
import type { ForecastSource } from "../src/forecast/service.js";
import type { TrackRecord } from "../src/forecast/track-record.js";
import { staleNotice } from "../src/format.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import { utcMinute } from "../src/time.js";
import { describeTrackRecord } from "./accuracy.js";
import { withChart } from "./chart-attachment.js";

export { chartFilename } from "./chart-attachment.js";

import { formatPrice, signedPercent } from "./format.js";
import { type CommandServices, defineCommand, type Reply } from "./types.js";
import { describeVerdict, servingVerdicts, unseenCoinLine } from "./verdict.js";

export const DEFAULT_HORIZON = "1d";

export const NOT_ADVICE = "Not financial advice: a forecast is a range of outcomes, not a promise.";

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
export function describeForecast({ forecast: f, verdict, record, unseen }: ForecastReport): Reply {
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
      ...(unseen === undefined ? [] : [unseen]),
      ...(verdict === undefined ? [] : [describeVerdict(verdict)]),
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
    const report = await forecastReport(services, symbol, horizon ?? DEFAULT_HORIZON, "command", (pair) =>
      progress(`Fetching the history of ${pair} from the exchange (its first request here)…`),
    );
    const reply = describeForecast(report);
    return withChart(reply, report.forecast, services);
  },
);
