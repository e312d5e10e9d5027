import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { createExchange } from "../../src/market/exchange.js";
import { createMarketData } from "../../src/market/market-data.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { fastBackoff } from "../helpers/fast-backoff.js";

const STEP = 4 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const SHIPPED = 120;
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];

let root: string;
let shippedDir: string;
let fake: FakeExchange | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-market-data-"));
  shippedDir = join(root, "shipped");
  await mkdir(shippedDir);
  for (const symbol of ["BTC/USDT", "ETH/USDT"]) {
    const csv = formatCandlesCsv(generateCandles(T0, SHIPPED));
    await writeFile(join(shippedDir, `${symbol.replace("/", "_")}_4h.csv.gz`), gzipSync(csv));
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/**
 * The shipped history is the first 120 candles of a series the fake serves in full: `fresh` more closed
 * candles, then one still open an hour into it, which is "now".
 */
async function setup({ fresh = 30, retries = 2, timeoutMs = 300 } = {}) {
  const candles = generateCandles(T0, SHIPPED + fresh + 1);
  const now = (candles.at(-1) as Candle).time + 3_600_000;
  fake = await startFakeExchange({ candles: { "BTC/USDT": candles, "ETH/USDT": candles }, now: () => now });
  const dir = await mkdtemp(join(root, "store-"));
  const store = createCandleStore({ dir, shippedDir, logger: silentLogger() });
  const exchange = { id: "binance", apiUrl: fake.url, timeoutMs, retries };
  const marketData = createMarketData({
    store,
    exchange: createExchange(exchange),
    config: { exchange, symbols: SYMBOLS },
    logger: silentLogger(),
    now: () => now,
    backoff: fastBackoff(5, 20, 2),
  });
  const key = { exchange: "binance", symbol: "BTC/USDT", timeframe: "4h" } as const;
  return { fake, store, key, marketData, candles, now, lastShipped: T0 + (SHIPPED - 1) * STEP };
}

describe("createMarketData", () => {
  it("GIVEN 2500 new candles THEN update pages through them in 3+ requests and stores each once, never the open one", async () => {
    const { fake, store, key, marketData, candles } = await setup({ fresh: 2500 });
    const result = await marketData.update("btc");

    const lastClosed = (candles.at(-2) as Candle).time;
    expect(result).toEqual({
      status: "updated",
      symbol: "BTC/USDT",
      added: 2500,
      replaced: 0,
      rejected: 0,
      asOf: lastClosed,
    });
    expect(fake.requestsTo("/klines").length).toBeGreaterThanOrEqual(3);
    const stored = (await store.read(key)).candles;
    expect(stored).toHaveLength(SHIPPED + 2500);
    expect(new Set(stored.map((c) => c.time)).size).toBe(stored.length);
    expect(stored.at(-1)?.time).toBe(lastClosed);
  });

  it("GIVEN a fetched candle rejected (high < low) with later ones stored WHEN the exchange serves it valid later THEN the next update asks for it again and the hole is filled with the real candle", async () => {
    const { fake, store, key, marketData, candles } = await setup({ fresh: 10 });
    const broken = SHIPPED + 4;
    const bad = { ...(candles[broken] as Candle) };
    bad.high = bad.low - 1;
    fake.setCandles(
      "BTC/USDT",
      candles.map((c, i) => (i === broken ? bad : c)),
    );
    expect(await marketData.update("btc")).toMatchObject({ added: 9, rejected: 1 });
    const holeTime = (candles[broken] as Candle).time;
    expect((await store.read(key)).candles.some((c) => c.time === holeTime)).toBe(false);
    const filled = await marketData.getCandles("btc", "4h");
    expect(filled.candles.find((c) => c.time === holeTime)?.filled).toBe(true);

    fake.setCandles("BTC/USDT", candles);
    expect(await marketData.update("btc")).toMatchObject({ status: "updated", added: 1, rejected: 0 });
    const repaired = await marketData.getCandles("btc", "4h");
    expect(repaired.candles.find((c) => c.time === holeTime)).toMatchObject({
      close: (candles[broken] as Candle).close,
    });
    expect(repaired.candles.some((c) => c.filled === true)).toBe(false);
  });

  it("GIVEN the exchange answers 503 with an HTML error page THEN the stale reason keeps the status and a short reason, no HTML", async () => {
    const { fake, marketData } = await setup({ retries: 0 });
    const page =
      "<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head>" +
      `<body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>${" ".repeat(400)}</body></html>`;
    fake.fail({ kind: "status", status: 503, body: page }, { path: "/klines", times: 5 });
    const result = await marketData.update("BTC/USDT");
    expect(result.status).toBe("stale");
    const reason = result.status === "stale" ? result.reason : "";
    expect(reason).toMatch(/503/);
    expect(reason).not.toMatch(/[<>]|DOCTYPE|nginx/);
    expect(reason.length).toBeLessThanOrEqual(160);
  });

  it("GIVEN an update just ran THEN the next one makes no request", async () => {
    const { fake, marketData } = await setup();
    await marketData.update("BTC/USDT");
    const before = fake.requests.length;
    expect(await marketData.update("BTC/USDT")).toMatchObject({ status: "updated", added: 0 });
    expect(fake.requests.length).toBe(before);
  });

  it("GIVEN a 429 without Retry-After then success THEN getCandles refreshes and is not stale", async () => {
    const { fake, marketData, candles } = await setup();
    fake.fail({ kind: "status", status: 429 }, { path: "/klines" });
    const { candles: got, provenance } = await marketData.getCandles("BTC", "4h", { refresh: true });
    expect(provenance).toEqual({ source: "live", asOf: (candles.at(-2) as Candle).time, stale: false });
    expect(got).toHaveLength(candles.length - 1);
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([429, 200]);
  });

  it("GIVEN a 429 and no retries left THEN the stale reason names the method, the path and the status", async () => {
    const { fake, marketData } = await setup({ retries: 0 });
    fake.fail({ kind: "status", status: 429, retryAfterSeconds: 1 }, { path: "/klines" });
    const result = await marketData.update("BTC");
    expect(result.status).toBe("stale");
    expect(result.status === "stale" ? result.reason : "").toMatch(
      /^DDoSProtection: binance GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/klines 429 Too Many Requests/,
    );
  });

  it("GIVEN a 500 then success THEN update stores the new candles", async () => {
    const { fake, marketData } = await setup();
    fake.fail({ kind: "status", status: 500 }, { path: "/klines" });
    expect(await marketData.update("ETH")).toMatchObject({
      status: "updated",
      symbol: "ETH/USDT",
      added: 30,
    });
  });

  it("GIVEN malformed JSON THEN getCandles serves the stored candles as stale, without retrying", async () => {
    const { fake, marketData, lastShipped } = await setup();
    fake.fail({ kind: "malformed" }, { path: "/klines", times: 5 });
    const { candles, provenance } = await marketData.getCandles("BTC/USDT", "4h", { refresh: true });
    expect(provenance).toEqual({ source: "shipped", asOf: lastShipped, stale: true });
    expect(candles).toHaveLength(SHIPPED);
    expect(fake.requestsTo("/klines")).toHaveLength(1);
  });

  it("GIVEN requests that hang past the timeout THEN they are retried, then stale data come with their date", async () => {
    const { fake, marketData, lastShipped } = await setup({ retries: 1 });
    fake.fail({ kind: "hang" }, { times: 10 });
    const result = await marketData.update("BTC/USDT");
    expect(result).toMatchObject({ status: "stale", asOf: lastShipped, added: 0 });
    expect(result.status === "stale" && result.reason).toMatch(/RequestTimeout/);
    expect(fake.requests).toHaveLength(2);
  });

  it("GIVEN a refresh retrying a hanging exchange WHEN it is aborted (shutdown) THEN it stops with the abort, retrying no more", async () => {
    const { fake, marketData } = await setup({ retries: 5 });
    fake.fail({ kind: "hang" }, { times: 10 });
    const stopping = new AbortController();
    const update = marketData.update("BTC/USDT", { signal: stopping.signal });
    setTimeout(() => stopping.abort(new Error("shutting down")), 100);
    await expect(update).rejects.toThrow("shutting down");
    expect(fake.requests.length).toBeLessThanOrEqual(2);
  });

  it("GIVEN an unknown symbol THEN a UserError with suggestions comes before any request", async () => {
    const { fake, marketData } = await setup();
    const attempt = marketData.getCandles("BTX", "1d", { refresh: true });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({ suggestions: expect.arrayContaining(["BTC/USDT"]) });
    await expect(marketData.update("DOGE")).rejects.toMatchObject({ code: "unknown-symbol" });
    expect(fake.requests).toEqual([]);
  });

  it("GIVEN the exchange is down entirely THEN every symbol gets its stored data, stale and dated, and nothing throws", async () => {
    const { fake, marketData, lastShipped } = await setup();
    await fake.close();
    const daily = await marketData.getCandles("ETH/USDT", "1d", { refresh: true });
    expect(daily.provenance).toMatchObject({ source: "shipped", stale: true });
    expect(daily.provenance.asOf).toBeLessThanOrEqual(lastShipped);
    expect(await marketData.update("BTC/USDT")).toMatchObject({
      status: "stale",
      asOf: lastShipped,
      reason: expect.stringMatching(/NetworkError/),
    });
  });

  it("GIVEN two callers refresh the same symbol at once THEN they share one fetch", async () => {
    const { fake, marketData } = await setup();
    const [a, b] = await Promise.all([marketData.update("BTC/USDT"), marketData.update("btc")]);
    expect(a).toEqual(b);
    expect(fake.requestsTo("/klines")).toHaveLength(1);
  });

  it("GIVEN a later page fails THEN the pages before it stay stored and the result is stale", async () => {
    const { fake, store, key, marketData } = await setup({ fresh: 1500, retries: 0 });
    fake.fail({ kind: "status", status: 502 }, { path: "/klines", after: 1 });
    const result = await marketData.update("BTC/USDT");
    expect(result).toMatchObject({ status: "stale", added: 1000, asOf: T0 + (SHIPPED + 999) * STEP });
    expect((await store.read(key)).candles).toHaveLength(SHIPPED + 1000);

    expect(await marketData.update("BTC/USDT")).toMatchObject({ status: "updated", added: 500 });
  });
});

describe("createMarketData and faults of our own", () => {
  it("GIVEN a bug (not an exchange fault) while fetching THEN it is thrown, not disguised as stale data", async () => {
    const { fake: server } = await setup();
    const exchange = createExchange({ id: "binance", apiUrl: server.url, timeoutMs: 300, retries: 0 });
    exchange.fetchOHLCV = () => Promise.reject(new TypeError("a bug of ours"));
    const marketData = createMarketData({
      store: createCandleStore({
        dir: await mkdtemp(join(root, "bug-")),
        shippedDir,
        logger: silentLogger(),
      }),
      exchange,
      config: {
        exchange: { id: "binance", apiUrl: server.url, timeoutMs: 300, retries: 0 },
        symbols: SYMBOLS,
      },
      logger: silentLogger(),
    });
    await expect(marketData.update("BTC/USDT")).rejects.toThrowError(TypeError);
  });
});
