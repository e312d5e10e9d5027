import { describe, expect, it } from "vitest";
import { formatAxisPrice, formatPrice, formatUtcTick } from "../../src/chart/format.js";
import { buildScene } from "../../src/chart/scene.js";
import { formatPrice as replyPrice } from "../../src/format.js";
import { LOCALES } from "../../src/i18n/index.js";
import { handMadeForecast, syntheticCandles } from "./fixtures.js";

describe("formatPrice", () => {
  it("GIVEN a BTC price THEN it reads in thousands with one decimal", () => {
    expect(formatPrice(97_123.45)).toBe("97.1k");
    expect(formatPrice(101_960)).toBe("102.0k");
    expect(formatPrice(10_000)).toBe("10.0k");
  });

  it("GIVEN an XRP price THEN it keeps four decimals", () => {
    expect(formatPrice(2.04123)).toBe("2.0412");
    expect(formatPrice(0.5)).toBe("0.5000");
  });

  it("GIVEN an ETH price THEN it keeps cents with a thousands comma", () => {
    expect(formatPrice(3412.456)).toBe("3,412.46");
    expect(formatPrice(245.314)).toBe("245.31");
  });

  it("GIVEN a price in millions or far below 1 THEN it stays short or keeps its significant digits", () => {
    expect(formatPrice(1_234_567)).toBe("1.23M");
    expect(formatPrice(0.000023456)).toBe("0.00002346");
  });

  it("GIVEN ADA and PEPE THEN the chart writes a price under 10,000 as the replies do, to the digit", () => {
    // The chart once wrote five significant digits: "0.73840" beside the reply's "0.7384".
    expect(formatPrice(0.7384)).toBe("0.7384");
    expect(formatPrice(0.71961, "pt-BR")).toBe("0,7196");
    expect(formatPrice(0.0000126204)).toBe("0.00001262");
    for (const locale of LOCALES) {
      for (const price of [0.7384, 0.71961, 0.0000126204, 0.19188, 2.04123, 24.531, 245.314, 3412.456]) {
        expect(formatPrice(price, locale), `${price} ${locale}`).toBe(replyPrice(price, locale));
      }
    }
  });

  it("GIVEN an ADA forecast THEN every price in the picture reads as in the reply", () => {
    const asOf = Date.UTC(2025, 11, 8);
    const history = syntheticCandles({
      timeframe: "1d",
      lastOpen: asOf,
      count: 100,
      start: 0.74,
      volatility: 0.03,
      seed: 3,
    });
    const lastPrice = history.at(-1)?.close ?? 0;
    const forecast = handMadeForecast({
      symbol: "ADA/USDT",
      horizon: "1d",
      timeframe: "1d",
      steps: 1,
      asOf,
      lastPrice,
      quantiles: [-0.07, -0.04, -0.002, 0.04, 0.07],
      probabilityUp: 0.48,
    });
    for (const locale of LOCALES) {
      const scene = buildScene(forecast, history, locale);
      expect(scene.last.text).toBe(replyPrice(lastPrice, locale));
      for (const label of scene.edgeLabels) expect(label.text).toBe(replyPrice(label.price, locale));
      expect(scene.summary[0]?.text).toContain(replyPrice(forecast.median, locale));
    }
  });
});

describe("formatAxisPrice", () => {
  it("GIVEN BTC ticks 2,000 apart THEN whole thousands", () => {
    expect(formatAxisPrice(96_000, 2000, 100_000)).toBe("96k");
  });

  it("GIVEN BTC ticks 500 apart THEN one decimal in thousands, so neighbours differ", () => {
    expect(formatAxisPrice(96_500, 500, 98_000)).toBe("96.5k");
    expect(formatAxisPrice(96_000, 500, 98_000)).toBe("96.0k");
  });

  it("GIVEN an axis crossing 10,000 THEN every tick is in thousands, the small ones too", () => {
    expect(formatAxisPrice(8000, 2000, 12_000)).toBe("8k");
  });

  it("GIVEN XRP ticks 0.05 apart THEN two decimals", () => {
    expect(formatAxisPrice(2, 0.05, 2.2)).toBe("2.00");
    expect(formatAxisPrice(2.05, 0.05, 2.2)).toBe("2.05");
  });

  it("GIVEN ETH ticks 50 apart THEN whole units with a comma", () => {
    expect(formatAxisPrice(3450, 50, 3600)).toBe("3,450");
  });
});

describe("UTC dates", () => {
  it("GIVEN UTC midnight THEN a tick shows the day alone, otherwise the day and the hour", () => {
    expect(formatUtcTick(Date.UTC(2025, 0, 12))).toBe("Jan 12");
    expect(formatUtcTick(Date.UTC(2025, 8, 3, 8))).toBe("Sep 3 08:00");
  });
});
