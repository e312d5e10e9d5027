import { beforeAll, describe, expect, it } from "vitest";
import { computeFeatures } from "../../src/features/compute-features.js";
import { buildDataset, buildInferenceInputs } from "../../src/features/dataset.js";
import { fitScaler } from "../../src/features/scaler.js";
import type { FeatureMatrix } from "../../src/features/types.js";
import { firstWindowEnd, makeInputWindows, makeWindows } from "../../src/features/windows.js";
import { resample } from "../../src/market/resample.js";
import type { Candle } from "../../src/market/types.js";
import { seededRandom, shippedFilled } from "./fixtures.js";

/*
 * The property every forecast rests on: nothing computed for time t may depend on a candle after t.
 * Each test rewrites the whole future after t (prices scaled by random factors per candle, ranges
 * widened, volumes rescaled or zeroed) and demands bit-for-bit identical results up to t.
 */

const WINDOW = 60;
const HORIZONS = [1, 6, 42];

/** Every candle after `t` replaced by a randomly distorted one, still a valid OHLCV candle. */
function rewriteFuture(candles: readonly Candle[], t: number, seed: number): Candle[] {
  const random = seededRandom(seed);
  return candles.map((c, i) => {
    if (i <= t) return c;
    const factor = Math.exp((random() - 0.5) * 0.6);
    return {
      time: c.time,
      open: c.open * factor,
      high: c.high * factor * (1 + random() * 0.05),
      low: c.low * factor * (1 - random() * 0.05),
      close: c.close * factor,
      volume: random() < 0.05 ? 0 : c.volume * random() * 5,
    };
  });
}

