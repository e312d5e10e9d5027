import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/errors.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import { createExchange } from "../../src/market/exchange.js";
import { createMarketData } from "../../src/market/market-data.js";
import { BACKFILL_DAYS } from "../../src/market/on-demand.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle, CandleStore } from "../../src/market/types.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { fastBackoff } from "../helpers/fast-backoff.js";
import { onDemandMarket } from "../helpers/on-demand-ground.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";

const STEP = 4 * 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
/** 500 days of 4h candles per pair, the last one still open at "now". */
const COUNT = 500 * 6 + 1;
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const LISTED = [
  "BTC/USDT",
  "ETH/USDT",
  "XRP/USDT",
  "SOL/USDT",
  "SOL/BTC",
  "BNB/USDT",
  "DOGE/USDT",
  "ADA/USDT",
];

let root: string;
let fake: FakeExchange | undefined;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-on-demand-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Market data over the fake exchange, with an empty store (no shipped history: exchange "binance" seeds none here). */
async function onDemandSetup(
  options: {
    maxSymbols?: number;
    retries?: number;
    apiUrl?: string;
    logger?: ReturnType<typeof silentLogger>;
  } = {},
) {
  const candles = generateCandles(T0, COUNT, 100);
  const clock = { now: (candles.at(-1) as Candle).time + 3_600_000 };
  fake = await startFakeExchange({
    candles: Object.fromEntries(LISTED.map((s) => [s, candles])),
    now: () => clock.now,
    delisted: ["ADA/USDT"],
    // SOL/USDT trades most, then BNB, then DOGE; SOL/BTC least.
    quoteVolumes: { "SOL/USDT": 9e8, "BNB/USDT": 5e8, "DOGE/USDT": 2e8, "SOL/BTC": 1e6 },
  });
  const dir = await mkdtemp(join(root, "store-"));
  // An empty shipped folder: every series starts empty, so what is stored came from the fake.
  const store = createCandleStore({ dir, shippedDir: join(dir, "no-shipped"), logger: silentLogger() });
  const exchange = {
    id: "binance",
    apiUrl: options.apiUrl ?? fake.url,
    timeoutMs: 10_000,
    retries: options.retries ?? 1,
  };
  const registryFile = join(dir, "candles", "binance", "on-demand.json");
  const market = createMarketData({
    store,
    exchange: createExchange(exchange),
    config: { exchange, symbols: SYMBOLS },
    logger: options.logger ?? silentLogger(),
    now: () => clock.now,
    backoff: fastBackoff(5, 20, 2),
    onDemand: { registryFile, maxSymbols: options.maxSymbols ?? 5 },
  });
  const key = (symbol: string) => ({ exchange: "binance", symbol, timeframe: "4h" }) as const;
  return { fake, store, market, clock, candles, key, registryFile };
}

/** The same store and registry in a new process (no retries), as a restart reads them. */
const restart = (o: {
  fake: FakeExchange;
  store: CandleStore;
  registryFile: string;
  clock: { now: number };
  logger: Logger;
  maxSymbols: number;
}) =>
  onDemandMarket({
    ...{ dir: dirname(o.registryFile), apiUrl: o.fake.url, symbols: SYMBOLS, now: () => o.clock.now },
    ...{ logger: o.logger, store: o.store, registryFile: o.registryFile, maxSymbols: o.maxSymbols },
  });

const klines = (f: FakeExchange, symbol: string) =>
  f.requestsTo("/klines").filter((r) => r.query.symbol === symbol.replace("/", ""));

