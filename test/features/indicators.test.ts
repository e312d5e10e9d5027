import { describe, expect, it } from "vitest";
import {
  atrSeries,
  bollingerWidthSeries,
  macdSeries,
  rollingMeanStdSeries,
  rsiSeries,
  smaSeries,
} from "../../src/features/indicators.js";

/*
 * Reference values: the Tulip Indicators test series (tulipindicators.org, tests/untest.txt), which
 * trading-signals' own tests use too, and the RSI example of Wilder's "New Concepts in Technical Trading
 * Systems" as worked by StockCharts (ChartSchool, "Relative Strength Index"). Each test pins both the
 * values and the index of the first value, i.e. that our series line up with the candle they belong to.
 */
const TULIP_CLOSES = [
  81.59, 81.06, 82.87, 83.0, 83.61, 83.15, 82.84, 83.99, 84.55, 84.36, 85.53, 86.54, 86.89, 87.77, 87.29,
];
const TULIP_HIGHS = [
  82.15, 81.89, 83.03, 83.3, 83.85, 83.9, 83.33, 84.3, 84.84, 85.0, 85.9, 86.58, 86.98, 88.0, 87.87,
];
const TULIP_LOWS = [
  81.29, 80.64, 81.31, 82.65, 83.07, 83.11, 82.49, 82.3, 84.15, 84.11, 84.03, 85.39, 85.76, 87.17, 87.01,
];

/** Values from index `first` on, rounded as the reference prints them; NaN before is checked separately. */
function rounded(series: Float64Array, first: number, digits: number): string[] {
  return Array.from(series.subarray(first), (v) => v.toFixed(digits));
}

function expectNaNBefore(series: Float64Array, first: number): void {
  expect(Array.from(series.subarray(0, first)).every(Number.isNaN)).toBe(true);
  expect(Number.isFinite(series[first])).toBe(true);
}

describe("smaSeries", () => {
  it("GIVEN the Tulip series THEN SMA(5) matches Tulip from index 4 on", () => {
    const sma = smaSeries(TULIP_CLOSES, 5);
    expectNaNBefore(sma, 4);
    expect(rounded(sma, 4, 2)).toEqual([
      "82.43",
      "82.74",
      "83.09",
      "83.32",
      "83.63",
      "83.78",
      "84.25",
      "84.99",
      "85.57",
      "86.22",
      "86.80",
    ]);
  });
});

describe("rsiSeries", () => {
  it("GIVEN the Tulip series THEN RSI(5) matches Tulip from index 5 (period) on", () => {
    const rsi = rsiSeries(TULIP_CLOSES, 5);
    expectNaNBefore(rsi, 5);
    expect(rounded(rsi, 5, 3)).toEqual([
      "72.034",
      "64.927",
      "75.936",
      "79.796",
      "74.713",
      "83.033",
      "87.478",
      "88.755",
      "91.483",
      "78.498",
    ]);
  });

  it("GIVEN Wilder's worked example THEN RSI(14) matches it from index 14 on", () => {
    // The worksheet's closes carry 4 decimals; rounded to 2 they shift every RSI by about 0.07.
    const closes = [
      44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931,
      46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137,
      46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
    ];
    const rsi = rsiSeries(closes, 14);
    expectNaNBefore(rsi, 14);
    expect(rounded(rsi, 14, 2)).toEqual([
      "70.53",
      "66.32",
      "66.55",
      "69.41",
      "66.36",
      "57.97",
      "62.93",
      "63.26",
      "56.06",
      "62.38",
      "54.71",
      "50.42",
      "39.99",
      "41.46",
      "41.87",
      "45.46",
      "37.30",
      "33.08",
      "37.77",
    ]);
  });
});

