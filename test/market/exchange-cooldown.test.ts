import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import {
  type CoolDown,
  coolingRefusal,
  coolingWords,
  createExchangeCooldown,
  type ExchangeCooldown,
  FAULT_COOLDOWN_MS,
} from "../../src/market/cooldown.js";
import { createExchange } from "../../src/market/exchange.js";
import type { Backoff } from "../../src/market/fetch-candles.js";
import { createMarketData } from "../../src/market/market-data.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { fastBackoff } from "../helpers/fast-backoff.js";
import { onDemandMarket } from "../helpers/on-demand-ground.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";

const _STEP = 4 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Market data over the fake (EXCHANGE_RETRIES=1, a 300 ms timeout), its clock a test moves on; empty store. */
async function setup(waits: Partial<Backoff> = {}) {
  const candles = generateCandles(T0, 40);
  const clock = { now: (candles.at(-1) as Candle).time + 3_600_000 };
  const fake: FakeExchange = await startFakeExchange({
    candles: { "BTC/USDT": candles, "ETH/USDT": candles },
    now: () => clock.now,
  });
  const dir = await mkdtemp(join(tmpdir(), "coincast-cooldown-"));
  closers.push(
    () => fake.close(),
    () => rm(dir, { recursive: true, force: true }),
  );
  const exchange = { id: "binance", apiUrl: fake.url, timeoutMs: 300, retries: 1 };
  const market = createMarketData({
    store: createCandleStore({ dir, shippedDir: join(dir, "none"), logger: silentLogger() }),
    exchange: createExchange(exchange),
    config: { exchange, symbols: ["BTC/USDT", "ETH/USDT"] },
    logger: silentLogger(),
    now: () => clock.now,
    backoff: { ...fastBackoff(5, 20, 2), ...waits },
  });
  return { fake, market, clock };
}

describe("the exchange's cool-down, read by every fetch", () => {
  it("GIVEN a 418 with Retry-After 3600 THEN no request is sent before it ends, scheduled or asked, and fetching resumes after it", async () => {
    const { fake, market, clock } = await setup();
    fake.fail({ kind: "status", status: 418, retryAfterSeconds: 3_600 }, { path: "/klines" });
    expect(await market.update("btc")).toMatchObject({ status: "stale" });
    expect(await market.update("eth")).toMatchObject({ status: "stale" });
    expect(await market.update("btc", { asked: true })).toMatchObject({
      status: "stale",
      reason: expect.stringMatching(/binance asked us to wait until \d\d:\d\d UTC/),
    });
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([418]);

    clock.now += 3_600_000;
    expect(await market.update("btc")).toMatchObject({ status: "updated", added: 39 });
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([418, 200]);
  });

  it("GIVEN /klines hangs THEN an asked refresh tries once, the next asked one sends nothing for a minute, and the scheduled one still probes", async () => {
    const { fake, market, clock } = await setup();
    fake.fail({ kind: "hang" }, { path: "/klines", times: 3 });
    expect(await market.update("btc", { asked: true })).toMatchObject({ status: "stale" });
    expect(fake.requestsTo("/klines")).toHaveLength(1);

    const started = performance.now();
    expect(await market.update("eth", { asked: true })).toMatchObject({
      status: "stale",
      reason: expect.stringContaining("binance failed a request a moment ago"),
    });
    expect(performance.now() - started).toBeLessThan(100);
    expect(fake.requestsTo("/klines")).toHaveLength(1);

    // The scheduled refresh keeps its retries: one failed request must not cost a period's candles.
    expect(await market.update("eth")).toMatchObject({ status: "stale" });
    expect(fake.requestsTo("/klines")).toHaveLength(3);

    clock.now += FAULT_COOLDOWN_MS;
    expect(await market.update("btc", { asked: true })).toMatchObject({ status: "updated", added: 39 });
  });
});

