import { describe, expect, it } from "vitest";
import {
  applyConformal,
  calibrateConformal,
  centralIntervals,
} from "../../../src/model/calibration/conformal.js";
import { createRng } from "../../../src/model/networks/seed.js";
import type { QuantileVector } from "../../../src/model/types.js";

/** Standard normal draws (Box–Muller) from a seeded generator. */
function normals(n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
}

/** Normal quantiles for QUANTILES, scaled by `width` (1 = correct for N(0,1), 0.5 = too narrow). */
const forecast = (width: number): QuantileVector => [-1.96, -1.2816, 0, 1.2816, 1.96].map((z) => z * width);

function coverage(forecasts: QuantileVector[][], ys: number[], lower: number, upper: number): number {
  const inside = ys.filter((y, i) => {
    const q = forecasts[i]?.[0] as QuantileVector;
    return y >= (q[lower] as number) && y <= (q[upper] as number);
  });
  return inside.length / ys.length;
}

describe("conformal calibration", () => {
  it("GIVEN intervals half as wide as they should be THEN calibrated coverage moves from far below to nominal", () => {
    const calibration = normals(2000, 1);
    const test = normals(4000, 2);
    const raw = (n: number) => Array.from({ length: n }, () => [forecast(0.5)]);
    const adjustments = calibrateConformal(
      raw(calibration.length),
      calibration.map((y) => [y]),
      [1],
    );
    const before = raw(test.length);
    const after = applyConformal(before, adjustments);

    expect(coverage(before, test, 1, 3)).toBeLessThan(0.55);
    expect(coverage(before, test, 0, 4)).toBeLessThan(0.7);
    expect(coverage(after, test, 1, 3)).toBeCloseTo(0.8, 1);
    expect(coverage(after, test, 0, 4)).toBeCloseTo(0.95, 1);
    expect(Math.abs(coverage(after, test, 1, 3) - 0.8)).toBeLessThan(0.025);
    expect(Math.abs(coverage(after, test, 0, 4) - 0.95)).toBeLessThan(0.015);
  });

  it("GIVEN intervals far too wide THEN they are narrowed without crossing the median", () => {
    const ys = normals(500, 3);
    const raw = ys.map(() => [forecast(4)]);
    const adjustments = calibrateConformal(
      raw,
      ys.map((y) => [y]),
      [1],
    );
    expect(adjustments.delta[0]?.every((d) => d < 0)).toBe(true);
    const [q] = applyConformal([[forecast(4)]], adjustments)[0] ?? [];
    expect(q).toBeDefined();
    for (let j = 1; j < 5; j++)
      expect((q as number[])[j]).toBeGreaterThanOrEqual((q as number[])[j - 1] as number);
    expect((q as number[])[2]).toBe(0);
  });

  it("GIVEN 9 scores THEN the 80% adjustment is the ⌈10·0.8⌉ = 8th smallest (finite-sample rank)", () => {
    // Scores max(lo − y, y − hi) with lo = hi = 0 are |y|: 1..9.
    const ys = [1, -2, 3, -4, 5, -6, 7, -8, 9];
    const zero: QuantileVector = [0, 0, 0, 0, 0];
    const adjustments = calibrateConformal(
      ys.map(() => [zero]),
      ys.map((y) => [y]),
      [1],
    );
    expect(adjustments.intervals.map((i) => i.coverage)).toEqual([0.8, 0.95]);
    // 95%: rank ⌈10·0.95⌉ = 10 > 9 does not exist, so the largest score stands in for +∞.
    expect(adjustments.delta[0]).toEqual([8, 9]);
  });

  it("GIVEN several horizons THEN each gets its own adjustment and unknown horizons are refused", () => {
    const ys = normals(400, 4);
    const raw = ys.map(() => [forecast(1), forecast(0.25)]);
    const adjustments = calibrateConformal(
      raw,
      ys.map((y) => [y, y]),
      [1, 7],
    );
    const [d1, d7] = adjustments.delta;
    expect(Math.abs(d1?.[0] ?? 1)).toBeLessThan(0.25);
    expect(d7?.[0]).toBeGreaterThan(0.5);
    expect(() => applyConformal([[forecast(1)]], adjustments, [3])).toThrow(/horizon 3/);
  });

  it("GIVEN the default levels THEN the central intervals are 80% (q0.1..q0.9) and 95% (q0.025..q0.975)", () => {
    expect(centralIntervals()).toEqual([
      { coverage: 0.8, lower: 1, upper: 3 },
      { coverage: 0.95, lower: 0, upper: 4 },
    ]);
  });
});
