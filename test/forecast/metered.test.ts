import { describe, expect, it } from "vitest";
import type { Forecast } from "../../src/contracts/forecast.js";
import { type ForecastOutcome, type Metrics, NO_METRICS } from "../../src/contracts/metrics.js";
import { UserError } from "../../src/errors.js";
import type { ForecastCache } from "../../src/forecast/cache.js";
import { meterCache, meterForecasts, meterSeries } from "../../src/forecast/metered.js";
import type { SeriesCache } from "../../src/forecast/series-cache.js";
import type { ForecastService } from "../../src/forecast/service.js";
import { silentLogger } from "../../src/logger.js";
import type { MarketData } from "../../src/market/market-data.js";
import { type ForecastCoreParts, joinForecastCore } from "../../src/root/forecast-core.js";

interface Counted {
  forecasts: { symbol: string; horizon: string; outcome: ForecastOutcome; seconds: number }[];
  lookups: boolean[];
  refreshed: [string, number][];
}

function counting(): Metrics & Counted {
  const counted: Counted = { forecasts: [], lookups: [], refreshed: [] };
  return {
    ...NO_METRICS,
    ...counted,
    forecast: (labels, seconds) => counted.forecasts.push({ ...labels, seconds }),
    cacheLookup: (_cache, hit) => counted.lookups.push(hit),
    dataRefreshed: (symbol, at) => counted.refreshed.push([symbol, at]),
  };
}

const market = {
  resolve: (input: string) => {
    if (input.toUpperCase() !== "BTC") throw new UserError(`unknown ${input}`, { code: "unknown-symbol" });
    return "BTC/USDT";
  },
};

/** A service whose forecast is made at `madeAt`, marked stale or not, or that throws `error`. */
function service(answer: { madeAt?: number; stale?: boolean; error?: Error }): ForecastService {
  return {
    forecast: async () => {
      if (answer.error !== undefined) throw answer.error;
      return {
        symbol: "BTC/USDT",
        horizon: "1d",
        madeAt: answer.madeAt ?? 0,
        data: { stale: answer.stale ?? false },
      } as unknown as Forecast;
    },
  } as unknown as ForecastService;
}

describe("meterForecasts", () => {
  // A clock that advances 40 ms per reading: the request starts at 1,000 and ends at 1,040.
  const clock = () => {
    let t = 960;
    return () => {
      t += 40;
      return t;
    };
  };

  it("GIVEN a forecast made during the request THEN fresh; made before THEN cached; on stale candles THEN stale", async () => {
    const metrics = counting();
    await meterForecasts(service({ madeAt: 1_020 }), metrics, market, clock()).forecast("BTC", "1d");
    await meterForecasts(service({ madeAt: 500 }), metrics, market, clock()).forecast("BTC", "1d");
    await meterForecasts(service({ madeAt: 500, stale: true }), metrics, market, clock()).forecast(
      "BTC",
      "1d",
    );
    expect(metrics.forecasts).toEqual([
      { symbol: "BTC/USDT", horizon: "1d", outcome: "fresh", seconds: 0.04 },
      { symbol: "BTC/USDT", horizon: "1d", outcome: "cached", seconds: 0.04 },
      { symbol: "BTC/USDT", horizon: "1d", outcome: "stale", seconds: 0.04 },
    ]);
  });

  it("GIVEN a busy refusal, a user's typo, a queue away, no model or a fault THEN busy, refused, then error, rethrown; unknown input is labelled other", async () => {
    const metrics = counting();
    const busy = new UserError("busy", { code: "busy" });
    await expect(
      meterForecasts(service({ error: busy }), metrics, market, clock()).forecast("btc", "3d"),
    ).rejects.toBe(busy);
    const typo = new UserError("unknown", { code: "unknown-symbol" });
    await expect(
      meterForecasts(service({ error: typo }), metrics, market, clock()).forecast("DROP TABLE", "99y"),
    ).rejects.toBe(typo);
    // Retryable: not the user's doing, so an error of the bot's side, as is anything that is no UserError.
    const away = new UserError("queue away", { code: "queue-unreachable" });
    await expect(
      meterForecasts(service({ error: away }), metrics, market, clock()).forecast("btc", "1d"),
    ).rejects.toBe(away);
    const untrained = new UserError("no model", { code: "no-model" });
    await expect(
      meterForecasts(service({ error: untrained }), metrics, market, clock()).forecast("btc", "1d"),
    ).rejects.toBe(untrained);
    const fault = new Error("bug");
    await expect(
      meterForecasts(service({ error: fault }), metrics, market, clock()).forecast("btc", "1d"),
    ).rejects.toBe(fault);
    expect(metrics.forecasts.map(({ seconds: _, ...labels }) => labels)).toEqual([
      { symbol: "BTC/USDT", horizon: "3d", outcome: "busy" },
      { symbol: "other", horizon: "other", outcome: "refused" },
      { symbol: "BTC/USDT", horizon: "1d", outcome: "error" },
      { symbol: "BTC/USDT", horizon: "1d", outcome: "error" },
      { symbol: "BTC/USDT", horizon: "1d", outcome: "error" },
    ]);
  });
});

