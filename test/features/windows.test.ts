import { describe, expect, it } from "vitest";
import type { FeatureMatrix } from "../../src/features/types.js";
import { latestWindow, makeInputWindows, makeWindows } from "../../src/features/windows.js";

const ROWS = 20;
const F = 2;
const FIRST_VALID = 3;

/** values[t][f] = 100 t + f, so a window's content shows which rows it copied. */
const matrix: FeatureMatrix = {
  names: ["f0", "f1"],
  times: Array.from({ length: ROWS }, (_, t) => t * 1000),
  values: Float32Array.from({ length: ROWS * F }, (_, i) =>
    Math.floor(i / F) < FIRST_VALID ? Number.NaN : 100 * Math.floor(i / F) + (i % F),
  ),
  firstValid: FIRST_VALID,
};
const closes = Array.from({ length: ROWS }, (_, t) => 10 * 1.01 ** t + (t % 3));

function rowsOf(x: Float32Array, k: number, window: number): number[] {
  return Array.from({ length: window }, (_, r) => (x[(k * window + r) * F] as number) / 100);
}

describe("makeWindows", () => {
  const set = makeWindows({ matrix, closes, window: 4, horizons: [1, 3] });

  it("GIVEN firstValid 3, T 4 and horizons 1 and 3 THEN windows end at rows 6 .. 16, oldest first", () => {
    expect(Array.from(set.endIndex)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(set.count).toBe(11);
    expect(set.x.length).toBe(11 * 4 * F);
    expect(set.y.length).toBe(11 * 2);
  });

  it("GIVEN a window ending at t THEN x holds rows t-3 .. t in order, every feature of each", () => {
    expect(rowsOf(set.x, 0, 4)).toEqual([3, 4, 5, 6]);
    expect(rowsOf(set.x, 10, 4)).toEqual([13, 14, 15, 16]);
    expect(set.x[(10 * 4 + 3) * F + 1]).toBe(1601);
    expect(set.x.every(Number.isFinite)).toBe(true);
  });

  it("GIVEN horizons 1 and 3 THEN y is log(close[t+h] / close[t]) per window", () => {
    set.endIndex.forEach((t, k) => {
      expect(set.y[k * 2]).toBeCloseTo(Math.log((closes[t + 1] as number) / (closes[t] as number)), 6);
      expect(set.y[k * 2 + 1]).toBeCloseTo(Math.log((closes[t + 3] as number) / (closes[t] as number)), 6);
    });
  });

  it("GIVEN start and end THEN windows end at or after start and no target reaches end", () => {
    const cut = makeWindows({ matrix, closes, window: 4, horizons: [1, 3], start: 8, end: 15 });
    expect(Array.from(cut.endIndex)).toEqual([8, 9, 10, 11]);
  });

  it("GIVEN too short a series THEN it returns no window rather than throwing", () => {
    const none = makeWindows({ matrix, closes, window: 15, horizons: [3] });
    expect(none.count).toBe(0);
    expect(none.x.length).toBe(0);
  });

  it("GIVEN a bad window, horizon or closes THEN it refuses", () => {
    expect(() => makeWindows({ matrix, closes, window: 0, horizons: [1] })).toThrow(RangeError);
    expect(() => makeWindows({ matrix, closes, window: 4, horizons: [0] })).toThrow(RangeError);
    expect(() => makeWindows({ matrix, closes: closes.slice(1), window: 4, horizons: [1] })).toThrow(
      RangeError,
    );
  });
});

describe("makeInputWindows and latestWindow", () => {
  it("GIVEN ends THEN it copies the same blocks makeWindows does, without needing targets", () => {
    const training = makeWindows({ matrix, closes, window: 4, horizons: [1] });
    const inputs = makeInputWindows(matrix, [6, 10], 4);
    expect(inputs.x.subarray(0, 8)).toEqual(training.x.subarray(0, 8));
    expect(inputs.x.subarray(8)).toEqual(training.x.subarray(4 * 8, 5 * 8));
  });

  it("GIVEN the full matrix THEN the latest window ends at the last row, which has no target yet", () => {
    const latest = latestWindow(matrix, 4);
    expect(Array.from(latest.endIndex)).toEqual([19]);
    expect(rowsOf(latest.x, 0, 4)).toEqual([16, 17, 18, 19]);
  });

  it("GIVEN an end whose window reaches a warm-up row or past the data THEN it refuses", () => {
    expect(() => makeInputWindows(matrix, [5], 4)).toThrow(/valid: 6..19/);
    expect(() => makeInputWindows(matrix, [20], 4)).toThrow(RangeError);
  });
});