function bytes(a: Float32Array | Float64Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Rows 0..t of a matrix, as raw bytes: equal bytes mean equal values, NaN included. */
function rowsUpTo(matrix: FeatureMatrix, t: number): Buffer {
  return bytes(matrix.values.subarray(0, (t + 1) * matrix.names.length));
}

describe("no look-ahead", () => {
  let history: Candle[];
  let base: FeatureMatrix;
  let cuts: number[];

  beforeAll(async () => {
    history = await shippedFilled("BTC/USDT");
    base = computeFeatures(history);
    // From inside the warm-up to near the end, so every indicator is caught warm and cold.
    cuts = [30, 200, 2_500, 9_001, history.length - 100];
  });

  it("GIVEN every candle after t rewritten THEN no feature row <= t changes, and later rows do", () => {
    for (const [k, t] of cuts.entries()) {
      const changed = computeFeatures(rewriteFuture(history, t, k + 1));
      expect(rowsUpTo(changed, t).equals(rowsUpTo(base, t)), `rows <= ${t}`).toBe(true);
      // Guards against a vacuous pass: the rewrite did reach the rows after t.
      expect(rowsUpTo(changed, t + 1).equals(rowsUpTo(base, t + 1)), `row ${t + 1}`).toBe(false);
    }
  });

  it("GIVEN daily candles resampled from rewritten 4h candles THEN no daily row (realised variance included) before the rewrite changes", () => {
    const daily = computeFeatures(resample(history, "1d"));
    const t4h = 9_001;
    // The daily candle holding 4h candle t4h is the first that may change; every earlier day must not.
    const lastIntactDay = Math.floor((history[t4h] as Candle).time / 86_400_000) * 86_400_000 - 86_400_000;
    const changed = computeFeatures(resample(rewriteFuture(history, t4h, 99), "1d"));
    const row = daily.times.indexOf(lastIntactDay);
    expect(row).toBeGreaterThan(1_000);
    expect(rowsUpTo(changed, row).equals(rowsUpTo(daily, row))).toBe(true);
    expect(rowsUpTo(changed, row + 2).equals(rowsUpTo(daily, row + 2))).toBe(false);
  });

  it("GIVEN only candles[0..t] THEN rows 0..t equal those computed from the full history", () => {
    for (const t of cuts) {
      expect(rowsUpTo(computeFeatures(history.slice(0, t + 1)), t).equals(rowsUpTo(base, t)), `t=${t}`).toBe(
        true,
      );
    }
  });

  it("GIVEN every candle after t rewritten THEN no window ending at or before t changes", () => {
    for (const [k, t] of cuts.entries()) {
      const changed = computeFeatures(rewriteFuture(history, t, k + 11));
      const first = firstWindowEnd(base, WINDOW);
      if (t < first) continue;
      const ends = Array.from({ length: t - first + 1 }, (_, i) => first + i);
      const before = makeInputWindows(base, ends, WINDOW);
      const after = makeInputWindows(changed, ends, WINDOW);
      expect(bytes(after.x).equals(bytes(before.x)), `windows ending <= ${t}`).toBe(true);
    }
  });

  it("GIVEN training windows bounded by end = t + 1 THEN their inputs and targets ignore the rewritten future", () => {
    const t = 9_001;
    const rewritten = rewriteFuture(history, t, 21);
    const closesOf = (candles: readonly Candle[]) => candles.map((c) => c.close);
    const before = makeWindows({
      matrix: base,
      closes: closesOf(history),
      window: WINDOW,
      horizons: HORIZONS,
      end: t + 1,
    });
    const after = makeWindows({
      matrix: computeFeatures(rewritten),
      closes: closesOf(rewritten),
      window: WINDOW,
      horizons: HORIZONS,
      end: t + 1,
    });
    expect(before.count).toBeGreaterThan(8_000);
    expect(before.endIndex.at(-1)).toBe(t - 42);
    expect(bytes(after.x).equals(bytes(before.x))).toBe(true);
    expect(bytes(after.y).equals(bytes(before.y))).toBe(true);
  });

  it("GIVEN a scaler fitted on rows [0, t] THEN rewriting the candles after t leaves it identical", () => {
    for (const [k, t] of cuts.slice(1).entries()) {
      const changed = computeFeatures(rewriteFuture(history, t, k + 31));
      expect(fitScaler(changed, 0, t + 1), `t=${t}`).toEqual(fitScaler(base, 0, t + 1));
    }
  });

  it("GIVEN trainEnd = time of t THEN buildDataset (scaler, train and validation sets) ignores the rewritten future", () => {
    const t = 9_001;
    const others = [{ symbol: "X", candles: history.slice(500) }];
    const options = (candles: Candle[]) => ({
      series: [{ symbol: "BTC/USDT", candles }, ...others],
      trainEnd: (history[t] as Candle).time,
      validationStart: (history[t - 1_000] as Candle).time,
      horizons: HORIZONS,
      window: WINDOW,
    });
    const before = buildDataset(options(history));
    const after = buildDataset({
      ...options(rewriteFuture(history, t, 41)),
      series: [
        { symbol: "BTC/USDT", candles: rewriteFuture(history, t, 41) },
        { symbol: "X", candles: rewriteFuture(history, t, 42).slice(500) },
      ],
    });
    expect(after.scaler).toEqual(before.scaler);
    for (const split of ["train", "validation"] as const) {
      const [a, b] = [after[split], before[split]];
      if (a === null || b === null) throw new Error(`${split} split missing`);
      expect(b.count, split).toBeGreaterThan(0);
      expect(bytes(a.x).equals(bytes(b.x)), `${split} x`).toBe(true);
      expect(bytes(a.y).equals(bytes(b.y)), `${split} y`).toBe(true);
    }
  });

  it("GIVEN origins <= t THEN buildInferenceInputs gives the same inputs whatever follows t", () => {
    const t = 9_001;
    const scaler = fitScaler(base, 0, 5_000);
    const origins = [240, 4_000, t];
    const before = buildInferenceInputs({ candles: history, scaler, origins, window: WINDOW });
    const after = buildInferenceInputs({
      candles: rewriteFuture(history, t, 51),
      scaler,
      origins,
      window: WINDOW,
    });
    expect(bytes(after.x).equals(bytes(before.x))).toBe(true);
  });
});