describe("a Retry-After the scheduled refresh waits out", () => {
  // Bounds scaled down: 0.5 s for a caller who may be waiting, 2 s for the scheduled refresh (30 s, 5 min live).
  const waits = { maxRetryAfterMs: 500, maxScheduledRetryAfterMs: 2_000 };

  it("GIVEN a 429 asking 1 s, past the waiting caller's bound THEN the scheduled refresh waits it out and retries", async () => {
    const { fake, market } = await setup(waits);
    fake.fail({ kind: "status", status: 429, retryAfterSeconds: 1 }, { path: "/klines", times: 1 });
    const started = performance.now();
    expect(await market.update("btc")).toMatchObject({ status: "updated", added: 39 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([429, 200]);
  });

  it("GIVEN a 429 asking longer than the scheduled bound THEN that refresh ends stale at once and nothing is sent before the wait ends", async () => {
    const { fake, market, clock } = await setup(waits);
    fake.fail({ kind: "status", status: 429, retryAfterSeconds: 3 }, { path: "/klines", times: 1 });
    const started = performance.now();
    expect(await market.update("btc")).toMatchObject({ status: "stale" });
    expect(performance.now() - started).toBeLessThan(900);
    expect(await market.update("btc", { asked: true })).toMatchObject({ status: "stale" });
    expect(fake.requestsTo("/klines").map((r) => r.status)).toEqual([429]);

    clock.now += 3_000;
    expect(await market.update("btc", { asked: true })).toMatchObject({ status: "updated", added: 39 });
  });
});

describe("a new pair while the exchange cools down", () => {
  it("GIVEN a backfill the exchange failed THEN the next asks nothing for a minute and says when to try again, in every language", async () => {
    const candles = generateCandles(T0, 3_000, 100);
    const clock = { now: (candles.at(-1) as Candle).time + 3_600_000 };
    const fake = await startFakeExchange({ candles: { "SOL/USDT": candles }, now: () => clock.now });
    const dir = await mkdtemp(join(tmpdir(), "coincast-cooldown-"));
    closers.push(
      () => fake.close(),
      () => rm(dir, { recursive: true, force: true }),
    );
    const market = onDemandMarket({
      dir,
      apiUrl: fake.url,
      symbols: ["BTC/USDT"],
      now: () => clock.now,
      logger: silentLogger(),
    });
    fake.fail({ kind: "status", status: 503 }, { path: "/klines" });
    expect(await refusalOf(() => market.ensure("sol"))).toMatchObject({ code: "backfill-failed" });
    const asked = fake.requestsTo("/klines").length;

    const resting = await refusalOf(() => market.ensure("sol"));
    const until = `${new Date(clock.now + FAULT_COOLDOWN_MS).toISOString().slice(11, 16)} UTC`;
    expect(resting).toMatchObject({ code: "backfill-failed", params: { context: "coolingDown", until } });
    expect(resting.message).toBe(
      `binance did not answer a moment ago, so I am not asking it for the history of SOL/USDT before ${until}. ` +
        "Nothing was stored; try again then.",
    );
    expectNamedEverywhere(resting, ["SOL/USDT", "binance", until]);
    expect(fake.requestsTo("/klines")).toHaveLength(asked);

    clock.now += FAULT_COOLDOWN_MS;
    expect(await market.ensure("sol")).toMatchObject({ symbol: "SOL/USDT", onDemand: true });
    expect(fake.requestsTo("/klines").length).toBeGreaterThan(asked);
  });

  it("GIVEN /klines hangs THEN a new pair's backfill makes one request, not its retries (someone waits)", async () => {
    const candles = generateCandles(T0, 3_000, 100);
    const now = () => (candles.at(-1) as Candle).time + 3_600_000;
    const fake = await startFakeExchange({ candles: { "SOL/USDT": candles }, now });
    const dir = await mkdtemp(join(tmpdir(), "coincast-cooldown-"));
    closers.push(
      () => fake.close(),
      () => rm(dir, { recursive: true, force: true }),
    );
    const options = { dir, apiUrl: fake.url, symbols: ["BTC/USDT"], now, logger: silentLogger() };
    const market = onDemandMarket({ ...options, retries: 3, timeoutMs: 300 });
    fake.fail({ kind: "hang" }, { path: "/klines", times: 5 });
    expect(await refusalOf(() => market.ensure("sol"))).toMatchObject({ code: "backfill-failed" });
    expect(fake.requestsTo("/klines")).toHaveLength(1);
  });
});

/** The cool-down running now; the test fails when none runs. */
function running(cooldown: ExchangeCooldown): CoolDown {
  const waiting = cooldown.current();
  if (waiting === undefined) throw new Error("no cool-down runs");
  return waiting;
}

describe("createExchangeCooldown", () => {
  it("GIVEN a failure, then a Retry-After, then a success THEN the longer wait stands and only the failure's ends on success", () => {
    const clock = { now: 0 };
    const cooldown = createExchangeCooldown(() => clock.now);
    cooldown.failed(undefined);
    expect(cooldown.current()).toEqual({ until: FAULT_COOLDOWN_MS, leftMs: FAULT_COOLDOWN_MS, asked: false });
    cooldown.succeeded();
    expect(cooldown.current()).toBeUndefined();
    cooldown.failed(120_000);
    cooldown.failed(undefined);
    cooldown.succeeded();
    expect(cooldown.current()).toEqual({
      until: 120_000,
      leftMs: 120_000,
      asked: true,
      askedUntil: 120_000,
      askedLeftMs: 120_000,
    });
    clock.now = 120_000;
    expect(cooldown.current()).toBeUndefined();
  });

  it("GIVEN a short Retry-After, then a timeout THEN the minute after the timeout is not 'asked', and an answer ends it", () => {
    const clock = { now: 0 };
    const cooldown = createExchangeCooldown(() => clock.now);
    cooldown.failed(5_000);
    cooldown.failed(undefined);
    expect(coolingWords("binance", running(cooldown))).toBe(
      "not asked: binance asked us to wait until 00:00 UTC, and failed a request since; asking again after 00:01 UTC",
    );
    // The refusal names the later wait, and not as the exchange's.
    expect(coolingRefusal("SOL/USDT", "binance", running(cooldown)).message).toMatch(
      /^binance did not answer a moment ago/,
    );
    expect(running(cooldown)).toEqual({
      until: FAULT_COOLDOWN_MS,
      leftMs: FAULT_COOLDOWN_MS,
      asked: true,
      askedUntil: 5_000,
      askedLeftMs: 5_000,
    });

    clock.now = 5_000;
    expect(running(cooldown)).toEqual({
      until: FAULT_COOLDOWN_MS,
      leftMs: FAULT_COOLDOWN_MS - 5_000,
      asked: false,
    });
    cooldown.succeeded();
    expect(cooldown.current()).toBeUndefined();
  });

  it("GIVEN a timeout, then a short Retry-After THEN an answer ends the timeout's wait, not the one asked for", () => {
    const clock = { now: 0 };
    const cooldown = createExchangeCooldown(() => clock.now);
    cooldown.failed(undefined);
    cooldown.failed(5_000);
    expect(running(cooldown)).toMatchObject({ until: FAULT_COOLDOWN_MS, asked: true });
    cooldown.succeeded();
    expect(running(cooldown)).toMatchObject({ until: 5_000, leftMs: 5_000, asked: true });
    expect(running(cooldown)).toMatchObject({ askedUntil: 5_000, askedLeftMs: 5_000 });
    expect(coolingWords("binance", running(cooldown))).toBe(
      "not asked: binance asked us to wait until 00:00 UTC",
    );
    clock.now = 5_000;
    expect(cooldown.current()).toBeUndefined();
  });
});
