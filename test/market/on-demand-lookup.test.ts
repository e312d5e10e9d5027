import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import type { Candle } from "../../src/market/types.js";
import { generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { folderPerTest, onDemandMarket } from "../helpers/on-demand-ground.js";

const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const CANDLES = generateCandles(Date.UTC(2024, 0, 1), 500 * 6 + 1, 100);
const NOW = (CANDLES.at(-1) as Candle).time + 3_600_000;

describe("ensure with lookUp (/accuracy of a pair /forecast can serve)", () => {
  const ground = folderPerTest("coincast-lookup-");

  it("GIVEN a listed pair outside SYMBOLS THEN it is resolved as a forecast resolves it, nothing backfilled or kept; a typo gets the forecast's refusal", async () => {
    const fake = await startFakeExchange({
      candles: Object.fromEntries([...SYMBOLS, "SOL/USDT"].map((s) => [s, CANDLES])),
      now: () => NOW,
    });
    ground.closers.push(() => fake.close());
    const market = onDemandMarket({
      dir: ground.dir,
      apiUrl: fake.url,
      symbols: SYMBOLS,
      now: () => NOW,
      logger: silentLogger(),
    });
    const fetching: string[] = [];
    const found = await market.ensure("sol", { lookUp: true, onFetching: (s) => void fetching.push(s) });
    expect(found).toEqual({ symbol: "SOL/USDT", onDemand: true, due: false });
    expect(fetching).toEqual([]);
    expect(fake.requestsTo("/klines")).toHaveLength(0);
    await expect(market.ensure("SOLL", { lookUp: true })).rejects.toThrow(/Did you mean .*SOL\/USDT/);
    // Nothing kept: a forecast of it afterwards still backfills it, and says so.
    await market.ensure("sol", { onFetching: (s) => void fetching.push(s) });
    expect(fetching).toEqual(["SOL/USDT"]);
  });
});
