import { describe, expect, it } from "vitest";
import { applyScaler, fitScaler, fitScalerPooled } from "../../src/features/scaler.js";
import type { FeatureMatrix } from "../../src/features/types.js";

/** A matrix from rows of values; rows before firstValid are NaN as computeFeatures leaves them. */
function matrixOf(rows: number[][], firstValid: number, names = ["a", "b", "c"]): FeatureMatrix {
  return {
    names,
    times: rows.map((_, t) => t * 1000),
    values: Float32Array.from(rows.flatMap((row, t) => (t < firstValid ? row.map(() => Number.NaN) : row))),
    firstValid,
  };
}

describe("fitScaler", () => {
  // Column a varies, b is constant, c holds one huge outlier in the last row.
  const rows = [
    [0, 0, 0],
    [1, 5, 1],
    [3, 5, -1],
    [5, 5, 1],
    [7, 5, 1000],
  ];
  const matrix = matrixOf(rows, 1);

  it("GIVEN rows [1, 4) THEN mean and population std are those of exactly those rows", () => {
    const scaler = fitScaler(matrix, 0, 4); // row 0 is warm-up and skipped
    expect(scaler.names).toEqual(["a", "b", "c"]);
    expect(scaler.mean).toEqual([3, 5, expect.closeTo(1 / 3, 6)]);
    expect(scaler.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(scaler.std[2]).toBeCloseTo(Math.sqrt(8 / 9), 6);
  });

  it("GIVEN a constant feature THEN its std is stored as 1 and it scales to 0, not NaN", () => {
    const scaler = fitScaler(matrix, 0, 4);
    expect(scaler.std[1]).toBe(1);
    const scaled = applyScaler(matrix, scaler);
    expect(scaled.values[1 * 3 + 1]).toBe(0);
  });

  it("GIVEN an outlier THEN its scaled value is clipped to +-10 and ordinary values are untouched", () => {
    const scaler = fitScaler(matrix, 0, 4);
    const scaled = applyScaler(matrix, scaler);
    expect(scaled.values[4 * 3 + 2]).toBe(10);
    expect(scaled.values[1 * 3 + 0]).toBeCloseTo((1 - 3) / Math.sqrt(8 / 3), 5);
    expect(applyScaler(matrix, { ...scaler, clip: 2000 }).values[4 * 3 + 2]).toBeGreaterThan(10);
  });

  it("GIVEN warm-up rows THEN they stay NaN after scaling (never silently become numbers)", () => {
    const scaled = applyScaler(matrix, fitScaler(matrix, 0, 4));
    expect(Array.from(scaled.values.subarray(0, 3)).every(Number.isNaN)).toBe(true);
  });

  it("GIVEN a fitted scaler THEN a JSON round trip gives the same scaling", () => {
    const scaler = fitScaler(matrix, 0, 5);
    const restored = JSON.parse(JSON.stringify(scaler));
    expect(restored).toEqual(scaler);
    expect(applyScaler(matrix, restored).values).toEqual(applyScaler(matrix, scaler).values);
  });

  it("GIVEN two matrices THEN the pooled fit equals a fit on their rows stacked", () => {
    const first = matrixOf(rows.slice(0, 3), 1);
    const second = matrixOf(rows.slice(3), 0);
    const pooled = fitScalerPooled([
      { matrix: first, rowStart: 0, rowEnd: 3 },
      { matrix: second, rowStart: 0, rowEnd: 2 },
    ]);
    const stacked = fitScaler(matrix, 0, 5);
    expect(pooled.mean).toEqual(stacked.mean.map((m) => expect.closeTo(m, 9)));
    expect(pooled.std).toEqual(stacked.std.map((s) => expect.closeTo(s, 9)));
  });

  it("GIVEN only warm-up rows THEN it refuses to fit", () => {
    expect(() => fitScaler(matrix, 0, 1)).toThrow(RangeError);
  });

  it("GIVEN a matrix lacking one of the scaler's features THEN applyScaler refuses it", () => {
    const scaler = fitScaler(matrix, 0, 5);
    expect(() => applyScaler(matrixOf(rows, 1, ["a", "c", "d"]), scaler)).toThrow(/scaler fitted on/);
  });

  it("GIVEN a matrix with extra and reordered features THEN applyScaler picks the scaler's columns by name", () => {
    const scaler = fitScaler(matrix, 0, 5);
    const reordered = matrixOf(
      rows.map(([a, b, c]) => [c as number, b as number, a as number, 7]),
      1,
      ["c", "b", "a", "d"],
    );
    const picked = applyScaler(reordered, scaler);
    expect(picked.names).toEqual(scaler.names);
    expect(Array.from(picked.values)).toEqual(Array.from(applyScaler(matrix, scaler).values));
  });
});
