import { describe, expect, it } from "vitest";
import {
  computeMetrics,
  crpsFromQuantiles,
  meanPinballLoss,
  persistenceErrors,
  pinballLoss,
} from "../../src/evaluation/metrics.js";

/** A quantile vector around median m with half-widths a (80%) and b (95%). */
const around = (m: number, a: number, b: number): number[] => [m - b, m - a, m, m + a, m + b];

// Four hand-made test points (median price = close * exp(q0.5)):
//   close 100, median 100, actual 110 -> error -10
//   close 200, median 210, actual 190 -> error +20
//   close  50, median  45, actual  40 -> error  +5
//   close 100, median 110, actual 120 -> error -10
const originClose = [100, 200, 50, 100];
const actualClose = [110, 190, 40, 120];
const quantiles = [
  around(0, 0.05, 0.2), // actual log return 0.0953: outside 80%, inside 95%
  around(Math.log(1.05), 0.15, 0.3), // 0.1001 below the median: inside both
  around(Math.log(0.9), 0.05, 0.1), // 0.1178 below: outside both
  around(Math.log(1.1), 0.1, 0.2), // 0.0870 above: inside both
];
const metrics = computeMetrics({
  horizon: 1,
  originClose,
  actualClose,
  quantiles,
  persistenceErrors: persistenceErrors(originClose, actualClose),
});

describe("computeMetrics on a four-point hand example", () => {
  it("THEN MAE = 11.25, RMSE = 12.5 and MAPE = mean(10/110, 20/190, 5/40, 10/120)", () => {
    expect(metrics.mae).toBeCloseTo(11.25, 10);
    expect(metrics.rmse).toBeCloseTo(12.5, 10);
    expect(metrics.mape).toBeCloseTo((10 / 110 + 20 / 190 + 5 / 40 + 10 / 120) / 4, 12);
  });

  it("THEN MASE = 11.25 / 12.5 = 0.9, persistence's MAE on the same points being (10+10+10+20)/4", () => {
    expect(metrics.mase).toBeCloseTo(0.9, 12);
  });

  it("THEN the zero median makes no call and direction scores 2 of the 3 calls, against a 2/3 majority among them", () => {
    // Point 1's median is "no change" (P(up) 0.5): no call, left out rather than scored as "not up".
    expect(metrics.direction).toMatchObject({ hits: 2, n: 4, calls: 3, majorityRate: 2 / 3 });
    expect(metrics.direction.accuracy).toBeCloseTo(2 / 3, 12);
    // Two-sided P of an outcome no more likely than 2 of 3 under p = 0.5: every outcome, 1.
    expect(metrics.direction.pValueVsHalf).toBeCloseTo(1, 12);
    // P(X >= 2 | n = 3, p = 2/3) = 3 * (2/3)^2 * (1/3) + (2/3)^3 = 20/27.
    expect(metrics.direction.pValueVsMajority).toBeCloseTo(20 / 27, 12);
  });

  it('GIVEN a median of "no change" at every point THEN no call is made: no accuracy, no p-values', () => {
    const zero = computeMetrics({
      horizon: 1,
      originClose,
      actualClose,
      quantiles: originClose.map(() => around(0, 0.1, 0.2)),
      persistenceErrors: persistenceErrors(originClose, actualClose),
    });
    expect(zero.direction).toMatchObject({ hits: 0, n: 4, calls: 0 });
    for (const value of [
      zero.direction.accuracy,
      zero.direction.pValueVsHalf,
      zero.direction.majorityRate,
      zero.direction.pValueVsMajority,
    ])
      expect(value).toBeNaN();
  });

  it('GIVEN a call of "down" and a flat close THEN it is a hit: a flat close is "not up"', () => {
    const flat = computeMetrics({
      horizon: 1,
      originClose: [100],
      actualClose: [100],
      quantiles: [around(Math.log(0.9), 0.1, 0.2)],
      persistenceErrors: [0],
    });
    expect(flat.direction).toMatchObject({ hits: 1, n: 1, calls: 1, accuracy: 1 });
  });

  it("THEN 2 of 4 outcomes lie in the 80% interval and 3 of 4 in the 95% interval", () => {
    expect(metrics.coverage80).toBe(0.5);
    expect(metrics.coverage95).toBe(0.75);
    expect(metrics.width80).toBeCloseTo((0.1 + 0.3 + 0.1 + 0.2) / 4, 12);
  });

  it("GIVEN persistence's own forecasts THEN MASE is exactly 1 and the DM test is undefined", () => {
    const zero = originClose.map(() => around(0, 0.1, 0.2));
    const own = computeMetrics({
      horizon: 1,
      originClose,
      actualClose,
      quantiles: zero,
      persistenceErrors: persistenceErrors(originClose, actualClose),
    });
    expect(own.mase).toBe(1);
    expect(own.dm).toBeNull();
  });
});

describe("pinball loss and CRPS", () => {
  const q = [-0.2, -0.1, 0, 0.1, 0.2];

  it("GIVEN y = 0.1 THEN the pinball losses are 0.0075, 0.02, 0.05, 0, 0.0025 and their mean 0.016", () => {
    expect(pinballLoss(0.1, -0.2, 0.025)).toBeCloseTo(0.0075, 12);
    expect(pinballLoss(0.1, 0.2, 0.975)).toBeCloseTo(0.0025, 12);
    expect(meanPinballLoss([0.1], [q])).toBeCloseTo(0.016, 12);
  });

  it("GIVEN y = 0.1 THEN CRPS = 2 * (0.0625*0.0075 + 0.2375*0.02 + 0.4*0.05 + 0 + 0.0625*0.0025) = 0.05075", () => {
    expect(crpsFromQuantiles(0.1, q)).toBeCloseTo(0.05075, 12);
  });

  it("GIVEN a point forecast THEN the CRPS approximation equals the absolute error, as the exact CRPS does", () => {
    expect(crpsFromQuantiles(0.3, [0.1, 0.1, 0.1, 0.1, 0.1])).toBeCloseTo(0.2, 12);
    expect(crpsFromQuantiles(-0.3, [0.1, 0.1, 0.1, 0.1, 0.1])).toBeCloseTo(0.4, 12);
  });
});
