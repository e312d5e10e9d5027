import { describe, expect, it } from "vitest";
import { binomialTest, binomialUpperTail, dieboldMariano, studentTCdf } from "../../src/evaluation/stats.js";
import { neweyWestVariance } from "../../src/model/quantile-math.js";

// Reference p-values below were computed with scipy.stats (binomtest, t) from the same inputs.
describe("binomialTest", () => {
  it("GIVEN 60 hits of 100 against 50% THEN the exact two-sided p-value is 0.0569", () => {
    expect(binomialTest(60, 100, 0.5)).toBeCloseTo(0.05688793364, 8);
  });

  it("GIVEN an asymmetric null THEN the two-sided p-value sums outcomes no likelier than the observed one", () => {
    expect(binomialTest(30, 100, 0.4)).toBeCloseTo(0.04154450962, 8);
  });

  it("GIVEN 60 of 100 against a 55% majority rate THEN the one-sided p-value is P(X >= 60) = 0.1831", () => {
    expect(binomialTest(60, 100, 0.55, "greater")).toBeCloseTo(0.18305694421, 8);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
  });
});

describe("dieboldMariano", () => {
  const model = [1.0, -2.0, 0.5, 1.5, -0.5, 2.5, -1.0, 0.8, -0.2, 1.2];
  const benchmark = [2.0, -1.0, 1.5, -2.5, 1.0, 3.0, -2.0, 0.5, 1.4, -1.6];

  /** The textbook formula, written out independently of the implementation. */
  function byFormula(h: number, loss: (e: number) => number): { stat: number; variance: number } {
    const d = model.map((e, i) => loss(e) - loss(benchmark[i] as number));
    const n = d.length;
    const mean = d.reduce((a, b) => a + b, 0) / n;
    const gamma = (k: number) => {
      let s = 0;
      for (let t = k; t < n; t++) s += ((d[t] as number) - mean) * ((d[t - k] as number) - mean);
      return s / n;
    };
    let variance = gamma(0);
    for (let k = 1; k < h; k++) variance += 2 * (1 - k / h) * gamma(k);
    const dm = mean / Math.sqrt(variance / n);
    return { stat: dm * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n), variance };
  }

  it("GIVEN h=1 absolute loss THEN statistic and p-value match the formula and scipy's t (p = 0.0398)", () => {
    const result = dieboldMariano(model, benchmark, 1, "absolute");
    const expected = byFormula(1, Math.abs);
    expect(result?.meanDifferential).toBeCloseTo(-0.53, 12);
    expect(result?.statistic).toBeCloseTo(expected.stat, 12);
    expect(result?.statistic).toBeCloseTo(-2.402207384794607, 10);
    expect(result?.pValue).toBeCloseTo(0.03975374804051583, 8);
    expect(result?.pValueBetter).toBeCloseTo(0.019876874020257916, 8);
    expect(result?.lags).toBe(0);
  });

  it("GIVEN h=2 THEN one Newey-West lag with Bartlett weight 1/2 is used (p = 0.0127)", () => {
    const result = dieboldMariano(model, benchmark, 2, "absolute");
    expect(
      neweyWestVariance(
        model.map((e, i) => Math.abs(e) - Math.abs(benchmark[i] as number)),
        1,
      ),
    ).toBeCloseTo(byFormula(2, Math.abs).variance, 12);
    expect(result?.statistic).toBeCloseTo(-3.101074187971014, 10);
    expect(result?.pValue).toBeCloseTo(0.012700422996866337, 8);
  });

  it("GIVEN h=3 squared loss THEN the statistic is negative because the model's loss is lower (p = 0.0143)", () => {
    const result = dieboldMariano(model, benchmark, 3, "squared");
    expect(result?.statistic).toBeCloseTo(byFormula(3, (e) => e * e).stat, 12);
    expect(result?.statistic).toBeCloseTo(-3.027195737110283, 10);
    expect(result?.pValue).toBeCloseTo(0.014311532140380192, 8);
  });

  it("GIVEN identical forecasts THEN the test is undefined (null), not a division by zero", () => {
    expect(dieboldMariano(model, model, 1)).toBeNull();
    expect(dieboldMariano([1, 2], [2, 1], 1)).toBeNull();
  });

  it("GIVEN the t distribution THEN its CDF is symmetric", () => {
    expect(studentTCdf(-2, 10) + studentTCdf(2, 10)).toBeCloseTo(1, 12);
  });
});
