import { describe, expect, it } from "vitest";
import { createEwmaForecaster } from "../../../src/model/baselines/ewma.js";
import { leastSquares } from "../../../src/model/baselines/har.js";
import { ewmaVariance, lambdaPerStep, logReturns } from "../../../src/model/baselines/volatility.js";
import { syntheticDailySeries } from "../../evaluation/synthetic-series.js";

describe("EWMA volatility", () => {
  it("GIVEN returns THEN the variance is seeded by the mean square of the first 30 and follows the RiskMetrics recursion", () => {
    const r = Float64Array.from({ length: 40 }, (_, i) => (i === 0 ? Number.NaN : 0.01 * Math.sin(i)));
    const v = ewmaVariance(r, 0.94);
    let seed = 0;
    for (let i = 1; i <= 30; i++) seed += (r[i] as number) ** 2;
    expect(v[29]).toBeNaN();
    expect(v[30]).toBeCloseTo(seed / 30, 15);
    expect(v[31]).toBeCloseTo(0.94 * (seed / 30) + 0.06 * (r[31] as number) ** 2, 15);
  });

  it("GIVEN 4h candles THEN lambda per step compounds to 0.94 a day", () => {
    expect(lambdaPerStep(0.94, 6) ** 6).toBeCloseTo(0.94, 12);
    expect(lambdaPerStep(0.94, 1)).toBe(0.94);
  });

  it("GIVEN a fitted EWMA forecaster THEN its median is 0 and its quantiles scale with sqrt(h) times the EWMA sd", async () => {
    const series = syntheticDailySeries("SYN/USDT", 400, { seed: 5 });
    const ewma = createEwmaForecaster();
    await ewma.fit([series], series.candles[299]?.time ?? 0, [1, 4]);
    const [[q1, q4] = []] = await ewma.predict(series, [350], [1, 4]);
    const sd = Math.sqrt(ewmaVariance(logReturns(series.candles), 0.94)[350] as number);
    expect(q1?.[2]).toBe(0);
    expect(q4?.[2]).toBe(0);
    // The standardised quantiles differ per horizon, but both are in units of sd * sqrt(h): of order one.
    const width1 = ((q1?.[3] as number) - (q1?.[1] as number)) / sd;
    const width4 = ((q4?.[3] as number) - (q4?.[1] as number)) / (2 * sd);
    expect(width1).toBeGreaterThan(1.5);
    expect(width1).toBeLessThan(4);
    expect(width4).toBeGreaterThan(1.5);
    expect(width4).toBeLessThan(4);
  });
});

describe("HAR least squares", () => {
  it("GIVEN an exact linear relation THEN OLS recovers its coefficients", () => {
    const rows = Array.from({ length: 50 }, (_, i) => [1, Math.sin(i), Math.cos(i * 0.7), (i % 7) / 7]);
    const beta = [0.5, -1.2, 2, 0.3];
    const y = rows.map((row) => row.reduce((s, v, j) => s + v * (beta[j] as number), 0));
    leastSquares(rows, y).forEach((b, j) => {
      expect(b).toBeCloseTo(beta[j] as number, 10);
    });
  });

  it("GIVEN a design with a repeated column THEN it refuses instead of returning garbage", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [1, i, i]);
    expect(() =>
      leastSquares(
        rows,
        rows.map((r) => r[1] as number),
      ),
    ).toThrow(/singular/);
  });
});
