import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { lock } from "proper-lockfile";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { folderPerTest, onDemandMarket } from "../helpers/on-demand-ground.js";

/**
 * Bot replicas in fleet mode (docker-compose.yml): each runs its own on-demand series over one DATA_DIR, so
 * one registry file and one candle store.
 */

const T0 = Date.UTC(2024, 0, 1);
const LISTED = ["BTC/USDT", "SOL/USDT", "BNB/USDT", "DOGE/USDT"];
const SYMBOLS = ["BTC/USDT"];

const ground = folderPerTest("coincast-on-demand-fleet-");
let fake: FakeExchange | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The fake exchange and a factory of replicas over `ground.dir`, each with its own store and registry view. */
async function fleet(maxSymbols = 5) {
  const candles = generateCandles(T0, 500 * 6 + 1, 100);
  const clock = { now: (candles.at(-1) as Candle).time + 3_600_000 };
  const exchangeFake = await startFakeExchange({
    candles: Object.fromEntries(LISTED.map((s) => [s, candles])),
    now: () => clock.now,
  });
  fake = exchangeFake;
  const { dir } = ground;
  const registryFile = join(dir, "candles", "binance", "on-demand.json");
  const replica = () => {
    const store = createCandleStore({ dir, shippedDir: join(dir, "no-shipped"), logger: silentLogger() });
    const now = () => clock.now;
    const market = onDemandMarket({
      ...{ dir, apiUrl: exchangeFake.url, symbols: SYMBOLS, now, logger: silentLogger() },
      ...{ store, registryFile, maxSymbols },
    });
    return { market, store };
  };
  const kept = async () =>
    (JSON.parse(await readFile(registryFile, "utf8")) as { symbols: { symbol: string }[] }).symbols
      .map((s) => s.symbol)
      .sort();
  const key = (symbol: string) => ({ exchange: "binance", symbol, timeframe: "4h" }) as const;
  const klines = (symbol: string) =>
    exchangeFake.requestsTo("/klines").filter((r) => r.query.symbol === symbol.replace("/", "")).length;
  return { replica, clock, registryFile, kept, key, klines };
}

describe("two bot replicas over one registry file", () => {
  it("GIVEN replica B loaded before A adopted SOL THEN B's DOGE does not erase SOL: a third sees both, and B converges to both", async () => {
    const { replica, kept, klines } = await fleet();
    const a = replica();
    const b = replica();
    await a.market.loadKept();
    await b.market.loadKept();
    await a.market.ensure("sol");
    await b.market.ensure("doge");
    expect(await kept()).toEqual(["DOGE/USDT", "SOL/USDT"]);

    const c = replica();
    await c.market.loadKept();
    expect(c.market.resolve("sol")).toBe("SOL/USDT");
    expect(c.market.resolve("doge")).toBe("DOGE/USDT");
    // B's view after its save is the file's: SOL is served without another backfill.
    expect(b.market.resolve("sol")).toBe("SOL/USDT");
    const fetched = klines("SOL/USDT");
    await b.market.ensure("sol");
    expect(klines("SOL/USDT")).toBe(fetched);
  });

  it("GIVEN MAX_SYMBOLS=2 AND B dropped SOL THEN A's next save does not bring SOL back, and a pair asked for from a view older than its drop is fetched again, not served without candles", async () => {
    const { replica, clock, kept, key, klines } = await fleet(2);
    const a = replica();
    const b = replica();
    await a.market.loadKept();
    await b.market.loadKept();
    await a.market.ensure("sol");
    clock.now += 1000;
    await b.market.ensure("bnb");
    clock.now += 1000;
    await b.market.ensure("doge"); // SOL, the least recently used of the three, is dropped by B.
    expect(await kept()).toEqual(["BNB/USDT", "DOGE/USDT"]);
    expect((await b.store.read(key("SOL/USDT"))).candles).toHaveLength(0);

    // A, whose view still holds SOL, adopts BNB from the store: its save merges into the file.
    clock.now += 1000;
    await a.market.ensure("bnb");
    expect(await kept()).toEqual(["BNB/USDT", "DOGE/USDT"]);
    expect(() => a.market.resolve("sol")).toThrow(UserError);
    expect(a.market.resolve("doge")).toBe("DOGE/USDT");

    // A later use of SOL from a view older than the drop is not written back: SOL's candles are gone.
    const c = replica();
    await c.market.loadKept();
    const d = replica();
    const fetched = klines("SOL/USDT");
    await d.market.loadKept();
    clock.now += 1000;
    await c.market.ensure("sol"); // backfilled again; DOGE, now the least recently used, is dropped by C
    expect(klines("SOL/USDT")).toBeGreaterThan(fetched);
    expect(await kept()).toEqual(["BNB/USDT", "SOL/USDT"]);
    // D's view still holds DOGE, which C dropped with its candles: D must not serve it from an empty store.
    expect((await d.store.read(key("DOGE/USDT"))).candles).toHaveLength(0);
    clock.now += 1000;
    const dogeFetched = klines("DOGE/USDT");
    await expect(d.market.ensure("doge")).resolves.toMatchObject({ symbol: "DOGE/USDT", onDemand: true });
    expect(klines("DOGE/USDT")).toBeGreaterThan(dogeFetched);
    expect((await d.store.read(key("DOGE/USDT"))).candles.length).toBeGreaterThan(0);
    // Backfilled again and adopted: BNB, now the least recently used, is dropped by D.
    expect(await kept()).toEqual(["DOGE/USDT", "SOL/USDT"]);
    expect((await d.store.read(key("BNB/USDT"))).candles).toHaveLength(0);
  });
});

describe("the registry lock", () => {
  it("GIVEN another process holds the lock THEN the registry is written only once it is released", async () => {
    const { replica, registryFile, kept, klines } = await fleet();
    const a = replica();
    await a.market.ensure("sol");
    const release = await lock(registryFile, { realpath: false });
    let answered = false;
    const ensured = a.market.ensure("bnb").then(() => {
      answered = true;
    });
    // The backfill is stored (three pages fetched, then one write); the save waits for the lock.
    await vi.waitFor(() => expect(klines("BNB/USDT")).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    expect(await kept()).toEqual(["SOL/USDT"]);
    await release();
    await ensured;
    expect(await kept()).toEqual(["BNB/USDT", "SOL/USDT"]);
  });
});
