import { describe, expect, it } from "vitest";
import {
  ACI_GAMMA,
  aciBounds,
  applyAci,
  quantileAtLevel,
  replayAci,
} from "../../../src/model/calibration/adaptive-conformal.js";

const Q = [-0.05, -0.02, 0, 0.02, 0.05];

describe("adaptive conformal inference", () => {
  it("GIVEN no scored forecasts THEN alpha is the nominal miscoverage and the forecast is unchanged", () => {
    const state = replayAci(0.8, []);
    expect(state.alpha).toBeCloseTo(0.2, 12);
    expect(state.observedCoverage).toBeNull();
    const out = applyAci(Q, [state, replayAci(0.95, [])]);
    out.forEach((v, i) => {
      expect(v).toBeCloseTo(Q[i] as number, 12);
    });
  });

  it("GIVEN one miss and one hit THEN alpha moves by gamma * (alpha - err) each time (Gibbs & Candès)", () => {
    const afterMiss = replayAci(0.8, [false]);
    expect(afterMiss.alpha).toBeCloseTo(0.2 + ACI_GAMMA * (0.2 - 1), 12);
    const afterBoth = replayAci(0.8, [false, true]);
    expect(afterBoth.alpha).toBeCloseTo(0.2 + ACI_GAMMA * (0.2 - 1) + ACI_GAMMA * 0.2, 12);
    expect(afterBoth.observedCoverage).toBe(0.5);
  });

  it("GIVEN a long run of misses THEN alpha stops at its lower bound and the interval widens, bounded", () => {
    const state = replayAci(
      0.8,
      Array.from({ length: 1000 }, () => false),
    );
    expect(state.alpha).toBe(aciBounds(0.8)[0]);
    const out = applyAci(Q, [state]);
    // alpha 0.1: the 80% ends move to the 0.05 and 0.95 levels, between the 80% and 95% knots.
    expect(out[1]).toBeCloseTo(quantileAtLevel(Q, 0.05), 12);
    expect(out[1]).toBeLessThan(-0.02);
    expect(out[1]).toBeGreaterThan(-0.05);
    expect(out[2]).toBe(0);
  });

  it("GIVEN only hits THEN alpha rises to its upper bound and the interval narrows", () => {
    const state = replayAci(
      0.95,
      Array.from({ length: 2000 }, () => true),
    );
    expect(state.alpha).toBe(aciBounds(0.95)[1]);
    const out = applyAci(Q, [state]);
    expect(out[0]).toBeGreaterThan(-0.05);
    expect(out[4]).toBeLessThan(0.05);
  });

  it("GIVEN a level between knots or beyond the last one THEN the quantile function interpolates and extends linearly", () => {
    expect(quantileAtLevel(Q, 0.3)).toBeCloseTo(-0.02 + (0.02 * 0.2) / 0.4, 12);
    expect(quantileAtLevel(Q, 0.0125)).toBeCloseTo(-0.05 - (0.03 * 0.0125) / 0.075, 12);
  });
});
