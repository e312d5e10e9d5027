import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Candle } from "../../../src/market/types.js";
import { crossesFill, filledPrefix } from "../../../src/model/networks/anchored-windows.js";
import { createNeuralForecaster } from "../../../src/model/networks/neural-forecaster.js";
import { clusteredCandles, DAY, START, TINY_HAR_NETWORK } from "../../helpers/synthetic-panel.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("global panel of coins", () => {
  it("GIVEN a filled candle THEN only windows whose inputs or targets reach it are left out", () => {
    const series: Candle[] = clusteredCandles(40, 1).map((c, i) =>
      i === 20 ? { ...c, filled: true as const } : c,
    );
    const prefix = filledPrefix(series);
    const crossing = Array.from({ length: 40 }, (_, t) => crossesFill(prefix, t, 5, 3));
    // Window 5 ending at t reads t-4..t, targets t+1..t+3: t = 17..24 touch candle 20.
    expect(crossing.flatMap((c, t) => (c ? [t] : []))).toEqual([17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it("GIVEN coins listed at different times, one held out THEN one network trains on the listed ones and forecasts all", async () => {
    const old = { symbol: "OLD/USDT", candles: clusteredCandles(700, 1) };
    const mid = { symbol: "MID/USDT", candles: clusteredCandles(330, 2, { from: 370 }) };
    const late = { symbol: "NEW/USDT", candles: clusteredCandles(100, 3, { from: 600 }) };
    const held = { symbol: "HLD/USDT", candles: clusteredCandles(700, 4) };
    const trainEnd = START + 649 * DAY;
    const forecaster = createNeuralForecaster({
      name: "cnn-gru",
      architecture: "cnn-gru",
      timeframe: "1d",
      window: 20,
      pooling: "per-symbol",
      hyper: { ...TINY_HAR_NETWORK, holdOut: ["HLD/USDT"], epochs: 1, validationFraction: 0.2 },
    });
    await forecaster.fit([old, mid, late, held], trainEnd, [1, 3]);
    const [meta] = forecaster.networks;
    // One global network (pooled whatever `pooling` says), on the coins HAR could fit and not held out.
    expect(forecaster.networks).toHaveLength(1);
    expect(meta?.symbols).toEqual(["OLD/USDT", "MID/USDT"]);
    expect(Object.keys(meta?.anchor?.fits ?? {})).toEqual(["OLD/USDT", "MID/USDT"]);
    expect(meta?.targetScaling).toBe("har");
    for (const w of meta?.anchor?.weights ?? []) expect([0, 0.25, 0.5, 0.75, 1]).toContain(w);
    // The median is pinned at zero drift at every horizon (the selection window's decision, issue 27), and
    // the blend's median is still compared with zero drift on the calibration windows in the metrics.
    expect(meta?.medianShrink).toEqual([0, 0]);
    expect(meta?.metrics.calibrationWindows).toBeGreaterThan(0);
    expect(meta?.metrics.medianMaeVsZeroDrift1).toBeGreaterThan(0);
    expect(meta?.metrics.medianMaeVsZeroDrift3).toBeGreaterThan(0);
    expect(meta?.metrics.networkMedianMaeVsZeroDrift1).toBeGreaterThan(0);
    // The held-out coin is forecast with HAR fitted on its own past only, like any unseen coin.
    const forecast = await forecaster.predict(held, [660, 680], [1, 3]);
    for (const row of forecast)
      for (const q of row) {
        expect(q[2]).toBeCloseTo(0, 12);
        for (let j = 1; j < q.length; j++) expect(q[j] as number).toBeGreaterThan(q[j - 1] as number);
      }
    forecaster.dispose();
  });
});
