import { expect } from "vitest";

/**
 * Two horizons' FHS starts, raw network quantiles, weights and HAR sds, and `before`: what anchoredQuantiles
 * made of them before the per-coin band multipliers (coinScale), its formula written out. With the option
 * off the served quantiles must be these bit for bit (coin-scale suite).
 */
export function pooledBefore() {
  const fhs = [
    [-2, -1, 0, 1, 2],
    [-3, -1.4, 0, 1.3, 2.9],
  ];
  const raw = [
    [-3.3, -1.7, 0.21, 1.5, 3.1],
    [-2.9, -1.1, -0.13, 1.7, 3.7],
  ];
  const weights = [0.75, 0.25];
  const sd = [0.031, 0.057];
  const before = raw.map((q, h) => {
    const start = fhs[h] as number[];
    const w = weights[h] as number;
    const shift = w * ((q[2] as number) - (start[2] as number));
    return start.map((v, j) => (v + w * ((q[j] as number) - v) - shift) * (sd[h] as number));
  });
  return { fhs, raw, weights, sd, before };
}

/** Every figure of `actual` is the same double as `expected`'s (Object.is: -0 and 0 differ). */
export function expectBitForBit(
  actual: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
): void {
  actual.forEach((q, h) => {
    q.forEach((v, j) => {
      expect(Object.is(v, expected[h]?.[j])).toBe(true);
    });
  });
}
