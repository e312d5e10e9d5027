import { describe, expect, it } from "vitest";
import {
  computeFeatures,
  FEATURE_NAMES,
  FEATURES_FIRST_VALID,
  type FeatureName,
  featuresFirstValid,
  featureWarmup,
} from "../../src/features/compute-features.js";
import {
  atrSeries,
  bollingerWidthSeries,
  macdSeries,
  rsiSeries,
  smaSeries,
} from "../../src/features/indicators.js";
import type { FeatureMatrix } from "../../src/features/types.js";
import type { Candle } from "../../src/market/types.js";
import { randomWalkCandles, shippedFilled } from "./fixtures.js";

const F = FEATURE_NAMES.length;

function column(matrix: FeatureMatrix, name: FeatureName): number[] {
  const f = matrix.names.indexOf(name);
  return Array.from({ length: matrix.times.length }, (_, t) => matrix.values[t * F + f] as number);
}

function populationStd(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

function allFiniteFrom(matrix: FeatureMatrix, row: number): boolean {
  return matrix.values.subarray(row * F).every(Number.isFinite);
}

describe("computeFeatures", () => {
  const candles = randomWalkCandles(300, { seed: 7 });
  const matrix = computeFeatures(candles);
  const closes = candles.map((c) => c.close);

  it("GIVEN 300 candles THEN it returns one row per candle with every named feature", () => {
    expect(matrix.names).toEqual([...FEATURE_NAMES]);
    expect(matrix.times).toEqual(candles.map((c) => c.time));
    expect(matrix.values.length).toBe(300 * F);
  });

  it("GIVEN each feature's warm-up THEN it is NaN just before and finite from it on, and firstValid is the longest", () => {
    for (const name of FEATURE_NAMES) {
      const values = column(matrix, name);
      const warm = featureWarmup(6)[name]; // 4h candles: six a day
      if (warm > 0) expect(values[warm - 1], name).toBeNaN();
      expect(values.slice(warm).every(Number.isFinite), name).toBe(true);
    }
    // 4h candles wait for 30 days of returns (rv_log_30d); daily ones for SMA 50.
    expect(matrix.firstValid).toBe(180);
    expect(featuresFirstValid(6)).toBe(180);
    expect(FEATURES_FIRST_VALID).toBe(49);
    expect(allFiniteFrom(matrix, matrix.firstValid)).toBe(true);
  });

  it("GIVEN the indicator series THEN each feature is that indicator made scale-free at the same row", () => {
    const rsi = rsiSeries(closes, 14);
    const macd = macdSeries(closes, 12, 26, 9);
    const sma50 = smaSeries(closes, 50);
    const bb = bollingerWidthSeries(closes, 20, 2);
    const atr = atrSeries(candles, 14);
    for (const t of [49, 120, 299]) {
      const c = candles[t] as Candle;
      const expected: Partial<Record<FeatureName, number>> = {
        log_return: Math.log(c.close / (closes[t - 1] as number)),
        log_range: Math.log(c.high / c.low),
        sma_ratio_50: c.close / (sma50[t] as number) - 1,
        rsi_14: (rsi[t] as number) / 100,
        macd_line: (macd.macd[t] as number) / c.close,
        macd_signal: (macd.signal[t] as number) / c.close,
        macd_hist: (macd.histogram[t] as number) / c.close,
        bb_width_20: bb[t] as number,
        atr_14: (atr[t] as number) / c.close,
      };
      for (const [name, value] of Object.entries(expected)) {
        expect(column(matrix, name as FeatureName)[t], `${name} at ${t}`).toBeCloseTo(value, 6);
      }
    }
  });

  it("GIVEN log returns and log volumes THEN realised volatility and volume z-score match a direct computation", () => {
    const t = 200;
    const returns = closes
      .slice(t - 30, t + 1)
      .map((c, i, a) => (i === 0 ? 0 : Math.log(c / (a[i - 1] as number))));
    const logVolumes = candles.slice(t - 29, t + 1).map((c) => Math.log1p(c.volume));
    const mean = logVolumes.reduce((a, b) => a + b, 0) / 30;
    expect(column(matrix, "realized_vol_10")[t]).toBeCloseTo(populationStd(returns.slice(-10)), 6);
    expect(column(matrix, "realized_vol_30")[t]).toBeCloseTo(populationStd(returns.slice(1)), 6);
    expect(column(matrix, "volume_z_30")[t]).toBeCloseTo(
      ((logVolumes[29] as number) - mean) / populationStd(logVolumes),
      5,
    );
  });

  it("GIVEN the same series at 1000x the price THEN every price feature is unchanged (features are symbol-free)", () => {
    const scaled = computeFeatures(
      candles.map((c) => ({
        ...c,
        open: c.open * 1000,
        high: c.high * 1000,
        low: c.low * 1000,
        close: c.close * 1000,
      })),
    );
    const from = matrix.firstValid * F;
    scaled.values.subarray(from).forEach((v, i) => {
      expect(Math.abs(v - (matrix.values[from + i] as number))).toBeLessThan(1e-5);
    });
  });

  it("GIVEN a run of 40 gap-filled zero-volume candles THEN no feature is NaN or infinite", () => {
    const withGap = candles.map((c) => ({ ...c }));
    for (let t = 100; t < 140; t++) {
      const price = (withGap[99] as Candle).close;
      withGap[t] = {
        time: (withGap[t] as Candle).time,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 0,
        filled: true,
      };
    }
    const features = computeFeatures(withGap);
    expect(allFiniteFrom(features, features.firstValid)).toBe(true);
    // 30 identical zero volumes: the rolling std is 0, so the z-score is 0 rather than 0/0.
    expect(column(features, "volume_z_30")[135]).toBe(0);
  });

  it("GIVEN fewer candles than the warm-up THEN firstValid is the row count (no valid row)", () => {
    expect(computeFeatures(candles.slice(0, 30)).firstValid).toBe(30);
    expect(computeFeatures([]).values.length).toBe(0);
  });

  it("GIVEN a zero close THEN it refuses with a RangeError instead of producing Infinity", () => {
    const bad = candles.slice(0, 60).map((c, t) => (t === 55 ? { ...c, close: 0 } : c));
    expect(() => computeFeatures(bad)).toThrow(RangeError);
  });

  it("GIVEN the shipped BTC, ETH and XRP histories, gaps filled THEN every row from firstValid is finite", async () => {
    for (const symbol of ["BTC/USDT", "ETH/USDT", "XRP/USDT"]) {
      const history = await shippedFilled(symbol);
      expect(
        history.some((c) => c.filled === true || c.volume === 0),
        symbol,
      ).toBe(true);
      const features = computeFeatures(history);
      expect(allFiniteFrom(features, features.firstValid), symbol).toBe(true);
    }
  });
});
