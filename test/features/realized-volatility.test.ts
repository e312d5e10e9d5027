import { describe, expect, it } from "vitest";
import { computeFeatures } from "../../src/features/compute-features.js";
import {
  RV_FEATURE_NAMES,
  realizedVolatilityColumns,
  rvWarmup,
  stepsPerDay,
  VARIANCE_FLOOR,
} from "../../src/features/realized-volatility.js";
import { resample } from "../../src/market/resample.js";
import type { Candle } from "../../src/market/types.js";
import { randomWalkCandles } from "./fixtures.js";

const DAY = 24 * 3_600_000;

/** Daily candles with a given realised variance each, prices from a fixed path. */
function dailyCandles(n: number): Candle[] {
  return Array.from({ length: n }, (_, t) => {
    const close = 100 * Math.exp(0.01 * Math.sin(t) + 0.002 * t);
    const open = 100 * Math.exp(0.01 * Math.sin(t - 1) + 0.002 * (t - 1));
    return {
      time: Date.UTC(2024, 0, 1) + t * DAY,
      open,
      high: Math.max(open, close) * 1.02,
      low: Math.min(open, close) * 0.99,
      close,
      volume: 10,
      realizedVariance: 1e-4 * (1 + (t % 5)),
    };
  });
}

describe("realised-volatility features", () => {
  it("GIVEN daily and 4h candles THEN a day is one or six steps", () => {
    expect(stepsPerDay(dailyCandles(3))).toBe(1);
    expect(stepsPerDay(randomWalkCandles(3))).toBe(6);
    expect(stepsPerDay([])).toBe(1);
  });

  it("GIVEN daily candles THEN the HAR terms are logs of the 1-, 7- and 30-day means of the candles' realised variance", () => {
    const candles = dailyCandles(60);
    const rv = realizedVolatilityColumns(candles);
    const t = 45;
    const mean = (days: number) => {
      let s = 0;
      for (let j = t - days + 1; j <= t; j++) s += candles[j]?.realizedVariance as number;
      return s / days;
    };
    expect(rv.rv_log_1d[t]).toBeCloseTo(Math.log(1e-4 * (1 + (t % 5))), 12);
    expect(rv.rv_log_7d[t]).toBeCloseTo(Math.log(mean(7)), 12);
    expect(rv.rv_log_30d[t]).toBeCloseTo(Math.log(mean(30)), 12);
  });

  it("GIVEN one day's OHLC THEN Parkinson and Garman-Klass match their formulas, averaged over 7 days", () => {
    const candles = dailyCandles(20);
    const rv = realizedVolatilityColumns(candles);
    const t = 12;
    let park = 0;
    let gk = 0;
    for (let j = t - 6; j <= t; j++) {
      const c = candles[j] as Candle;
      const hl = Math.log(c.high / c.low);
      const co = Math.log(c.close / c.open);
      park += hl ** 2 / (4 * Math.log(2));
      gk += 0.5 * hl ** 2 - (2 * Math.log(2) - 1) * co ** 2;
    }
    expect(rv.parkinson_log_7d[t]).toBeCloseTo(Math.log(park / 7), 12);
    expect(rv.garman_klass_log_7d[t]).toBeCloseTo(Math.log(gk / 7), 12);
  });

  it("GIVEN falling and rising days THEN the leverage terms keep only the negative part of the 1- and 7-day return", () => {
    const candles = dailyCandles(20).map((c, t) => ({
      ...c,
      close: t === 10 ? 90 : t === 11 ? 120 : c.close,
    }));
    const rv = realizedVolatilityColumns(candles);
    expect(rv.neg_return_1d[10]).toBeCloseTo(Math.log(90 / (candles[9] as Candle).close), 12);
    expect(rv.neg_return_1d[11]).toBe(0);
    const week = Math.log((candles[10] as Candle).close / (candles[3] as Candle).close) / 7;
    expect(rv.neg_return_7d[10]).toBeCloseTo(Math.min(week, 0), 12);
  });

  it("GIVEN 4h candles THEN the 1-day RV is the sum of the last six squared 4h returns, and equals the daily candle's from resample", () => {
    const parts = randomWalkCandles(24 * 6 + 1, { seed: 3, start: Date.UTC(2024, 0, 1) - 4 * 3_600_000 });
    const rv4h = realizedVolatilityColumns(parts);
    const t = 6 * 20; // the last 4h candle of a UTC day
    let sum = 0;
    for (let j = t - 5; j <= t; j++)
      sum += Math.log((parts[j] as Candle).close / (parts[j - 1] as Candle).close) ** 2;
    expect(rv4h.rv_log_1d[t]).toBeCloseTo(Math.log(sum), 12);
    const daily = resample(parts, "1d");
    const day = daily.find((c) => c.time === (parts[t - 5] as Candle).time);
    expect(Math.log(day?.realizedVariance as number)).toBeCloseTo(rv4h.rv_log_1d[t] as number, 12);
  });

  it("GIVEN gap-filled flat candles THEN the log variance is floored, not -Infinity", () => {
    const flat = dailyCandles(10).map((c) => ({
      ...c,
      open: 100,
      high: 100,
      low: 100,
      close: 100,
      realizedVariance: 0,
    }));
    const rv = realizedVolatilityColumns(flat);
    expect(rv.rv_log_7d[8]).toBe(Math.log(VARIANCE_FLOOR));
    expect(rv.parkinson_log_7d[8]).toBe(Math.log(VARIANCE_FLOOR));
  });

  it("GIVEN the warm-ups THEN each column is NaN before and finite from it, and computeFeatures carries them", () => {
    const candles = dailyCandles(80);
    const rv = realizedVolatilityColumns(candles);
    const warm = rvWarmup(1);
    for (const name of RV_FEATURE_NAMES) {
      expect(rv[name][warm[name] - 1], name).toBeNaN();
      expect(Array.from(rv[name].subarray(warm[name])).every(Number.isFinite), name).toBe(true);
    }
    const matrix = computeFeatures(candles);
    const f = matrix.names.indexOf("rv_log_30d");
    const width = matrix.names.length;
    expect(matrix.values[70 * width + f]).toBeCloseTo(rv.rv_log_30d[70] as number, 5);
  });
});
