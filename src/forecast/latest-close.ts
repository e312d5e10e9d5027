import type { Forecast } from "../contracts/forecast.js";
import type { Logger } from "../logger.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { SeriesCache } from "./series-cache.js";

/**
 * A daily forecast with the newest price the bot holds: the daily model forecasts from the last daily
 * close, which by evening is most of a day old while 4h candles have closed since. The reply must not call
 * that daily close "the last price", so the newest 4h close comes along (see Forecast.latest). Not cached
 * with the forecast: it moves every 4 hours, the daily forecast once a day.
 */
export async function withLatestClose(
  deps: { series: Pick<SeriesCache, "get">; logger: Logger },
  forecast: Forecast,
): Promise<Forecast> {
  const { latest: _, ...daily } = forecast;
  if (forecast.timeframe !== "1d") return daily;
  try {
    const last = (await deps.series.get(forecast.symbol, "4h")).candles.at(-1);
    const time = last === undefined ? 0 : last.time + TIMEFRAME_MS["4h"];
    if (last === undefined || time <= forecast.asOf + TIMEFRAME_MS["1d"]) return daily;
    return { ...daily, latest: { price: last.close, time } };
  } catch (error) {
    // The forecast stands without it (as it was before 4h candles were consulted), and the log says why.
    deps.logger.warn(
      { err: error, symbol: forecast.symbol },
      "no 4h candles for a daily forecast's latest price",
    );
    return daily;
  }
}
