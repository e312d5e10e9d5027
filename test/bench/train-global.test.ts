import * as tf from "@tensorflow/tfjs";
import { describe, expect, it, vi } from "vitest";
import { benchTrainGlobal, printTrainGlobal } from "../../bench/train-global.js";
import { clusteredCandles, DAY, START } from "../helpers/synthetic-panel.js";

describe("bench/train-global", () => {
  it("GIVEN a tiny panel of coins THEN every epoch is timed, with its share in the wasm matMul kernels", async () => {
    const series = [1, 2, 3].map((seed) => ({
      symbol: `C${seed}/USDT`,
      candles: clusteredCandles(700, seed),
    }));
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
    // The whole run, as the README quotes it: loading and fit and the rest.
    expect(report.benchMs).toBeGreaterThan(report.loadMs + report.fitMs);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      printTrainGlobal(report);
      expect(log.mock.calls.at(-1)?.[0]).toBe(`bench wall time ${(report.benchMs / 1000).toFixed(0)} s`);
    } finally {
      log.mockRestore();
    }
    expect(report.matMulGflops).toBeGreaterThan(0);
    expect(report.synthetic?.samplesPerSecond).toBeGreaterThan(0);
    // The timing wrapper is taken off again: the registry holds wasm's own kernel.
    expect(tf.getKernel("BatchMatMul", "wasm")?.kernelFunc.name).not.toBe("kernelFunc");
  });
});
