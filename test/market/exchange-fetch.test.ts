import {
  BadResponse,
  BadSymbol,
  DDoSProtection,
  type Exchange,
  RateLimitExceeded,
  RequestTimeout,
} from "ccxt";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createExchangeCooldown } from "../../src/market/cooldown.js";
import { createExchange } from "../../src/market/exchange.js";
import { ExchangeRequestError } from "../../src/market/exchange-errors.js";
import { fetchClosedCandles, type RetryPolicy } from "../../src/market/fetch-candles.js";
import type { Candle } from "../../src/market/types.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { fastBackoff } from "../helpers/fast-backoff.js";

const STEP = 4 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const FAST = fastBackoff(5, 20, 2, 50);

let fake: FakeExchange | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** `count` candles from T0, the last one still open: "now" is an hour into it. */
async function setup(count: number, retries = 2) {
  const candles = generateCandles(T0, count);
  const now = T0 + (count - 1) * STEP + 3_600_000;
  fake = await startFakeExchange({ candles: { "BTC/USDT": candles }, now: () => now });
  const exchange = createExchange({ id: "binance", apiUrl: fake.url, timeoutMs: 300, retries });
  return { fake, exchange, candles, now, retry: { retries, backoff: FAST } satisfies RetryPolicy };
}

/** The error `attempt` rejects with: an ExchangeRequestError over ccxt's `cause`, retryable or not. */
async function failure(
  attempt: Promise<unknown>,
  cause: new (...args: never[]) => Error,
  retryable: boolean,
) {
  const error = await attempt.then(
    () => expect.fail("it should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExchangeRequestError);
  expect(error).toMatchObject({
    code: retryable ? "exchange-unreachable" : "exchange-refused",
    retryable,
    name: cause.name,
  });
  expect((error as Error).cause).toBeInstanceOf(cause);
}

async function collect(
  exchange: Exchange,
  since: number,
  now: number,
  retry: RetryPolicy,
  symbol = "BTC/USDT",
): Promise<Candle[][]> {
  const pages: Candle[][] = [];
  for await (const page of fetchClosedCandles(exchange, symbol, {
    since,
    now,
    retry,
    logger: silentLogger(),
  })) {
    pages.push(page);
  }
  return pages;
}

describe("fetchClosedCandles", () => {
  it("GIVEN 2500 closed candles and an open one THEN three pages of 1000 bring them all, in order, without the open one", async () => {
    const { fake, exchange, candles, now, retry } = await setup(2501);
    const pages = await collect(exchange, T0, now, retry);

    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(pages.flat()).toEqual(candles.slice(0, 2500));
    const klines = fake.requestsTo("/klines");
    expect(klines.map((r) => Number(r.query.startTime))).toEqual([T0, T0 + 1000 * STEP, T0 + 2000 * STEP]);
    expect(klines.every((r) => r.query.limit === "1000")).toBe(true);
  });

  it("GIVEN the last stored candle is the last closed one THEN no request is made", async () => {
    const { fake, exchange, now, retry } = await setup(10);
    expect(await collect(exchange, T0 + 9 * STEP, now, retry)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("GIVEN a candle that closed seconds ago THEN it waits for the settle time before it counts as closed", async () => {
    const { exchange, candles, retry } = await setup(10);
    const justClosed = T0 + 9 * STEP + 5_000;
    const pages = await collect(exchange, T0, justClosed, retry);
    expect(pages.flat()).toEqual(candles.slice(0, 8));
  });

  it("GIVEN a 429 with a Retry-After within the cap THEN it waits all of it and the retry succeeds", async () => {
    const { fake, exchange, candles, now, retry } = await setup(5);
    fake.fail({ kind: "status", status: 429, retryAfterSeconds: 1 }, { path: "/klines" });
    const started = Date.now();
    const patient = { ...retry, backoff: { ...FAST, maxRetryAfterMs: 2_000 } };
    expect((await collect(exchange, T0, now, patient)).flat()).toEqual(candles.slice(0, 4));
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([429, 200]);
    // Retry-After is 1 s: never cut short (Binance bans clients that do not back off).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("GIVEN a 418 with a Retry-After past the cap THEN it fails at once, and nothing is sent before it ends", async () => {
    const { fake, exchange, now, retry } = await setup(5);
    const cooldown = createExchangeCooldown();
    fake.fail({ kind: "status", status: 418, retryAfterSeconds: 3_600 }, { path: "/klines" });
    await failure(collect(exchange, T0, now, { ...retry, cooldown }), DDoSProtection, true);
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([418]);
    expect(cooldown.current()).toMatchObject({ asked: true, leftMs: expect.any(Number) });
    expect(cooldown.current()?.leftMs).toBeGreaterThan(3_590_000);
    // A later call (another page, another symbol) sends nothing while it runs.
    await failure(collect(exchange, T0, now, { ...retry, cooldown }), RateLimitExceeded, true);
    expect(fake.requestsTo("/klines")).toHaveLength(1);
  });

  it("GIVEN the scheduled refresh waiting out a 60 s Retry-After THEN aborting ends the wait at once", async () => {
    const { fake, exchange, now, retry } = await setup(5);
    fake.fail({ kind: "status", status: 429, retryAfterSeconds: 60 }, { path: "/klines" });
    const scheduled = { ...retry, scheduled: true, backoff: { ...FAST, maxScheduledRetryAfterMs: 120_000 } };
    const controller = new AbortController();
    const shutdown = new Error("shutting down");
    const pages = fetchClosedCandles(exchange, "BTC/USDT", {
      since: T0,
      now,
      retry: scheduled,
      logger: silentLogger(),
      signal: controller.signal,
    });
    const first = pages.next();
    // Aborted once the 429 came back, while the retry waits out its minute.
    while (fake.requestsTo("/klines").length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    controller.abort(shutdown);
    await expect(first).rejects.toBe(shutdown);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([429]);
  });

  it("GIVEN two 500s THEN the third attempt succeeds", async () => {
    const { fake, exchange, candles, now, retry } = await setup(5);
    fake.fail({ kind: "status", status: 500 }, { times: 2, path: "/klines" });
    expect((await collect(exchange, T0, now, retry)).flat()).toEqual(candles.slice(0, 4));
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it("GIVEN loadMarkets failed once THEN the retry loads the markets afresh (ccxt would replay the failure)", async () => {
    const { fake, exchange, candles, now, retry } = await setup(5);
    fake.fail({ kind: "status", status: 503 }, { path: "/exchangeInfo" });
    expect((await collect(exchange, T0, now, retry)).flat()).toEqual(candles.slice(0, 4));
    expect(fake.requestsTo("/exchangeInfo").map((r) => r.status)).toEqual([503, 200]);
  });

  it("GIVEN every request hangs THEN it tries 1 + retries times and throws RequestTimeout, retryable", async () => {
    const { fake, exchange, now, retry } = await setup(5, 1);
    await exchange.loadMarkets();
    fake.fail({ kind: "hang" }, { times: 10, path: "/klines" });
    await failure(collect(exchange, T0, now, retry), RequestTimeout, true);
    expect(fake.requestsTo("/klines")).toHaveLength(2);
  });

  it("GIVEN malformed JSON THEN it fails fast with BadResponse, not retryable, without retrying", async () => {
    const { fake, exchange, now, retry } = await setup(5);
    fake.fail({ kind: "malformed" }, { path: "/klines" });
    await failure(collect(exchange, T0, now, retry), BadResponse, false);
    expect(fake.requestsTo("/klines")).toHaveLength(1);
  });

  it("GIVEN a symbol the exchange does not list THEN BadSymbol fails fast before any klines request", async () => {
    const { fake, exchange, now, retry } = await setup(5);
    await failure(collect(exchange, T0, now, retry, "DOGE/USDT"), BadSymbol, false);
    expect(fake.requestsTo("/klines")).toEqual([]);
  });
});
