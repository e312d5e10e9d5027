import { describe, expect, it } from "vitest";
import { chooseMedianShrink, shrinkMedian } from "../../../src/model/networks/output-transform.js";
import { createRng } from "../../../src/model/networks/seed.js";

describe("median shrinkage", () => {
  const random = createRng(4);
  const noise = () => random() - 0.5;

  it("GIVEN medians unrelated to the outcomes THEN the shrink factor is 0: zero drift", () => {
    const medians = Array.from({ length: 500 }, () => [0.2 * noise(), 0.2 * noise()]);
    const targets = Array.from({ length: 500 }, () => [noise(), noise()]);
    expect(chooseMedianShrink(medians, targets, [1, 1])).toEqual([0, 0]);
  });

  it("GIVEN medians that carry real signal at one horizon THEN that horizon keeps some of its median", () => {
    const medians = Array.from({ length: 500 }, () => [0.3 * noise(), 0.3 * noise()]);
    const targets = medians.map(([a]) => [(a as number) + 0.1 * noise(), noise()]);
    const [signal, none] = chooseMedianShrink(medians, targets, [1, 1]);
    expect(signal).toBeGreaterThan(0);
    expect(none).toBe(0);
  });

  it("GIVEN overlapping 7-step targets whose shared noise fakes a signal THEN the long-run variance keeps the factor at 0", () => {
    // One slow wave shared by medians and targets over blocks of 7 consecutive samples, as overlap makes it.
    const base = Array.from({ length: 80 }, () => noise());
    const medians = Array.from({ length: 480 }, (_, i) => [0.15 * (base[Math.floor(i / 7)] as number)]);
    const targets = medians.map(([m], i) => [
      (m as number) * 0.6 + 0.4 * (base[Math.floor(i / 7) + 1] as number),
    ]);
    const iid = chooseMedianShrink(medians, targets, [1]);
    const hac = chooseMedianShrink(medians, targets, [7]);
    expect(hac[0]).toBeLessThanOrEqual(iid[0] as number);
  });

  it("GIVEN too few held-out samples THEN nothing is trusted", () => {
    expect(chooseMedianShrink([[1]], [[1]], [1])).toEqual([0]);
  });

  it("GIVEN a shrink factor THEN every quantile moves by the same amount and the median becomes s * median", () => {
    const out = shrinkMedian([-0.03, -0.01, 0.004, 0.02, 0.04], 0.25);
    expect(out[2]).toBeCloseTo(0.001, 15);
    expect(out[0]).toBeCloseTo(-0.033, 15);
    expect(out[4]).toBeCloseTo(0.037, 15);
  });
});