describe("meterCache and meterSeries", () => {
  it("GIVEN a hit and a miss THEN both are counted, and writes pass through", async () => {
    const store = new Map<string, string>();
    const cache: ForecastCache<string> = {
      kind: "sqlite",
      get: async (key) => store.get(key),
      set: async (key, value) => void store.set(key, value),
      clear: async () => store.clear(),
      close: async () => undefined,
    };
    const metrics = counting();
    const metered = meterCache(cache, "forecast", metrics);
    expect(await metered.get("k")).toBeUndefined();
    await metered.set("k", "v", 1000);
    expect(await metered.get("k")).toBe("v");
    expect(metrics.lookups).toEqual([false, true]);
  });

  it("GIVEN a successful and a stale refresh THEN only the successful one sets the last refresh time", async () => {
    const series = {
      get: async () => {
        throw new Error("unused");
      },
      refresh: async (symbol: string) =>
        symbol === "BTC/USDT"
          ? { status: "updated", symbol, added: 1, replaced: 0, rejected: 0, asOf: 0 }
          : { status: "stale", symbol, added: 0, replaced: 0, rejected: 0, asOf: 0, reason: "down" },
    } as unknown as SeriesCache;
    const metrics = counting();
    const metered = meterSeries(series, metrics, () => 123_000);
    await metered.refresh("BTC/USDT");
    await metered.refresh("ETH/USDT");
    expect(metrics.refreshed).toEqual([["BTC/USDT", 123_000]]);
  });

  it("GIVEN a store whose series were refreshed before THEN the core with metrics sets their last refresh at start-up, before any refresh of its own", async () => {
    const market = {
      symbols: ["BTC/USDT", "ETH/USDT", "XRP/USDT"],
      status: async (symbol: string) => {
        if (symbol === "XRP/USDT") throw new Error("unreadable");
        // ETH/USDT: shipped history only, never refreshed.
        return [{ symbol, updatedAt: symbol === "BTC/USDT" ? 1_700_000_000_000 : null }];
      },
    } as unknown as MarketData;
    const metrics = counting();
    await joinForecastCore({
      market,
      registry: {} as ForecastCoreParts["registry"],
      runner: {} as ForecastCoreParts["runner"],
      caches: { forecasts: { kind: "sqlite" }, charts: { kind: "sqlite" } } as ForecastCoreParts["caches"],
      ledger: {} as ForecastCoreParts["ledger"],
      holdoutDays: 60,
      metrics,
      logger: silentLogger(),
    });
    expect(metrics.refreshed).toEqual([["BTC/USDT", 1_700_000_000_000]]);
  });
});
