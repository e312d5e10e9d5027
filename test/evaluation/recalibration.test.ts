import { describe, expect, it } from "vitest";
import { MIN_CALIBRATION_OUTCOMES, rollingPlatt } from "../../src/evaluation/recalibration.js";
import { brierVerdict } from "../../src/evaluation/verdict.js";
import { applyPlatt, fitPlatt } from "../../src/model/calibration/platt.js";

const DAY = 86_400_000;
/** 400 daily points, P(up) spread 0.3-0.7, outcomes that follow it loosely. */
const points = Array.from({ length: 400 }, (_, i) => {
  const p = 0.3 + (0.4 * ((i * 31) % 100)) / 100;
  return { time: i * DAY, p, up: ((i * 57) % 89) / 89 < p };
});

describe("rollingPlatt", () => {
  it("GIVEN too few past outcomes THEN P(up) is not recalibrated yet", () => {
    const { p } = rollingPlatt(points, DAY, 30 * DAY);
    // Refits at days 0, 30, 60, ...: the first with >= 100 known outcomes is day 120 (outcomes of days 0-119).
    expect(p.slice(0, 120).every((v) => v === null)).toBe(true);
    expect(p.slice(120).every((v) => v !== null)).toBe(true);
    expect(MIN_CALIBRATION_OUTCOMES).toBe(100);
  });

  it("GIVEN a refit day THEN its fit is the Platt fit of exactly the outcomes known on that day", () => {
    const { p, fits } = rollingPlatt(points, 3 * DAY, 30 * DAY);
    // At day 210 the 3-day outcomes of origins up to day 207 are known.
    const known = points.filter((q) => q.time + 3 * DAY <= 210 * DAY);
    const direct = fitPlatt(
      known.map((q) => q.p),
      known.map((q) => q.up),
    );
    expect(fits[215]).toEqual(direct);
    expect(p[215]).toBeCloseTo(applyPlatt(direct, points[215]?.p ?? 0), 14);
  });

  it("GIVEN outcomes changed after an origin's refit day THEN its recalibrated P(up) does not change (no look-ahead)", () => {
    const before = rollingPlatt(points, DAY, 30 * DAY).p;
    const flipped = points.map((q, i) => (i >= 209 ? { ...q, up: !q.up } : q));
    const after = rollingPlatt(flipped, DAY, 30 * DAY).p;
    // Origins 180-209 use the day-180 fit (outcomes up to origin 179), 210+ the day-210 fit (up to 209).
    expect(after.slice(0, 210)).toEqual(before.slice(0, 210));
    expect(after.slice(210)).not.toEqual(before.slice(210));
  });
});

describe("brierVerdict", () => {
  const brier = (score: number, climatology: number) => ({
    score,
    climatology,
    half: 0.25,
    skillVsClimatology: 1 - score / climatology,
    reliability: 0,
    resolution: 0,
    uncertainty: 0.25,
    table: [],
  });
  it("GIVEN raw and recalibrated Brier above climatology THEN it says P(up) cannot beat climatology", () => {
    const text = brierVerdict(brier(0.2506, 0.2499), {
      ...brier(0.2503, 0.2499),
      recalibrated: 900,
      last: null,
    });
    expect(text).toBe(
      " P(up) Brier 0.2506, recalibrated 0.2503 vs climatology 0.2499: P(up) cannot beat climatology (the training up-rate): read it as a coin toss.",
    );
  });
  it("GIVEN a Brier within 0.1% of climatology's THEN it is a tie, and still no skill", () => {
    expect(brierVerdict(brier(0.25, 0.25003))).toBe(
      " P(up) Brier 0.2500 vs climatology 0.2500: level with climatology (no skill): P(up) cannot beat it.",
    );
  });
  it("GIVEN a recalibrated Brier below climatology THEN it beats climatology", () => {
    expect(
      brierVerdict(brier(0.25, 0.2499), { ...brier(0.249, 0.2499), recalibrated: 900, last: null }),
    ).toContain("beats climatology");
  });
});
