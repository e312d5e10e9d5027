import { access } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { fillGaps } from "../../../src/market/gaps.js";
import { resample } from "../../../src/market/resample.js";
import { loadShipped } from "../../../src/market/shipped.js";
import { horizonSteps, MODEL_TIMEFRAMES } from "../../../src/model/horizons.js";
import { loadSavedForecaster } from "../../../src/model/saved/forecasters.js";
import { projectPath } from "../../../src/paths.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe.each(MODEL_TIMEFRAMES)("the shipped %s model", (timeframe) => {
  const dir = projectPath("models", timeframe);

  it("GIVEN a fresh clone THEN it loads and forecasts every shipped pair from the shipped history", async () => {
    const model = await loadSavedForecaster(dir);
    try {
      const [meta] = model.metas;
      expect(meta?.timeframe).toBe(timeframe);
      expect(meta?.horizons).toEqual(horizonSteps(timeframe));
      for (const symbol of ["BTC/USDT", "ETH/USDT", "XRP/USDT"]) {
        const shipped = await loadShipped(symbol);
        if (shipped === null) throw new Error(`no shipped ${symbol}`);
        const candles = resample(fillGaps(shipped).candles, timeframe);
        const [row] = await model.predict({ symbol, candles }, [candles.length - 1], horizonSteps(timeframe));
        for (const q of row ?? []) {
          expect(q.every(Number.isFinite)).toBe(true);
          expect([...q]).toEqual([...q].sort((a, b) => a - b));
          // A log-return median beyond ±0.5 (−40% / +65%) on these horizons would be a broken model.
          expect(Math.abs(q[2] ?? Number.NaN)).toBeLessThan(0.5);
        }
      }
    } finally {
      model.dispose();
    }
  });

  it("GIVEN the model folder THEN its model card is there", async () => {
    await expect(access(join(dir, "MODEL_CARD.md"))).resolves.toBeUndefined();
  });
});
