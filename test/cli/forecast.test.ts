import { describe, expect, it } from "vitest";
import { describeForecast, formatPrice } from "../../src/cli/forecast.js";
import type { Forecast } from "../../src/forecast/forecast.js";

describe("formatPrice", () => {
  it("GIVEN BTC at 97120 THEN whole units with a thousands separator", () => {
    expect(formatPrice(97_120)).toBe("97,120");
    expect(formatPrice(97_120.6)).toBe("97,121");
  });

  it("GIVEN ETH at 3456.789 THEN cents", () => {
    expect(formatPrice(3456.789)).toBe("3,456.79");
    expect(formatPrice(42.5)).toBe("42.50");
  });

  it("GIVEN XRP at 0.51234 THEN four decimals", () => {
    expect(formatPrice(0.51234)).toBe("0.5123");
    expect(formatPrice(2.4)).toBe("2.4000");
  });
});

function forecast(stale: boolean): Forecast {
  return {
    symbol: "BTC/USDT",
    horizon: "1d",
    timeframe: "1d",
    asOf: Date.UTC(2025, 11, 8),
    targetTime: Date.UTC(2025, 11, 10),
    lastPrice: 97_120,
    median: 98_000,
    interval80: { low: 94_000, high: 101_500 },
    interval95: { low: 91_000, high: 104_000 },
    probabilityUp: 0.56,
    expectedVolatility: 0.0283,
    modelVersion: "cnn-gru 2025-12-08 a1b2c3d4",
    data: { source: "live", asOf: Date.UTC(2025, 11, 8), stale },
    madeAt: Date.UTC(2025, 11, 9, 1),
  };
}

describe("describeForecast", () => {
  it("GIVEN a fresh forecast THEN it reads prices, change, target close, interval, P(up) and the model", () => {
    expect(describeForecast(forecast(false))).toBe(
      [
        "BTC/USDT 1d: median 98,000 (+0.9%) by 2025-12-10 00:00 UTC",
        "  last 97,120, candle of 2025-12-08 00:00 UTC, live data",
        "  80% interval 94,000 .. 101,500; P(up) 56%; expected volatility 2.8%",
        "  model cnn-gru 2025-12-08 a1b2c3d4. Not financial advice.",
      ].join("\n"),
    );
  });

  it("GIVEN stale data THEN the warning says the exchange could not be reached", () => {
    const text = describeForecast(forecast(true));
    expect(text).toContain("live data (STALE: the exchange could not be reached)");
    expect(describeForecast(forecast(false))).not.toContain("STALE");
  });
});

describe("describeForecast with a recorded verdict", () => {
  it("GIVEN a model that does not beat persistence THEN the forecast says so beside the numbers", () => {
    const text = describeForecast(forecast(false), {
      symbol: "BTC/USDT",
      horizon: 1,
      mase: 1.005,
      dmPValue: 0.96,
      directionAccuracy: 0.497,
      majorityRate: 0.51,
      coverage80: 0.822,
      coverage95: 0.969,
      beatsPersistence: false,
      text: "",
    });
    expect(text).toMatch(
      /out of sample: MASE 1\.005 against "no change" \(does not beat it\); the 80% interval held 82%/,
    );
  });
});
