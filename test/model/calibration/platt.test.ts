import { describe, expect, it } from "vitest";
import { applyPlatt, fitPlatt, logit } from "../../../src/model/calibration/platt.js";

/** The data of test/model/calibration/platt-reference.py: P(up) spread over 0.25-0.75, outcomes that follow it loosely. */
const n = 300;
const p = Array.from({ length: n }, (_, i) => 0.25 + (0.5 * ((i * 37) % 101)) / 100);
const up = p.map((pi, i) => ((i * 53) % 97) / 97 < 0.2 + 0.6 * pi);

describe("fitPlatt", () => {
  it("GIVEN the reference data THEN a and b match scipy's maximum-likelihood fit", () => {
    const fit = fitPlatt(p, up);
    // scipy.optimize.minimize (BFGS) on the logistic negative log-likelihood: a -0.05387559, b 0.62616767.
    expect(fit.a).toBeCloseTo(-0.05387559, 6);
    expect(fit.b).toBeCloseTo(0.62616767, 6);
    expect(fit.n).toBe(n);
    const nll = p.reduce((s, pi, i) => {
      const z = fit.a + fit.b * logit(pi);
      return s + Math.log1p(Math.exp(z)) - (up[i] ? z : 0);
    }, 0);
    expect(nll).toBeCloseTo(202.43274820117966, 6);
  });

  it("GIVEN a constant P(up) of 0.5 THEN the recalibrated P(up) is the outcomes' up-rate", () => {
    const outcomes = [true, true, false, true, false, false, true, true];
    const fit = fitPlatt(
      outcomes.map(() => 0.5),
      outcomes,
    );
    expect(fit.b).toBe(0);
    expect(applyPlatt(fit, 0.5)).toBeCloseTo(5 / 8, 12);
  });

  it("GIVEN no outcomes THEN it refuses", () => {
    expect(() => fitPlatt([], [])).toThrow(RangeError);
  });
});