describe("a pair outside SYMBOLS that the exchange lists", () => {
  it("GIVEN /forecast SOL THEN it says it is fetching, backfills a year and more once, and a second request asks for no history", async () => {
    const { fake, store, market, candles, key, clock } = await onDemandSetup();
    const fetching: string[] = [];
    const first = await market.ensure("sol", { onFetching: (s) => void fetching.push(s) });
    expect(first).toEqual({ symbol: "SOL/USDT", onDemand: true, due: false });
    expect(fetching).toEqual(["SOL/USDT"]);

    const stored = (await store.read(key("SOL/USDT"))).candles;
    const since = Math.floor((clock.now - BACKFILL_DAYS * DAY) / STEP) * STEP;
    const expected = candles.filter((c) => c.time >= since && c.time + STEP <= clock.now - 60_000);
    expect(stored.map((c) => c.time)).toEqual(expected.map((c) => c.time));
    expect(stored.length).toBeGreaterThan(365 * 6);
    const requests = klines(fake, "SOL/USDT").length;
    expect(requests).toBe(Math.ceil(expected.length / 1000));

    const second = await market.ensure("SOL/USDT", { onFetching: (s) => void fetching.push(s) });
    expect(second.symbol).toBe("SOL/USDT");
    expect(fetching).toHaveLength(1);
    expect(klines(fake, "SOL/USDT")).toHaveLength(requests);
    // Stored like any other series: readable in every timeframe.
    expect((await market.getCandles("sol", "1d")).candles.length).toBeGreaterThan(365);
  });

  it("GIVEN five concurrent requests for the same new pair THEN it is backfilled once and all wait for it", async () => {
    const { fake, market } = await onDemandSetup();
    const fetching: string[] = [];
    const results = await Promise.all(
      ["sol", "SOL", "SOL/USDT", "solusdt", "sol-usdt"].map((input) =>
        market.ensure(input, { onFetching: (s) => void fetching.push(s) }),
      ),
    );
    expect(results.every((r) => r.symbol === "SOL/USDT")).toBe(true);
    const starts = klines(fake, "SOL/USDT").map((r) => r.query.startTime);
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts).toHaveLength(3);
    expect(fetching).toHaveLength(5);
  });

  it("GIVEN another quote where listed THEN SOL/BTC is served as SOL/BTC", async () => {
    const { market } = await onDemandSetup();
    expect((await market.ensure("sol/btc")).symbol).toBe("SOL/BTC");
  });

  it("GIVEN a configured pair THEN ensure asks the exchange nothing", async () => {
    const { fake, market } = await onDemandSetup();
    expect(await market.ensure("btc")).toEqual({ symbol: "BTC/USDT", onDemand: false, due: false });
    expect(fake.requests).toHaveLength(0);
  });

  it("GIVEN a new 4h candle closed since the backfill THEN ensure says an update is due", async () => {
    const { market, clock } = await onDemandSetup();
    await market.ensure("sol");
    expect((await market.ensure("sol")).due).toBe(false);
    clock.now += STEP;
    expect((await market.ensure("sol")).due).toBe(true);
    await market.update("sol");
    expect((await market.ensure("sol")).due).toBe(false);
  });
});

