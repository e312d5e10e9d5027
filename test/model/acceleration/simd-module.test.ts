import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { simdModule } from "../../../src/model/acceleration/simd/simd-module.js";

describe("Coincast's SIMD module", () => {
  it("GIVEN wasm/kernels.ts THEN the committed kernels-wasm.generated.ts is what asc builds from it", () => {
    // Exits 1 with "stale" when the committed bytes differ from a fresh compile.
    const out = execFileSync(process.execPath, ["wasm/build.mjs", "--check"], { encoding: "utf8" });
    expect(out).toContain("matches");
  }, 60_000);

  it("GIVEN a matrix THEN transpose and columnSums agree with plain loops, also after the memory grows", () => {
    const wasm = simdModule();
    for (const [rows, cols] of [
      [3, 5],
      [700, 130],
    ] as const) {
      const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.fround(Math.sin(i) * 3));
      const t = wasm.transpose(values, rows, cols);
      const sums = wasm.columnSums(values, rows, cols);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) expect(t[c * rows + r]).toBe(values[r * cols + c]);
      for (let c = 0; c < cols; c++) {
        let want = 0;
        for (let r = 0; r < rows; r++) want = Math.fround(want + (values[r * cols + c] as number));
        expect(sums[c]).toBe(want);
      }
    }
  });

  it("GIVEN x in [-20, 20] THEN the module's sigmoid and tanh are within 2e-7 of Math's (rounded to float32)", () => {
    const wasm = simdModule();
    const xs = Float32Array.from({ length: 8001 }, (_, i) => -20 + i * 0.005);
    const [at] = wasm.layout([xs.length]) as [number];
    const worst = (apply: () => void, reference: (x: number) => number) => {
      wasm.write(at, xs);
      apply();
      const got = wasm.read(at, xs.length);
      let error = 0;
      xs.forEach((x, i) => {
        error = Math.max(error, Math.abs((got[i] as number) - Math.fround(reference(x))));
      });
      return error;
    };
    const sigmoid = worst(
      () => wasm.exports.gateInPlace(at, xs.length, false),
      (x) => 1 / (1 + Math.exp(-x)),
    );
    const tanh = worst(() => wasm.exports.tanhInPlace(at, xs.length), Math.tanh);
    const hard = worst(
      () => wasm.exports.gateInPlace(at, xs.length, true),
      (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
    );
    expect(sigmoid).toBeLessThan(2e-7);
    expect(tanh).toBeLessThan(2e-7);
    expect(hard).toBeLessThan(1e-7);
  });
});
