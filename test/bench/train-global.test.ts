import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { benchTrainGlobal } from "../../bench/train-global.js";
import type { Candle } from "../../src/market/types.js";
import { createRng } from "../../src/model/networks/seed.js";

const DAY = 86_400_000;
const START = Date.UTC(2020, 0, 1);

/** Daily candles with clustered volatility, fully determined by `seed`. */
function candles(n: number, seed: number): Candle[] {
  const rng = createRng(seed);
  const out: Candle[] = [];
  let close = 100;
  let vol = 0.03;
  for (let t = 0; t < n; t++) {
    vol = Math.min(0.12, Math.max(0.01, vol * Math.exp(0.2 * (rng() - 0.5))));
    const open = close;
    close = open * Math.exp(vol * 2 * (rng() - 0.5));
    const high = Math.max(open, close) * (1 + vol * rng());
    const low = Math.min(open, close) * (1 - vol * rng());
    out.push({ time: START + t * DAY, open, high, low, close, volume: 1000 });
  }
  return out;
}

describe("bench/train-global", () => {
  it("GIVEN a tiny panel of coins THEN every epoch is timed, with its share in the wasm matMul kernels", async () => {
    const series = [1, 2, 3].map((seed) => ({ symbol: `C${seed}/USDT`, candles: candles(700, seed) }));
    const report = await benchTrainGlobal({
      data: { series, trainEnd: START + 699 * DAY },
      stride: 2,
      epochs: 2,
      hyper: { convFilters: [4], recurrentUnits: [4], denseUnits: 4, batchSize: 64, validationFraction: 0.2 },
      syntheticBatches: 1,
      matMulRuns: 1,
    });
    expect(report.coins).toBe(3);
    expect(report.trainWindows).toBeGreaterThan(100);
    expect(report.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of report.epochs) {
      expect(e.samplesPerSecond).toBeCloseTo((report.trainWindows * 1000) / e.ms, 6);
      // The dense head and the GRU's input projections are matMuls: counted, and a part of the epoch.
      expect(e.matMulCalls).toBeGreaterThan(0);
      expect(e.matMulShare).toBeGreaterThan(0);
      expect(e.matMulShare).toBeLessThan(1);
    }
    expect(report.trainMs).toBeLessThan(report.fitMs);
    expect(report.matMulGflops).toBeGreaterThan(0);
    expect(report.synthetic?.samplesPerSecond).toBeGreaterThan(0);
    // The timing wrapper is taken off again: the registry holds wasm's own kernel.
    expect(tf.getKernel("BatchMatMul", "wasm")?.kernelFunc.name).not.toBe("kernelFunc");
  });
});
