import {
  BadResponse,
  BadSymbol,
  DDoSProtection,
  ExchangeNotAvailable,
  exchanges,
  NetworkError,
  RequestTimeout,
} from "ccxt";
import { afterEach, describe, expect, it } from "vitest";
import { CCXT_EXCHANGE_IDS } from "../../src/contracts/exchange-ids.js";
import { ConfigError } from "../../src/errors.js";
import { createExchange, overrideApiUrls } from "../../src/market/exchange.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";

const T0 = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;

describe("CCXT_EXCHANGE_IDS", () => {
  it("GIVEN the installed ccxt THEN the ids config checks EXCHANGE against are exactly ccxt's (regenerate after an upgrade)", () => {
    expect([...CCXT_EXCHANGE_IDS]).toEqual(Object.keys(exchanges));
  });
});

describe("overrideApiUrls", () => {
  it("GIVEN ccxt's nested api URLs THEN each origin is replaced and each path kept", () => {
    const api = {
      public: "https://api.binance.com/api/v3",
      fapiPublic: "https://fapi.binance.com/fapi/v1",
      nested: { spot: "https://api.{hostname}/v1" },
      bare: "https://api.example.com",
      notAUrl: 42,
    };
    expect(overrideApiUrls(api, "http://127.0.0.1:8080/")).toEqual({
      public: "http://127.0.0.1:8080/api/v3",
      fapiPublic: "http://127.0.0.1:8080/fapi/v1",
      nested: { spot: "http://127.0.0.1:8080/v1" },
      bare: "http://127.0.0.1:8080",
      notAUrl: 42,
    });
  });

  it("GIVEN an override with a path prefix THEN the prefix comes before ccxt's path", () => {
    expect(overrideApiUrls({ public: "https://api.binance.com/api/v3" }, "http://proxy:1/binance")).toEqual({
      public: "http://proxy:1/binance/api/v3",
    });
  });
});

describe("createExchange", () => {
  let fake: FakeExchange | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  /** The fake and a client of it; 5 s per request (a loaded machine took over 300 ms for the first), less where a test times one out. */
  const start = async (timeoutMs = 5_000) => {
    fake = await startFakeExchange({
      candles: { "BTC/USDT": generateCandles(T0, 10) },
      now: () => T0 + 10 * 4 * HOUR,
    });
    return {
      fake,
      exchange: createExchange({ id: "binance", apiUrl: fake.url, timeoutMs, retries: 0 }),
    };
  };

  it("GIVEN an exchange id ccxt does not know THEN a ConfigError names EXCHANGE", () => {
    expect(() =>
      createExchange({ id: "nosuchexchange", apiUrl: undefined, timeoutMs: 1000, retries: 0 }),
    ).toThrow(ConfigError);
  });

  it("GIVEN no override THEN the real Binance hosts, the timeout and rate limiting are kept", () => {
    const exchange = createExchange({ id: "binance", apiUrl: undefined, timeoutMs: 1234, retries: 0 });
    expect(exchange.urls.api.public).toBe("https://api.binance.com/api/v3");
    expect(exchange.timeout).toBe(1234);
    expect(exchange.enableRateLimit).toBe(true);
  });

  it("GIVEN EXCHANGE_API_URL THEN loadMarkets asks only the spot exchangeInfo at that origin", async () => {
    const { fake, exchange } = await start();
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets)).toEqual(["BTC/USDT"]);
    expect(markets["BTC/USDT"]?.spot).toBe(true);
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/v3/exchangeInfo"]);
  });

  it("GIVEN klines in Binance's format THEN fetchOHLCV parses them into numbers", async () => {
    const { fake, exchange } = await start();
    const rows = await exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2);
    const [first] = generateCandles(T0, 1);
    expect(rows).toEqual([
      [first?.time, first?.open, first?.high, first?.low, first?.close, first?.volume],
      expect.any(Array),
    ]);
    expect(fake.requestsTo("/klines")[0]?.query).toMatchObject({
      symbol: "BTCUSDT",
      interval: "4h",
      startTime: String(T0),
      limit: "2",
    });
  });

  it("GIVEN a 500 whose body is Binance's -1001 THEN ccxt raises ExchangeNotAvailable (retryable)", async () => {
    const { fake, exchange } = await start();
    await exchange.loadMarkets();
    fake.fail({
      kind: "status",
      status: 500,
      body: '{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}',
    });
    await expect(exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2)).rejects.toBeInstanceOf(ExchangeNotAvailable);
  });

  it("GIVEN a 504 THEN ccxt raises RequestTimeout", async () => {
    const { fake, exchange } = await start();
    await exchange.loadMarkets();
    fake.fail({ kind: "status", status: 504 });
    await expect(exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2)).rejects.toBeInstanceOf(RequestTimeout);
  });

  it("GIVEN a 200 with malformed JSON THEN ccxt raises BadResponse instead of returning no candles", async () => {
    const { fake, exchange } = await start();
    await exchange.loadMarkets();
    fake.fail({ kind: "malformed" });
    await expect(exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2)).rejects.toBeInstanceOf(BadResponse);
  });

  it("GIVEN Binance's Invalid symbol answer THEN ccxt raises BadSymbol", async () => {
    const { fake, exchange } = await start();
    await expect(exchange.publicGetKlines({ symbol: "DOGEUSDT", interval: "4h" })).rejects.toBeInstanceOf(
      BadSymbol,
    );
    expect(fake.requestsTo("/klines")[0]?.status).toBe(400);
  });

  it("GIVEN a request that hangs THEN ccxt gives up after the configured timeout", async () => {
    const { fake, exchange } = await start(300);
    await exchange.loadMarkets();
    fake.fail({ kind: "hang" });
    const started = Date.now();
    await expect(exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2)).rejects.toBeInstanceOf(RequestTimeout);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("the request should have failed"),
      (error: unknown) => error as Error,
    );

  it("GIVEN a 429 THEN the error names the method and the path that were refused (stays DDoSProtection)", async () => {
    const { fake, exchange } = await start();
    await exchange.loadMarkets();
    fake.fail({ kind: "status", status: 429, retryAfterSeconds: 1 });
    const error = await rejection(exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2));
    expect(error).toBeInstanceOf(DDoSProtection);
    expect(error.message).toMatch(/^binance GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/klines 429 /);
    expect(error.message).not.toContain("?");
  });

  it("GIVEN EXCHANGE_API_URL with user:secret THEN no error of a refused, failed or timed-out request holds it", async () => {
    fake = await startFakeExchange({ candles: { "BTC/USDT": generateCandles(T0, 10) }, now: () => T0 });
    const withSecret = (origin: string) =>
      createExchange({
        id: "binance",
        apiUrl: origin.replace("://", "://user:secret@"),
        timeoutMs: 300,
        retries: 0,
      });
    const errors: Error[] = [];
    // Nothing listens on port 1: ccxt's NetworkError quotes the URL.
    errors.push(await rejection(withSecret("http://127.0.0.1:1").loadMarkets()));
    const exchange = withSecret(fake.url);
    await exchange.loadMarkets();
    for (const fault of [
      { kind: "status", status: 500 },
      { kind: "status", status: 400 },
      { kind: "hang" },
    ] as const) {
      fake.fail(fault);
      errors.push(await rejection(exchange.fetchOHLCV("BTC/USDT", "4h", T0, 2)));
    }
    expect(errors[0]).toBeInstanceOf(NetworkError);
    expect(errors[3]).toBeInstanceOf(RequestTimeout);
    for (const error of errors) {
      expect(`${error.message}\n${error.stack}`).not.toMatch(/secret|user:/);
      expect(error.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\//);
    }
  });
});
