import type { Forecast } from "../contracts/forecast.js";
import type { Locale } from "../i18n/index.js";
import type { Candle } from "../market/types.js";
import { renderForecastChart } from "./render.js";
import { CHART_HISTORY } from "./scene.js";

export interface ChartJobInput {
  forecast: Forecast;
  /** Candles of the forecast's timeframe ending with its origin candle; the job keeps the last CHART_HISTORY. */
  history: Candle[];
  /** The language of the picture; English when absent. */
  locale?: Locale;
}

/** The "chart" job: the forecast picture, rendered off the main thread (tens of ms of canvas work). */
export async function runChartJob(input: ChartJobInput): Promise<{ png: Uint8Array }> {
  return {
    png: renderForecastChart({
      forecast: input.forecast,
      history: input.history.slice(-CHART_HISTORY),
      locale: input.locale ?? "en",
    }),
  };
}
