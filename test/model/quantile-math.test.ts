import { describe, expect, it } from "vitest";
import { cdfAt, expectedVolatility, probabilityUp } from "../../src/model/quantile-math.js";

// Levels: 0.025, 0.1, 0.5, 0.9, 0.975.
describe("probabilityUp", () => {
  it("GIVEN 0 halfway between q0.1 and q0.5 THEN the CDF there is 0.3 and P(up) 0.7", () => {
    expect(probabilityUp([-0.2, -0.1, 0.1, 0.2, 0.3])).toBeCloseTo(0.7, 12);
  });

  it("GIVEN a median of exactly 0 THEN P(up) is exactly 0.5", () => {
    expect(probabilityUp([-0.05, -0.02, 0, 0.02, 0.05])).toBe(0.5);
  });

  it("GIVEN 0 below q0.025 THEN the lower tail extends the line through the first two quantiles", () => {
    // slope (0.1 - 0.025) / (0.2 - 0.1) = 0.75 per unit; 0 is 0.02 below q0.025 -> 0.025 - 0.015 = 0.01.
    expect(cdfAt([0.02, 0.12, 0.3, 0.5, 0.6], 0)).toBeCloseTo(0.01, 12);
    expect(probabilityUp([0.02, 0.12, 0.3, 0.5, 0.6])).toBeCloseTo(0.99, 12);
    // Far below: clamped at 0, so P(up) = 1.
    expect(probabilityUp([1, 1.1, 1.5, 2, 2.2])).toBe(1);
  });

  it("GIVEN 0 above q0.975 THEN the upper tail extends linearly and clamps at 1", () => {
    // slope (0.975 - 0.9) / (-0.1 - (-0.2)) = 0.75; 0 is 0.1 above -> 0.975 + 0.075 = 1.05 -> 1.
    expect(probabilityUp([-0.6, -0.5, -0.4, -0.2, -0.1])).toBe(0);
    expect(cdfAt([-0.6, -0.5, -0.4, -0.2, -0.1], -0.05)).toBeCloseTo(1, 12);
    expect(cdfAt([-0.6, -0.5, -0.4, -0.2, -0.1], -0.08)).toBeCloseTo(0.99, 12);
  });

  it("GIVEN crossed quantiles THEN they are sorted before interpolating", () => {
    expect(probabilityUp([-0.1, -0.2, 0.1, 0.3, 0.2])).toBeCloseTo(0.7, 12);
  });
});

describe("expectedVolatility", () => {
  it("GIVEN an 80% interval of +-1.2816 sigma THEN it returns sigma", () => {
    const sigma = 0.03;
    const z = 1.2815515655446004;
    expect(expectedVolatility([-0.1, -z * sigma, 0, z * sigma, 0.1])).toBeCloseTo(sigma, 12);
  });
});
