import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { i18nFor } from "../../src/i18n/index.js";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { createExchange } from "../../src/market/exchange.js";
import { createMarketData } from "../../src/market/market-data.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";

const STEP = 4 * 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
/** 500 days of 4h candles on the exchange, the last one still open at "now". */
const LIVE = generateCandles(T0, 500 * 6 + 1, 100);
const NOW = (LIVE.at(-1) as Candle).time + 3_600_000;
/** The corpus: DOGE and ADA end after 400 days (the last candle opens 2025-02-03 20:00), FTT after 300. */
const DOGE = generateCandles(T0, 400 * 6, 100);
const FTT = generateCandles(T0, 300 * 6, 100);

let root: string;
let fake: FakeExchange | undefined;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-offline-corpus-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/**
 * Market data over the fake exchange (listing the configured pairs, DOGE and SOL), an empty shipped folder
 * and a corpus of DOGE, ADA and FTT. `exchange`: "up", "down" (every request answered 503) or "absent"
 * (nothing listens).
 */
async function setup(exchangeState: "up" | "down" | "absent", logger = silentLogger()) {
  fake = await startFakeExchange({
    candles: Object.fromEntries([...SYMBOLS, "DOGE/USDT", "SOL/USDT", "ADA/USDT"].map((s) => [s, LIVE])),
    now: () => NOW,
  });
  if (exchangeState === "down") fake.fail({ kind: "status", status: 503 }, { times: 1000 });
  const dir = await mkdtemp(join(root, "store-"));
  const corpus = join(dir, "corpus");
  await mkdir(corpus, { recursive: true });
  for (const [name, candles] of [
    ["DOGE", DOGE],
    ["ADA", DOGE],
    ["FTT", FTT],
  ] as const)
    await writeFile(join(corpus, `${name}_USDT_4h.csv.gz`), gzipSync(formatCandlesCsv(candles)));
  const store = createCandleStore({
    dir,
    shippedDir: join(dir, "no-shipped"),
    corpusDirs: [corpus],
    logger,
  });
  const apiUrl = exchangeState === "absent" ? "http://127.0.0.1:9" : fake.url;
  const exchange = { id: "binance", apiUrl, timeoutMs: 10_000, retries: 0 };
  const registryFile = join(dir, "candles", "binance", "on-demand.json");
  const market = createMarketData({
    store,
    exchange: createExchange(exchange),
    config: { exchange, symbols: SYMBOLS },
    logger,
    now: () => NOW,
    onDemand: { registryFile, maxSymbols: 5, corpusDirs: [corpus] },
  });
  return { market, store, dir, registryFile };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DOGE_DAY = day((DOGE.at(-1) as Candle).time);
const FTT_DAY = day((FTT.at(-1) as Candle).time);

describe.each(["absent", "down"] as const)("the exchange %s", (state) => {
  it("GIVEN /forecast DOGE AND DOGE's history in the corpus THEN it is served from it, due once a minute, and the refresh that fails stores nothing", async () => {
    const captured = captureLogger();
    const { market, store, dir } = await setup(state, captured.logger);
    expect(await market.ensure("doge")).toEqual({ symbol: "DOGE/USDT", onDemand: true, due: true });
    const loaded = await market.getCandles("DOGE/USDT", "1d");
    expect(loaded.provenance).toEqual({
      source: "shipped",
      asOf: Date.UTC(2025, 1, 3),
      stale: false,
    });
    expect(day(loaded.provenance.asOf)).toBe(DOGE_DAY);
    // The caller's refresh (due) fails: the candles stand, and nothing is written beside the corpus.
    const refreshed = await market.update("DOGE/USDT");
    expect(refreshed).toMatchObject({ status: "stale", asOf: (DOGE.at(-1) as Candle).time });
    expect((await store.read({ exchange: "binance", symbol: "DOGE/USDT", timeframe: "4h" })).source).toBe(
      "shipped",
    );
    expect(await readdir(dir)).toEqual(["corpus"]);
    // Asked again within the minute: served, not due (the failed refresh already marked it stale).
    expect(await market.ensure("DOGE/USDT")).toEqual({ symbol: "DOGE/USDT", onDemand: true, due: false });
    expect(captured.lines.map((l) => l.msg)).toContain(
      "exchange unreachable: serving a corpus pair from its stored history",
    );
  });

  it("GIVEN a pair neither kept nor shipped THEN the refusal names the kept pairs and the shipped ones to their day, in English and translated", async () => {
    const { market } = await setup(state);
    const error = (await market.ensure("sol").catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe("exchange-unavailable");
    expect(error.message).toBe(
      "SOL/USDT is not one of the pairs I keep, and I cannot reach binance to look it up. Right now I can " +
        "serve only BTC/USDT, ETH/USDT, XRP/USDT, and from their shipped history (to the day in brackets) " +
        `3 more USDT pairs: ADA, DOGE (${DOGE_DAY}); FTT (${FTT_DAY}).`,
    );
    expect(error.suggestions).toEqual([]);
    const german = i18nFor("de").t("errors.exchange-unavailable", error.params);
    expect(german).toContain(`BTC/USDT, ETH/USDT, XRP/USDT; ADA, DOGE (${DOGE_DAY}); FTT (${FTT_DAY}).`);
    expect(german).toMatch(/^SOL\/USDT gehört nicht zu den Paaren, die ich vorhalte, und die Börse/);
  });

  it("GIVEN a corpus file that cannot be read THEN the refusal still comes, without that pair, and says so in the log", async () => {
    const captured = captureLogger();
    const { market, dir } = await setup(state, captured.logger);
    await writeFile(join(dir, "corpus", "BAD_USDT_4h.csv.gz"), gzipSync("not,a,candle,file\n"));
    const error = (await market.ensure("sol").catch((e: unknown) => e)) as UserError;
    expect(error.message).toMatch(/3 more USDT pairs: ADA, DOGE \(\d{4}-\d\d-\d\d\); FTT \(/);
    expect(captured.lines).toContainEqual(
      expect.objectContaining({
        msg: "corpus file unreadable; the next folder's is used if any",
        file: join(dir, "corpus", "BAD_USDT_4h.csv.gz"),
      }),
    );
  });

  it("GIVEN a typo of a shipped or a kept pair THEN the refusal suggests it", async () => {
    const { market } = await setup(state);
    for (const [typed, near] of [
      ["DOGEE", "DOGE/USDT"],
      ["dog", "DOGE/USDT"],
      ["FTX", "FTT/USDT"],
      ["btcc", "BTC/USDT"],
    ] as const) {
      const error = (await market.ensure(typed).catch((e: unknown) => e)) as UserError;
      expect(error.code, typed).toBe("exchange-unavailable");
      expect(error.suggestions, typed).toEqual([near]);
      // The suggestion comes before the list of what can be served, which may name it too.
      expect(error.message, typed).toMatch(new RegExp(`look it up\\. Did you mean ${near}\\? Right now`));
    }
    // Autocomplete, which never waits, offers the shipped pairs once they were read.
    market.suggest("d");
    await market.ensure("nope").catch(() => undefined);
    expect(market.suggest("do")).toEqual(["DOGE/USDT"]);
    expect(market.suggest("")).toEqual([...SYMBOLS, "ADA/USDT", "DOGE/USDT", "FTT/USDT"]);
  });
});

describe("the exchange up", () => {
  it("GIVEN /forecast DOGE THEN it is a listed pair as before: kept on demand, its corpus history adopted and brought up to date, nothing said of the exchange", async () => {
    const captured = captureLogger();
    const { market, registryFile } = await setup("up", captured.logger);
    // The corpus ends 100 days ago: adopted without a backfill, but due, so the caller's refresh catches up.
    expect(await market.ensure("doge")).toEqual({ symbol: "DOGE/USDT", onDemand: true, due: true });
    const registry = JSON.parse(await readFile(registryFile, "utf8")) as { symbols: { symbol: string }[] };
    expect(registry.symbols.map((s) => s.symbol)).toEqual(["DOGE/USDT"]);
    expect(fake?.requestsTo("/klines")).toEqual([]);
    const doge = await market.getCandles("DOGE/USDT", "4h", { refresh: true });
    expect(doge.provenance.stale).toBe(false);
    expect((doge.candles.at(-1) as Candle).time).toBe(NOW - 3_600_000 - STEP);
    expect(doge.candles[0]?.time).toBe(T0);
    expect(captured.lines.map((l) => l.msg)).not.toContain(
      "exchange unreachable: serving a corpus pair from its stored history",
    );
    // A listed pair outside the corpus is backfilled from the exchange, a year and more.
    expect(await market.ensure("sol")).toEqual({ symbol: "SOL/USDT", onDemand: true, due: false });
    const sol = await market.getCandles("SOL/USDT", "4h");
    expect(sol.provenance.source).toBe("live");
    expect(sol.candles[0]?.time).toBeLessThanOrEqual(NOW - 365 * DAY);
    expect((sol.candles.at(-1) as Candle).time).toBe(NOW - 3_600_000 - STEP);
  });
});
