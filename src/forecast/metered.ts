import type { ForecastOutcome, Metrics } from "../contracts/metrics.js";
import { isUserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { MarketData } from "../market/market-data.js";
import type { ForecastCache } from "./cache.js";
import { type Forecast, resolveHorizon } from "./forecast.js";
import type { SeriesCache } from "./series-cache.js";
import type { ForecastService } from "./service.js";

/**
 * The forecast core, counted: decorators the composition root puts around the service, its caches and its
 * candle series, so that the core itself carries no metric code and a process without HTTP_PORT runs the
 * undecorated parts.
 */

/**
 * Counts every forecast request by symbol, horizon and outcome, with its latency. A forecast made before
 * the request began came from the cache (or another replica's run); one made during it is fresh. Labels of
 * a refused request are the resolved symbol and horizon, or "other" for input the core does not know, so
 * that typed nonsense cannot grow the metric without bound.
 */
export function meterForecasts(
  service: ForecastService,
  metrics: Metrics,
  market: Pick<MarketData, "resolve">,
  now: () => number = Date.now,
): ForecastService {
  const counted = async <T>(
    symbol: string,
    horizon: string,
    run: () => Promise<T>,
    forecastOf: (result: T) => Forecast,
  ): Promise<T> => {
    const started = now();
    const seconds = () => (now() - started) / 1000;
    try {
      const result = await run();
      const made = forecastOf(result);
      const outcome: ForecastOutcome = made.data.stale ? "stale" : made.madeAt < started ? "cached" : "fresh";
      metrics.forecast({ symbol: made.symbol, horizon: made.horizon, outcome }, seconds());
      return result;
    } catch (error) {
      metrics.forecast(
        {
          symbol: knownSymbol(market, symbol),
          horizon: knownHorizon(horizon),
          outcome: failedOutcome(error),
        },
        seconds(),
      );
      throw error;
    }
  };
  // A spread, not Object.create: the service is a plain object of closures, and callers may destructure it.
  // A chat /forecast asks for the report, `coincast forecast --json` and posts for the forecast: both count.
  return {
    ...service,
    forecast: (symbol, horizon, options) =>
      counted(
        symbol,
        horizon,
        () => service.forecast(symbol, horizon, options),
        (made) => made,
      ),
    report: (symbol, horizon, options) =>
      counted(
        symbol,
        horizon,
        () => service.report(symbol, horizon, options),
        (report) => report.forecast,
      ),
  };
}

/**
 * A request that failed: `busy` (the queue was full), `refused` (a UserError that answers the request
 * itself, such as an unknown symbol: the user's to fix, not the bot's), or `error` (a dependency away, a
 * worker timing out, no model to serve with: the operator's to fix, anything else).
 */
function failedOutcome(error: unknown): ForecastOutcome {
  if (!isUserError(error)) return "error";
  if (error.code === "busy") return "busy";
  return error.retryable || error.code === "no-model" ? "error" : "refused";
}

function knownSymbol(market: Pick<MarketData, "resolve">, input: string): string {
  try {
    return market.resolve(input);
  } catch {
    return "other";
  }
}

function knownHorizon(input: string): string {
  try {
    return resolveHorizon(input).horizon;
  } catch {
    return "other";
  }
}

/** Counts hits and misses of a cache (a failed read is a miss, as the cache itself treats it). */
export function meterCache<T>(
  cache: ForecastCache<T>,
  name: "forecast" | "chart",
  metrics: Metrics,
): ForecastCache<T> {
  return {
    kind: cache.kind,
    get: async (key) => {
      const found = await cache.get(key);
      metrics.cacheLookup(name, found !== undefined);
      return found;
    },
    set: (key, value, ttlMs) => cache.set(key, value, ttlMs),
    clear: () => cache.clear(),
    close: () => cache.close(),
  };
}

/**
 * Sets each symbol's last refresh from what the store recorded (when a refresh last appended candles, its
 * `updatedAt`), so that the gauge is there from start-up rather than from the first refresh of this
 * process, which may be hours away with the exchange down. A series never refreshed (shipped history only)
 * or that cannot be read is left out: it has no refresh to report. Call it before the first refresh.
 */
export async function seedLastRefresh(
  market: Pick<MarketData, "symbols" | "status">,
  metrics: Metrics,
  logger: Logger,
): Promise<void> {
  for (const symbol of market.symbols) {
    try {
      const updatedAt = (await market.status(symbol))[0]?.updatedAt;
      if (updatedAt !== undefined && updatedAt !== null) metrics.dataRefreshed(symbol, updatedAt);
    } catch (error) {
      logger.debug({ err: error, symbol }, "no stored refresh time for the metrics");
    }
  }
}

/** Records when each symbol's candles were last refreshed from the exchange (a stale result is no refresh). */
export function meterSeries(
  series: SeriesCache,
  metrics: Metrics,
  now: () => number = Date.now,
): SeriesCache {
  return {
    get: (symbol, timeframe) => series.get(symbol, timeframe),
    refresh: async (symbol, signal, options) => {
      const result = await series.refresh(symbol, signal, options);
      if (result.status !== "stale") metrics.dataRefreshed(result.symbol, now());
      return result;
    },
  };
}
