import { describe, expect, it } from "vitest";
import { fitGarch, garchHorizonVariance, garchLogLikelihood } from "../../../src/model/baselines/garch.js";

/** The series of garch-reference.py: the same LCG, Box-Muller normals, GARCH(1,1) with t(5) innovations. */
function simulate(n = 2000, seed = 12345): number[] {
  let x = seed;
  const uniform = () => {
    x = (1664525 * x + 1013904223) % 2 ** 32;
    return (x + 0.5) / 2 ** 32;
  };
  const normal = () => {
    const u1 = uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const [omega, alpha, beta, nu] = [0.05, 0.1, 0.85, 5];
  let variance = omega / (1 - alpha - beta);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = normal();
    let w = 0;
    for (let k = 0; k < nu; k++) w += normal() ** 2;
    const r = Math.sqrt(variance) * (z / Math.sqrt(w / nu)) * Math.sqrt((nu - 2) / nu);
    out.push(r / 100);
    variance = omega + alpha * r * r + beta * variance;
  }
  return out;
}

/** Printed by `python3 test/model/baselines/garch-reference.py` (scipy L-BFGS-B, several starts). */
const SCIPY = { omega: 0.041196, alpha: 0.116402, beta: 0.846454, nu: 4.983649, logLikelihood: -2551.08693 };

describe("GARCH(1,1)-t", () => {
  const returns = simulate();

  it("GIVEN the reference series THEN it is the one scipy saw", () => {
    expect(returns.slice(0, 3)).toEqual([
      expect.closeTo(0.03419393767663701, 14),
      expect.closeTo(0.0024466566856059776, 14),
      expect.closeTo(-0.013947987197611603, 14),
    ]);
  });

  it("GIVEN scipy's estimates THEN our likelihood at them equals scipy's", () => {
    const percent = returns.map((r) => r * 100);
    expect(garchLogLikelihood(percent, SCIPY.omega, SCIPY.alpha, SCIPY.beta, SCIPY.nu)).toBeCloseTo(
      SCIPY.logLikelihood,
      3,
    );
  });

  it("GIVEN the simulated returns THEN maximum likelihood lands on scipy's estimates", () => {
    const fit = fitGarch(returns);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(SCIPY.logLikelihood - 1e-3);
    expect(fit.omega * 1e4).toBeCloseTo(SCIPY.omega, 3);
    expect(fit.alpha).toBeCloseTo(SCIPY.alpha, 3);
    expect(fit.beta).toBeCloseTo(SCIPY.beta, 3);
    expect(fit.nu).toBeCloseTo(SCIPY.nu, 1);
  });

  it("GIVEN a one-step variance THEN the h-step variance reverts geometrically to the unconditional one", () => {
    const p = { omega: 1e-5, alpha: 0.1, beta: 0.8, nu: 5, initialVariance: 0, logLikelihood: 0 };
    const vbar = 1e-5 / 0.1;
    expect(garchHorizonVariance(3e-4, p, 1)).toBeCloseTo(3e-4, 15);
    expect(garchHorizonVariance(3e-4, p, 3)).toBeCloseTo(3 * vbar + (1 + 0.9 + 0.81) * (3e-4 - vbar), 15);
  });

  it("GIVEN too few returns THEN it refuses", () => {
    expect(() => fitGarch(returns.slice(0, 50))).toThrow(RangeError);
  });
});
