import { type Exchange, RateLimitExceeded } from "ccxt";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createListedMarkets, MARKETS_TTL_MS } from "../../src/market/listed-markets.js";
import { fastBackoff } from "../helpers/fast-backoff.js";

/** A ccxt stand-in: markets and tickers as ccxt returns them, and a switch to make the exchange fail. */
function fakeClient() {
  const state = { loads: 0, failing: false, tickersFail: false, tickersRateLimited: 0, tickerCalls: 0 };
  const market = (base: string, quote: string, extra: Record<string, unknown> = {}) => ({
    symbol: `${base}/${quote}`,
    base,
    quote,
    spot: true,
    active: true,
    info: {},
    ...extra,
  });
  const client = {
    has: { fetchTickers: true },
    loadMarkets: async () => {
      state.loads += 1;
      if (state.failing) throw new Error("ExchangeNotAvailable: 503");
      return {
        "BTC/USDT": market("BTC", "USDT"),
        "SOL/USDT": market("SOL", "USDT"),
        "LUNA/USDT": market("LUNA", "USDT", { active: false }),
        "BTC/USDT:USDT": market("BTC", "USDT", { spot: false, symbol: "BTC/USDT:USDT" }),
        "WEIRD/USDT": market("WE IRD", "USDT"),
        "ETH/BTC": market("ETH", "BTC", { info: { quoteVolume: "42" } }),
      };
    },
    fetchTickers: async () => {
      state.tickerCalls += 1;
      if (state.tickersRateLimited > 0) {
        state.tickersRateLimited -= 1;
        throw new RateLimitExceeded("binance GET /api/v3/ticker/24hr 429 Too Many Requests");
      }
      if (state.tickersFail) throw new Error("no tickers");
      return { "BTC/USDT": { quoteVolume: 5e9 }, "SOL/USDT": { quoteVolume: 9e9 } };
    },
  };
  return { client: client as unknown as Exchange, state };
}

describe("createListedMarkets", () => {
  it("GIVEN the markets THEN active spot pairs of a sane shape, most liquid first", async () => {
    const { client } = fakeClient();
    const listed = createListedMarkets({ exchange: client, logger: silentLogger() });
    expect(listed.cached()).toBeUndefined();
    const result = await listed.get();
    expect(result.status).toBe("ok");
    expect(listed.cached()?.map((m) => m.symbol)).toEqual(["SOL/USDT", "BTC/USDT", "ETH/BTC"]);
    expect(listed.cached()?.[2]?.quoteVolume).toBe(42);
  });

  it("GIVEN concurrent callers THEN one load; GIVEN a day later THEN it loads again", async () => {
    const { client, state } = fakeClient();
    let now = 1_000_000;
    const listed = createListedMarkets({ exchange: client, logger: silentLogger(), now: () => now });
    await Promise.all([listed.get(), listed.get(), listed.get()]);
    expect(state.loads).toBe(1);
    now += MARKETS_TTL_MS - 1;
    await listed.get();
    expect(state.loads).toBe(1);
    now += 1;
    await listed.get();
    expect(state.loads).toBe(2);
  });

  it("GIVEN a failed reload THEN yesterday's list stands; GIVEN no list ever THEN unavailable, asked again after a minute", async () => {
    const { client, state } = fakeClient();
    let now = 0;
    const listed = createListedMarkets({ exchange: client, logger: silentLogger(), now: () => now });
    await listed.get();
    state.failing = true;
    now += MARKETS_TTL_MS;
    expect((await listed.get()).status).toBe("ok");

    const fresh = createListedMarkets({ exchange: client, logger: silentLogger(), now: () => now });
    const loadsBefore = state.loads;
    expect(await fresh.get()).toMatchObject({
      status: "unavailable",
      reason: expect.stringContaining("503"),
    });
    await fresh.get();
    expect(state.loads).toBe(loadsBefore + 1);
    now += 60_000;
    state.failing = false;
    expect((await fresh.get()).status).toBe("ok");
  });

  it("GIVEN tickers failing THEN the list stands without volumes, and says so", async () => {
    const { client, state } = fakeClient();
    state.tickersFail = true;
    const listed = createListedMarkets({ exchange: client, logger: silentLogger() });
    expect(await listed.get()).toMatchObject({
      status: "ok",
      volumes: { loaded: false, reason: expect.stringContaining("no tickers") },
    });
    expect(listed.cached()?.map((m) => m.symbol)).toEqual(["ETH/BTC", "BTC/USDT", "SOL/USDT"]);
  });

  it("GIVEN a list without volumes THEN it is asked for again after a minute, not a day; a reload without volumes keeps the ranked list", async () => {
    const { client, state } = fakeClient();
    let now = 0;
    const listed = createListedMarkets({ exchange: client, logger: silentLogger(), now: () => now });
    state.tickersFail = true;
    await listed.get();
    now += 60_000;
    state.tickersFail = false;
    expect(await listed.get()).toMatchObject({ volumes: { loaded: true } });
    expect(listed.cached()?.map((m) => m.symbol)).toEqual(["SOL/USDT", "BTC/USDT", "ETH/BTC"]);

    now += MARKETS_TTL_MS;
    state.tickersFail = true;
    expect(await listed.get()).toMatchObject({ volumes: { loaded: true } });
    expect(listed.cached()?.map((m) => m.symbol)).toEqual(["SOL/USDT", "BTC/USDT", "ETH/BTC"]);
  });

  it("GIVEN tickersRetry and one 429 THEN the tickers call is retried and the volumes are in", async () => {
    const { client, state } = fakeClient();
    state.tickersRateLimited = 1;
    const backoff = fastBackoff(1, 1, 1);
    const listed = createListedMarkets({
      exchange: client,
      logger: silentLogger(),
      tickersRetry: { retries: 2, backoff },
    });
    expect(await listed.get()).toMatchObject({ status: "ok", volumes: { loaded: true } });
    expect(state.tickerCalls).toBe(2);
    expect(listed.cached()?.map((m) => m.symbol)).toEqual(["SOL/USDT", "BTC/USDT", "ETH/BTC"]);
  });
});
