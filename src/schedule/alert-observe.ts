import jstat from "jstat";
import type { Forecast } from "../contracts/forecast.js";
import type { ForecastService } from "../forecast/service.js";
import {
  ALERT_HORIZON,
  MIN_VOLATILITY_DAYS,
  type Observation,
  VOLATILITY_HIGH,
  VOLATILITY_NORMAL,
  type VolatilityReading,
} from "./alert-rules.js";
import type { AlertStore } from "./alert-schema.js";

const { jStat } = jstat;

const YEAR_MS = 365 * 86_400_000;

/** What alerts need of the forecast core. */
export type AlertForecasts = Pick<ForecastService, "forecast" | "chart" | "volatilityHistory">;

export interface Observer {
  /**
   * The newest 4h close of what the user typed and the forecast made from it; with `volatility`, the
   * forecast volatility against its own last year (absent when fewer than MIN_VOLATILITY_DAYS are known).
   * @throws UserError for a symbol the bot can not forecast (with suggestions), as /forecast does.
   */
  observe(
    symbol: string,
    options?: { volatility?: boolean; onFetching?: (symbol: string) => Promise<void> | void },
  ): Promise<Observation>;
}

/**
 * Observations over the forecast core. The daily forecast volatility of the last year is computed once per
 * symbol (a model run per day, ~6 s) and kept in the store; later checks add only the days since.
 */
export function createObserver(deps: { store: AlertStore; forecasts: AlertForecasts }): Observer {
  const { store, forecasts } = deps;

  const reading = async (forecast: Forecast): Promise<VolatilityReading | undefined> => {
    const { symbol } = forecast;
    const stored = await store.volatilities(symbol, forecast.asOf - YEAR_MS);
    const last = stored.at(-1)?.asOf;
    const { days, latest } = await forecasts.volatilityHistory(
      symbol,
      ALERT_HORIZON,
      last === undefined ? forecast.asOf - YEAR_MS : last + 1,
    );
    await store.saveVolatilities(symbol, days);
    const year = [...stored, ...days]
      .filter((d) => d.asOf > latest.asOf - YEAR_MS && d.asOf < latest.asOf)
      .map((d) => d.volatility);
    if (year.length < MIN_VOLATILITY_DAYS) return undefined;
    const [p80 = Number.NaN, p90 = Number.NaN] = jStat.quantiles(
      year,
      [VOLATILITY_NORMAL, VOLATILITY_HIGH],
      1,
      1,
    );
    return { value: latest.volatility, p80, p90, days: year.length };
  };

  return {
    async observe(symbol, options = {}) {
      const forecast = await forecasts.forecast(symbol, ALERT_HORIZON, {
        source: "alert",
        ...(options.onFetching === undefined ? {} : { onFetching: options.onFetching }),
      });
      if (options.volatility !== true) return { forecast };
      const volatility = await reading(forecast);
      return volatility === undefined ? { forecast } : { forecast, volatility };
    },
  };
}