describe("macdSeries", () => {
  it("GIVEN the Tulip series THEN MACD(2,5,9) line, signal and histogram match Tulip from index 4 on", () => {
    const { macd, signal, histogram } = macdSeries(TULIP_CLOSES, 2, 5, 9);
    for (const series of [macd, signal, histogram]) expectNaNBefore(series, 4);
    expect(rounded(macd, 4, 2)).toEqual([
      "0.62",
      "0.35",
      "0.11",
      "0.42",
      "0.58",
      "0.42",
      "0.68",
      "0.93",
      "0.89",
      "0.98",
      "0.62",
    ]);
    // Tulip's page prints 0.52 at index 10: it rounds 0.51492 in two steps.
    expect(rounded(signal, 4, 2)).toEqual([
      "0.62",
      "0.56",
      "0.47",
      "0.46",
      "0.49",
      "0.47",
      "0.51",
      "0.60",
      "0.66",
      "0.72",
      "0.70",
    ]);
    expect(rounded(histogram, 4, 2)).toEqual([
      "0.00",
      "-0.21",
      "-0.36",
      "-0.05",
      "0.09",
      "-0.05",
      "0.17",
      "0.33",
      "0.24",
      "0.26",
      "-0.08",
    ]);
  });
});

describe("bollingerWidthSeries", () => {
  it("GIVEN the Tulip series THEN BB(5, 2) width is (upper - lower) / middle of Tulip's bands", () => {
    const lower = [80.53, 80.99, 82.53, 82.47, 82.42, 82.44, 82.51, 83.14, 83.54, 83.87, 85.29];
    const middle = [82.43, 82.74, 83.09, 83.32, 83.63, 83.78, 84.25, 84.99, 85.57, 86.22, 86.8];
    const upper = [84.32, 84.49, 83.65, 84.16, 84.84, 85.12, 86.0, 86.85, 87.61, 88.57, 88.32];
    const width = bollingerWidthSeries(TULIP_CLOSES, 5, 2);
    expectNaNBefore(width, 4);
    lower.forEach((low, k) => {
      const expected = ((upper[k] as number) - low) / (middle[k] as number);
      // Tulip's bands are printed to 2 decimals: +-0.01 on each band is about 2.5e-4 on the width.
      expect(Math.abs((width[4 + k] as number) - expected)).toBeLessThan(2.5e-4);
    });
  });
});

describe("atrSeries", () => {
  it("GIVEN the Tulip series THEN ATR(5) matches Tulip from index 4 (period - 1) on", () => {
    const candles = TULIP_CLOSES.map((close, i) => ({
      close,
      high: TULIP_HIGHS[i] as number,
      low: TULIP_LOWS[i] as number,
    }));
    const atr = atrSeries(candles, 5);
    expectNaNBefore(atr, 4);
    expect(rounded(atr, 4, 2)).toEqual([
      "1.12",
      "1.05",
      "1.01",
      "1.21",
      "1.14",
      "1.09",
      "1.24",
      "1.23",
      "1.23",
      "1.21",
      "1.14",
    ]);
  });
});

describe("rollingMeanStdSeries", () => {
  it("GIVEN a hand-computed case THEN it gives the mean and population std of the last n values", () => {
    const { mean, std } = rollingMeanStdSeries([1, 2, 4, 8, 8, 8], 3);
    expectNaNBefore(mean, 2);
    expectNaNBefore(std, 2);
    // Windows [1,2,4], [2,4,8], [4,8,8], [8,8,8].
    expect(Array.from(mean.subarray(2))).toEqual(
      [7 / 3, 14 / 3, 20 / 3, 8].map((m) => expect.closeTo(m, 12)),
    );
    const expectedStd = [
      Math.sqrt(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 3),
      Math.sqrt(((2 - 14 / 3) ** 2 + (4 - 14 / 3) ** 2 + (8 - 14 / 3) ** 2) / 3),
      Math.sqrt(((4 - 20 / 3) ** 2 + 2 * (8 - 20 / 3) ** 2) / 3),
      0,
    ];
    expect(Array.from(std.subarray(2))).toEqual(expectedStd.map((s) => expect.closeTo(s, 12)));
  });
});