describe("unlisted, delisted and hostile symbols", () => {
  it("GIVEN a typo THEN the answer names the close listed pairs", async () => {
    const { market } = await onDemandSetup();
    const error = await market.ensure("SOLL").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe("unknown-symbol");
    expect((error as UserError).suggestions).toContain("SOL/USDT");
    expect((error as UserError).message).toMatch(/Did you mean .*SOL\/USDT/);
  });

  it("GIVEN a delisted pair THEN it is not fetched and the answer says it is unknown", async () => {
    const { fake, market } = await onDemandSetup();
    const error = await market.ensure("ada").catch((e: unknown) => e);
    expect((error as UserError).code).toBe("unknown-symbol");
    expect(klines(fake, "ADA/USDT")).toHaveLength(0);
  });

  it("GIVEN hostile input THEN every answer is a UserError and nothing is fetched or written", async () => {
    const { fake, market, registryFile } = await onDemandSetup();
    const hostile = [
      "",
      "   ",
      "@everyone",
      "<script>alert(1)</script>",
      "../../etc/passwd",
      "SOL/../../x",
      "\u202eDSU/LOS",
      "x".repeat(5000),
      "💥/USDT",
      "SOL/USDT/BTC",
    ];
    for (const input of hostile) {
      const error = await market.ensure(input).catch((e: unknown) => e);
      expect(error, JSON.stringify(input.slice(0, 20))).toBeInstanceOf(UserError);
      expect((error as UserError).message).not.toMatch(/[<>@`]/);
    }
    expect(fake.requestsTo("/klines")).toHaveLength(0);
    await expect(readFile(registryFile, "utf8")).rejects.toThrow(/ENOENT/);
  });
});

describe("MAX_SYMBOLS", () => {
  it("GIVEN MAX_SYMBOLS=2 and a third pair THEN the least recently used is dropped, files and all, with a log line", async () => {
    const log = captureLogger();
    const { market, store, key, clock, registryFile } = await onDemandSetup({
      maxSymbols: 2,
      logger: log.logger,
    });
    await market.ensure("sol");
    clock.now += 1000;
    await market.ensure("bnb");
    clock.now += 1000;
    await market.ensure("sol"); // SOL used again: BNB is now the least recently used.
    clock.now += 1000;
    await market.ensure("doge");

    expect((await store.read(key("BNB/USDT"))).candles).toHaveLength(0);
    expect((await store.read(key("SOL/USDT"))).candles.length).toBeGreaterThan(0);
    expect((await store.read(key("DOGE/USDT"))).candles.length).toBeGreaterThan(0);
    expect(() => market.resolve("bnb")).toThrow(UserError);
    expect(market.resolve("doge")).toBe("DOGE/USDT");
    const dropped = log.lines.filter((l) => String(l.msg).includes("least recently used"));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ symbol: "BNB/USDT", maxSymbols: 2 });
    const registry = JSON.parse(await readFile(registryFile, "utf8")) as { symbols: { symbol: string }[] };
    expect(registry.symbols.map((s) => s.symbol).sort()).toEqual(["DOGE/USDT", "SOL/USDT"]);
  });

  it("GIVEN a restart THEN the kept pairs are remembered and not fetched again", async () => {
    const { fake, market, store, registryFile, clock } = await onDemandSetup();
    await market.ensure("sol");
    const before = klines(fake, "SOL/USDT").length;
    const restarted = restart({ fake, store, registryFile, clock, logger: silentLogger(), maxSymbols: 5 });
    expect((await restarted.ensure("sol")).symbol).toBe("SOL/USDT");
    expect(klines(fake, "SOL/USDT")).toHaveLength(before);
  });

  it("GIVEN a short stored series the registry does not name (a late refresh after another replica's drop) THEN it is backfilled, not adopted as it is", async () => {
    const { fake, store, market, candles, key, clock } = await onDemandSetup();
    // Ten recent candles of SOL, no registry entry: what a refresh landing after a drop leaves.
    await store.append(key("SOL/USDT"), candles.slice(-10), clock.now);
    await market.ensure("sol");
    expect(klines(fake, "SOL/USDT").length).toBeGreaterThan(0);
    expect((await store.read(key("SOL/USDT"))).candles.length).toBeGreaterThanOrEqual(BACKFILL_DAYS * 6);
  });

  it("GIVEN three kept pairs AND a restart with MAX_SYMBOLS=1 THEN start-up keeps only the most recently used, files and all", async () => {
    const { market, store, key, clock, registryFile, fake } = await onDemandSetup();
    for (const pair of ["sol", "bnb", "doge"]) {
      await market.ensure(pair);
      clock.now += 1000;
    }
    await market.ensure("bnb"); // BNB is now the most recently used.
    const saved = async () =>
      (JSON.parse(await readFile(registryFile, "utf8")) as { symbols: { symbol: string }[] }).symbols;
    // The registry is saved in the background: the process ends long after, a test must wait for it.
    await vi.waitFor(async () => expect((await saved())[0]?.symbol).toBe("BNB/USDT"));
    const log = captureLogger();
    const restarted = restart({ fake, store, registryFile, clock, logger: log.logger, maxSymbols: 1 });
    const requests = fake.requests.length;
    await restarted.loadKept();
    expect(fake.requests).toHaveLength(requests);
    expect((await saved()).map((s) => s.symbol)).toEqual(["BNB/USDT"]);
    expect((await store.read(key("SOL/USDT"))).candles).toHaveLength(0);
    expect((await store.read(key("DOGE/USDT"))).candles).toHaveLength(0);
    expect((await store.read(key("BNB/USDT"))).candles.length).toBeGreaterThan(0);
    expect(restarted.resolve("bnb")).toBe("BNB/USDT");
    const dropped = log.lines.filter((l) => String(l.msg).includes("least recently used"));
    expect(dropped.map((l) => l.symbol).sort()).toEqual(["DOGE/USDT", "SOL/USDT"]);
  });

  it("GIVEN MAX_SYMBOLS=0 THEN a listed pair is refused with a clear answer", async () => {
    const { market } = await onDemandSetup({ maxSymbols: 0 });
    const refusal = await refusalOf(() => market.ensure("sol"));
    expect(refusal).toMatchObject({ code: "on-demand-off" });
    expectNamedEverywhere(refusal, ["SOL/USDT", SYMBOLS.join(", ")]);
  });
});

describe("exchange faults", () => {
  it("GIVEN the exchange fails after the first page of a backfill THEN the answer is clear and no half series is left", async () => {
    const { fake, market, store, key, registryFile, clock } = await onDemandSetup({ retries: 1 });
    fake.fail({ kind: "status", status: 503 }, { path: "/klines", after: 1 });
    const error = await market.ensure("sol").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe("backfill-failed");
    expect((error as UserError).message).toMatch(
      /could not fetch the history of SOL\/USDT.*Nothing was stored/,
    );
    expectNamedEverywhere(error as UserError, ["SOL/USDT", "binance", "503"]);
    expect((await store.read(key("SOL/USDT"))).candles).toHaveLength(0);
    expect(() => market.resolve("sol")).toThrow(UserError);
    await expect(readFile(registryFile, "utf8")).rejects.toThrow(/ENOENT/);

    // Once the exchange answers again, the next request after its minute's cool-down backfills in full.
    clock.now += 60_000;
    await market.ensure("sol");
    expect((await store.read(key("SOL/USDT"))).candles.length).toBeGreaterThan(365 * 6);
  });

  it("GIVEN an unreachable exchange (shipped data only) THEN a new pair is answered with what was asked and the pairs that are available", async () => {
    const { market } = await onDemandSetup({ apiUrl: "http://127.0.0.1:9", retries: 0 });
    const error = await market.ensure("sol").catch((e: unknown) => e);
    expect((error as UserError).code).toBe("exchange-unavailable");
    expect((error as UserError).message).toBe(
      "SOL/USDT is not one of the pairs I keep, and I cannot reach binance to look it up. Right now I can " +
        "serve only BTC/USDT, ETH/USDT, XRP/USDT.",
    );
    for (const [typed, asked] of [
      ["NOPE", "NOPE/USDT"],
      ["nopeusdt", "NOPE/USDT"],
      ["eth-btc", "ETH/BTC"],
      ["@everyone", undefined],
      ["<b>x</b>", undefined],
    ] as const) {
      const message = ((await market.ensure(typed).catch((e: unknown) => e)) as UserError).message;
      expect(message).toMatch(
        asked === undefined
          ? /^That is not one of the pairs I keep, and I cannot reach binance/
          : new RegExp(`^${asked} is not one of the pairs I keep`),
      );
    }
    expect((error as UserError).message).not.toMatch(/Did you mean/);
    // A typo of a kept pair still gets its suggestion.
    const typo = await market.ensure("btcc").catch((e: unknown) => e);
    expect((typo as UserError).code).toBe("exchange-unavailable");
    expect((typo as UserError).message).toMatch(/look it up\. Did you mean BTC\/USDT\? Right now/);
    expect((typo as UserError).suggestions).toEqual(["BTC/USDT"]);
    expect(await market.ensure("btc")).toMatchObject({ symbol: "BTC/USDT" });
  });
});

describe("autocomplete", () => {
  it("GIVEN the markets are loaded THEN listed pairs are offered by prefix, most liquid first", async () => {
    const { market } = await onDemandSetup();
    // Before the list is in: the pairs kept here (and the first call starts loading it).
    expect(market.suggest("b")).toEqual(["BTC/USDT"]);
    await market.ensure("btc/usdt"); // configured: no load
    await market.ensure("bnb"); // loads the list
    expect(market.suggest("s")).toEqual(["SOL/USDT", "SOL/BTC"]);
    expect(market.suggest("so").slice(0, 1)).toEqual(["SOL/USDT"]);
    expect(market.suggest("").slice(0, 4)).toEqual(["SOL/USDT", "BNB/USDT", "DOGE/USDT", "SOL/BTC"]);
    expect(market.suggest("ada")).toEqual([]);
    expect(market.suggest("x".repeat(5000))).toEqual([]);
  });
});
