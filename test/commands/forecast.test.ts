import { describe, expect, it } from "vitest";
import { chartFilename, describeForecast, forecastCommand, forecastReport } from "../../commands/forecast.js";
import { formatPrice } from "../../commands/format.js";
import { describeVerdict } from "../../commands/verdict.js";
import { formatText } from "../../src/chat/format-text.js";
import type { Forecast } from "../../src/forecast/forecast.js";
import {
  commandContext,
  EMPTY_RECORD,
  FAKE_PNG,
  fakeCommandServices,
  handMadeForecast,
} from "../helpers/fake-command-services.js";

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
  it("GIVEN a fresh forecast THEN it reads last price and time, median and change, interval, P(up), volatility, record, as-of and the advice note", () => {
    const text = formatText(
      describeForecast({ forecast: forecast(false), verdict: undefined, record: EMPTY_RECORD }),
    );
    expect(text).toBe(
      [
        "BTC/USDT forecast, 1d ahead",
        "  Last price: 97,120 at 2025-12-09 00:00 UTC",
        "  Median: 98,000 (+0.9%) by 2025-12-10 00:00 UTC",
        "  80% interval: 94,000 to 101,500",
        "  P(up): 56%",
        "  Expected volatility: 2.8%",
        "Track record BTC/USDT 1d: no scored forecasts yet (2 waiting for their target candle).",
        "Data as of 2025-12-09 00:00 UTC (live from the exchange).",
        "Model cnn-gru 2025-12-08 a1b2c3d4. Not financial advice: a forecast is a range of outcomes, not a promise.",
      ].join("\n"),
    );
  });

  it("GIVEN stale data THEN the reply says so with the date the newest candle closed", () => {
    const reply = describeForecast({ forecast: forecast(true), verdict: undefined, record: EMPTY_RECORD });
    expect(reply.lines.join("\n")).toMatch(/STALE: the newest candle closed 2025-12-09 00:00 UTC/);
    const fresh = describeForecast({ forecast: forecast(false), verdict: undefined, record: EMPTY_RECORD });
    expect(fresh.lines.join("\n")).not.toContain("STALE");
  });

  it('GIVEN a scored track record THEN its error is read against "no change"', () => {
    const record = {
      ...EMPTY_RECORD,
      count: 12,
      mae: 1_200,
      naiveMae: 1_150,
      skill: 1 - 1_200 / 1_150,
      hitRate: 0.5,
      coverage80: 0.75,
      coverage95: 0.92,
      since: Date.UTC(2025, 10, 1),
    };
    const text = describeForecast({ forecast: forecast(false), verdict: undefined, record }).lines.join("\n");
    expect(text).toMatch(/12 forecasts scored since 2025-11-01, 2 pending/);
    expect(text).toMatch(
      /Median error 1,200.00 vs 1,150.00 for "no change": does not beat "no change" \(skill -4%\)/,
    );
  });
});

describe("/forecast", () => {
  it("GIVEN btc and no horizon THEN it forecasts BTC/USDT at 1d with the recorded verdict, the pair's record and the chart", async () => {
    const services = fakeCommandServices();
    const reply = await forecastCommand.run({ symbol: "btc", horizon: undefined }, commandContext(services));
    expect(services.calls.forecast).toEqual([["btc", "1d", "command"]]);
    expect(services.calls.trackRecord).toEqual([{ symbol: "BTC/USDT", horizon: "1d" }]);
    expect(reply.title).toBe("BTC/USDT forecast, 1d ahead");
    expect(reply.lines[0]).toBe(
      'Out of sample: MASE 1.005 against "no change" (does not beat it); the 80% interval held 82% of outcomes.',
    );
    expect(reply.image).toEqual({
      png: FAKE_PNG,
      filename: "BTCUSDT-1d-20251208T0000Z.png",
      description: expect.stringContaining("BTC/USDT"),
    });
  });

  it("GIVEN no recorded verdict for the pair THEN the verdict line is left out, not invented", async () => {
    const services = fakeCommandServices({ evaluation: null });
    const report = await forecastReport(services, "eth", "3d");
    expect(report.verdict).toBeUndefined();
    expect(describeForecast(report).lines.join("\n")).not.toMatch(/Out of sample/);
  });

  it("GIVEN the chart fails THEN the numbers still come, with a note and a logged warning", async () => {
    const services = fakeCommandServices({
      chart: async () => {
        throw new Error("canvas exploded");
      },
    });
    const reply = await forecastCommand.run({ symbol: "xrp", horizon: "7d" }, commandContext(services));
    expect(reply.image).toBeUndefined();
    expect(reply.fields?.[0]?.value).toMatch(/^2\.0412/);
    expect(reply.lines.at(-1)).toBe("(The chart could not be drawn this time.)");
  });

  it("GIVEN a 4h forecast THEN the chart file name carries the hour", () => {
    expect(chartFilename(handMadeForecast("eth", "12h"))).toBe("ETHUSDT-12h-20251208T0000Z.png");
  });
});

describe("describeVerdict", () => {
  const base = {
    symbol: "ETH/USDT",
    horizon: 1,
    dmPValue: 0.3,
    directionAccuracy: 0.5,
    majorityRate: 0.51,
    coverage80: 0.78,
    coverage95: 0.93,
    text: "",
  };

  it("GIVEN MASE below 1 without significance THEN 'slightly better, but not significantly', not a win", () => {
    expect(describeVerdict({ ...base, mase: 0.999, beatsPersistence: false })).toBe(
      'Out of sample: MASE 0.999 against "no change" (slightly better, but not significantly); the 80% interval held 78% of outcomes.',
    );
  });

  it("GIVEN a significant win or a loss THEN it says which", () => {
    expect(describeVerdict({ ...base, mase: 0.998, beatsPersistence: true })).toMatch(
      /\(beats it, significantly\)/,
    );
    expect(describeVerdict({ ...base, mase: 1.02, beatsPersistence: false })).toMatch(/\(does not beat it\)/);
  });
});
