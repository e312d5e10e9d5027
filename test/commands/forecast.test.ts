import { describe, expect, it } from "vitest";
import { chartFilename, describeForecast, forecastCommand } from "../../commands/forecast.js";
import { formatPrice } from "../../commands/format.js";
import { describeVerdict, verdictLine } from "../../commands/verdict.js";
import { formatText } from "../../src/chat/format-text.js";
import type { RangeVerdict } from "../../src/evaluation/range-verdict.js";
import type { Forecast } from "../../src/forecast/forecast.js";
import { i18nFor, LOCALES } from "../../src/i18n/index.js";
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
    expect(formatPrice(0.19188)).toBe("0.1919");
  });

  it("GIVEN PEPE at 0.0000123 and SHIB at 0.00001336 THEN four significant digits, not 0.0000", () => {
    expect(formatPrice(0.0000123)).toBe("0.00001230");
    expect(formatPrice(0.00001336)).toBe("0.00001336");
    expect(formatPrice(0.04567)).toBe("0.04567");
    expect(formatPrice(0)).toBe("0.0000");
    expect(formatPrice(1e-15)).toBe("0.000000000000");
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

  it("GIVEN a forecast made after its target time (old stored data) THEN the reply says so beside the stale notice, in every language, not in the price lines", () => {
    const late = { ...forecast(true), madeAt: Date.UTC(2026, 11, 7) };
    const reply = describeForecast({ forecast: late, verdict: undefined, record: EMPTY_RECORD });
    const lines = reply.lines.join("\n");
    expect(lines).toMatch(/STALE: the newest candle closed 2025-12-09 00:00 UTC/);
    expect(lines).toContain("target time, 2025-12-10 00:00 UTC, had already passed when it was made");
    expect((reply.fields ?? []).map((f) => f.value).join("\n")).not.toMatch(/already passed/);
    for (const locale of LOCALES) {
      const { t } = i18nFor(locale);
      const localized = describeForecast(
        { forecast: late, verdict: undefined, record: EMPTY_RECORD },
        i18nFor(locale),
      );
      expect(localized.lines.at(-1)).toContain(t("forecast.targetPassed", { time: "" }).slice(0, 12));
    }
    // Made before its target: no such line.
    const timely = describeForecast({ forecast: forecast(true), verdict: undefined, record: EMPTY_RECORD });
    expect(timely.lines.join("\n")).not.toMatch(/already passed/);
  });

  it('GIVEN a scored track record THEN its error is read against "no change"', () => {
    const record = {
      ...EMPTY_RECORD,
      count: 12,
      mae: 1_200,
      naiveMae: 1_150,
      skill: 1 - 1_200 / 1_150,
      calls: 0,
      hitRate: null,
      coverage80: 0.75,
      coverage95: 0.92,
      since: Date.UTC(2025, 10, 1),
    };
    const text = describeForecast({ forecast: forecast(false), verdict: undefined, record }).lines.join("\n");
    expect(text).toMatch(/12 forecasts scored since 2025-11-01, 2 pending/);
    expect(text).toMatch(
      /Median error 1,200.00 vs 1,150.00 for "no change": does not beat "no change" \(skill -4%\)/,
    );
    // The served model's P(up) is 0.5: it makes no direction call, and the track-record line says so.
    expect(text).toContain("direction n/a (no forecast made a call");
  });
});

describe("/forecast", () => {
  it("GIVEN btc and no horizon THEN one call into the core answers it: BTC/USDT at 1d with the recorded verdict, the pair's record and the chart", async () => {
    const services = fakeCommandServices();
    const reply = await forecastCommand.run({ symbol: "btc", horizon: undefined }, commandContext(services));
    expect(services.calls.core).toEqual(["report"]);
    expect(services.calls.forecast).toEqual([["btc", "1d", "command"]]);
    expect(services.calls.trackRecord).toEqual([{ symbol: "BTC/USDT", horizon: "1d" }]);
    expect(reply.title).toBe("BTC/USDT forecast, 1d ahead");
    expect(reply.lines[0]).toBe(
      'Out of sample its range beat "no change" by 2.6% (CRPS) and its 80% band held 82% of outcomes; ' +
        'its median does not beat "no change" (MASE 1.005): no model does on crypto returns, so read the range, not the median.',
    );
    expect(reply.image).toEqual({
      png: FAKE_PNG,
      filename: "BTCUSDT-1d-20251208T0000Z.png",
      description: expect.stringContaining("BTC/USDT"),
    });
  });

  it("GIVEN no recorded verdict for the pair THEN the verdict line is left out, not invented", async () => {
    const services = fakeCommandServices({ evaluation: null });
    const report = await services.forecasts.report("eth", "3d");
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

describe("the verdict line", () => {
  const base: RangeVerdict = {
    model: "har",
    horizon: 1,
    range: { ratio: 0.974, significant: true },
    coverage80: 0.81,
    median: { kind: "no-change" },
  };

  it('GIVEN a zero-drift model with a better range THEN it says what the range is good for and that the median is "no change" on purpose, not "MASE 1.000 (does not beat it)"', () => {
    const line = describeVerdict(base);
    expect(line).toBe(
      'Out of sample its range beat "no change" by 2.6% (CRPS) and its 80% band held 81% of outcomes; ' +
        'its median is "no change" itself: no model beats that on crypto returns, and this one does not pretend to.',
    );
    expect(line).not.toMatch(/MASE|does not beat it/);
  });

  it("GIVEN a range no better or worse within noise, or significantly worse THEN it says so with the figure", () => {
    expect(describeVerdict({ ...base, range: { ratio: 0.989, significant: false } })).toMatch(
      /its range beat "no change" by 1\.1% \(CRPS, within noise\)/,
    );
    expect(describeVerdict({ ...base, range: { ratio: 1.013, significant: false } })).toMatch(
      /its range did 1\.3% worse than "no change" \(CRPS, within noise\)/,
    );
    expect(describeVerdict({ ...base, range: { ratio: 1.04, significant: true } })).toMatch(
      /its range did 4\.0% worse than "no change" \(CRPS\) and/,
    );
  });

  it('GIVEN a median that beats "no change" significantly, or one whose MASE is unknown THEN it says which, or only the range', () => {
    expect(describeVerdict({ ...base, median: { kind: "beats", mase: 0.97 } })).toMatch(
      /; its median beat "no change" too \(MASE 0\.970\)\.$/,
    );
    expect(describeVerdict({ ...base, median: { kind: "beats", mase: 0.85 } })).toMatch(/LEAK ALARM/);
    expect(describeVerdict({ ...base, median: { kind: "unknown" }, range: null })).toBe(
      "Out of sample its 80% band held 81% of outcomes.",
    );
  });

  it("GIVEN a coin outside training THEN its leave-one-coin-out verdict, led by what the model is for that coin", () => {
    expect(
      verdictLine({ verdict: base, unseen: { fittedOnItsOwnHistory: true, leftOut: ["BTC/USDT"] } }),
    ).toBe(
      "Fitted on this coin's own history just now (not one of the shipped fits); on coins left out of its fit (BTC/USDT), " +
        'its range beat "no change" by 2.6% (CRPS) and its 80% band held 81% of outcomes; its median is "no change" itself: ' +
        "no model beats that on crypto returns, and this one does not pretend to.",
    );
    expect(verdictLine({ verdict: undefined, unseen: { fittedOnItsOwnHistory: false, leftOut: null } })).toBe(
      "Not trained on this coin, and no record yet of how it does on coins it never saw.",
    );
  });
});
