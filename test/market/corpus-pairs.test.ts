import { describe, expect, it } from "vitest";
import { excludedBecause, selectCorpusPairs } from "../../src/market/corpus-pairs.js";
import type { ListedMarket } from "../../src/market/listed-markets.js";

const market = (symbol: string, quoteVolume: number): ListedMarket => {
  const [base = "", quote = ""] = symbol.split("/");
  return { symbol, base, quote, quoteVolume };
};

describe("excludedBecause", () => {
  const listed = new Set(["BTC", "ETH", "BETH", "BNB", "AVAX", "IN", "OO", "LD", "IF"]);

  it("GIVEN dollar and euro stablecoins, named or caught by the rule THEN they are left out", () => {
    for (const base of [
      "USDC",
      "FDUSD",
      "TUSD",
      "DAI",
      "BUSD",
      "USDP",
      "PYUSD",
      "USDE",
      "USD1",
      "BFUSD",
      "EURI",
    ]) {
      expect(excludedBecause(base, listed), base).toBe("stablecoin");
    }
    expect(excludedBecause("EUR", listed)).toBe("fiat");
    expect(excludedBecause("PAXG", listed)).toBe("gold-pegged");
  });

  it("GIVEN wrapped, staked and leveraged forms of a listed coin THEN they are left out", () => {
    expect(excludedBecause("WBTC", listed)).toBe("wrapped");
    expect(excludedBecause("WETH", listed)).toBe("wrapped");
    expect(excludedBecause("WBETH", listed)).toBe("wrapped");
    expect(excludedBecause("WAVAX", listed)).toBe("wrapped");
    expect(excludedBecause("BETH", listed)).toBe("staked");
    expect(excludedBecause("BTCUP", listed)).toBe("leveraged");
    expect(excludedBecause("ETHDOWN", listed)).toBe("leveraged");
  });

  it("GIVEN coins whose names merely look like wrappers (WIN, WOO, WLD, WIF, JUP) THEN they stay", () => {
    for (const base of ["WIN", "WOO", "WLD", "WIF", "JUP", "SOL", "DOGE", "W"]) {
      expect(excludedBecause(base, listed), base).toBeNull();
    }
  });
});

describe("selectCorpusPairs", () => {
  it("GIVEN stablecoins and wrapped tokens trading most THEN the N most liquid USDT coins, most liquid first", () => {
    const markets = [
      market("USDC/USDT", 9e9),
      market("FDUSD/USDT", 8e9),
      market("WBTC/USDT", 7e9),
      market("BTC/USDT", 6e9),
      market("SOL/BTC", 5e9),
      market("SOL/USDT", 3e9),
      market("DOGE/USDT", 2e9),
      market("ADA/USDT", 1e9),
      market("XLM/USDT", 1e9),
    ];
    const picked = selectCorpusPairs(markets, 3, new Set(["BTC/USDT"]));
    expect(picked.map((m) => m.symbol)).toEqual(["SOL/USDT", "DOGE/USDT", "ADA/USDT"]);
    expect(selectCorpusPairs(markets, 10).map((m) => m.symbol)).toEqual([
      "BTC/USDT",
      "SOL/USDT",
      "DOGE/USDT",
      "ADA/USDT",
      "XLM/USDT",
    ]);
  });
});
