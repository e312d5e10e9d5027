import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Candle } from "../../../src/market/types.js";
import type { Hyperparameters } from "../../../src/model/networks/architectures.js";
import {
  createNeuralForecaster,
  neuralForecasterFromSaved,
} from "../../../src/model/networks/neural-forecaster.js";
import { createRng } from "../../../src/model/networks/seed.js";
import type { SeriesData, TrainProgress } from "../../../src/model/types.js";

const DAY = 86_400_000;
const START = Date.UTC(2022, 0, 1);

/** A daily geometric random walk with consistent OHLC, fully determined by `seed`. */
function dailyCandles(n: number, seed: number, price: number): Candle[] {
  const rng = createRng(seed);
  const candles: Candle[] = [];
  let close = price;
  for (let t = 0; t < n; t++) {
    const open = close;
    close = open * Math.exp(0.03 * (rng() - 0.5) + 0.01 * Math.sin(t / 5));
    const high = Math.max(open, close) * (1 + 0.01 * rng());
    const low = Math.min(open, close) * (1 - 0.01 * rng());
    candles.push({ time: START + t * DAY, open, high, low, close, volume: 1000 * (1 + rng()) });
  }
  return candles;
}

const series: SeriesData[] = [
  { symbol: "BTC/USDT", candles: dailyCandles(220, 1, 30_000) },
  { symbol: "ETH/USDT", candles: dailyCandles(220, 2, 2_000) },
];
const trainEnd = START + 189 * DAY;
const horizons = [1, 3];
const tiny: Partial<Hyperparameters> = {
  convFilters: [4],
  recurrentUnits: [4],
  denseUnits: 4,
  epochs: 2,
  batchSize: 32,
  validationFraction: 0.2,
};
const origins = [200, 210, 216];

let root: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "coincast-forecaster-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const expectNonCrossing = (forecasts: readonly (readonly (readonly number[])[])[]) => {
  for (const perHorizon of forecasts) {
    for (const q of perHorizon) {
      expect(q).toHaveLength(5);
      for (let j = 1; j < q.length; j++) expect(q[j] as number).toBeGreaterThanOrEqual(q[j - 1] as number);
    }
  }
};

describe("neural forecaster", () => {
  it("GIVEN a pooled fit THEN predict returns calibrated, non-crossing quantiles per origin and horizon", async () => {
    const events: TrainProgress[] = [];
    const forecaster = createNeuralForecaster({
      name: "cnn-gru-1d",
      architecture: "cnn-gru",
      timeframe: "1d",
      hyper: tiny,
      window: 16,
    });
    await forecaster.fit(series, trainEnd, horizons, (p) => events.push(p));

    const forecasts = await forecaster.predict(series[0] as SeriesData, origins, [3, 1]);
    expect(forecasts).toHaveLength(3);
    expect(forecasts.every((row) => row.length === 2)).toBe(true);
    expectNonCrossing(forecasts);
    expect(events.map((e) => [e.model, e.epoch])).toEqual([
      ["cnn-gru-1d", 1],
      ["cnn-gru-1d", 2],
    ]);
    const [meta] = forecaster.networks;
    expect(meta?.symbols).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(meta?.trainedUntil).toBe(trainEnd);
    expect(meta?.conformal.calibrationSize).toBeGreaterThan(0);
    expect(meta?.metrics.validationWindows).toBeGreaterThan(0);
    forecaster.dispose();
  });

  it("GIVEN candles after trainEnd THEN the fitted forecaster is the same as without them (no look-ahead)", async () => {
    const cut = series.map((s) => ({ ...s, candles: s.candles.filter((c) => c.time <= trainEnd) }));
    const options = { name: "leak", architecture: "gru", timeframe: "1d", hyper: tiny, window: 16 } as const;
    const withFuture = createNeuralForecaster(options);
    const withoutFuture = createNeuralForecaster(options);
    await withFuture.fit(series, trainEnd, horizons);
    await withoutFuture.fit(cut, trainEnd, horizons);
    const target = series[1] as SeriesData;
    expect(await withFuture.predict(target, origins, horizons)).toEqual(
      await withoutFuture.predict(target, origins, horizons),
    );
    expect(withFuture.networks[0]?.dataHash).toBe(withoutFuture.networks[0]?.dataHash);
    withFuture.dispose();
    withoutFuture.dispose();
  });

  it("GIVEN a saved forecaster THEN the restored one forecasts identically", async () => {
    const forecaster = createNeuralForecaster({
      name: "saved",
      architecture: "cnn",
      timeframe: "1d",
      hyper: tiny,
      window: 16,
    });
    await forecaster.fit(series, trainEnd, horizons);
    const dir = join(root, "pooled");
    await forecaster.toSaved(dir);
    const restored = await neuralForecasterFromSaved(dir);
    const target = series[0] as SeriesData;
    expect(await restored.predict(target, origins, horizons)).toEqual(
      await forecaster.predict(target, origins, horizons),
    );
    expect(restored.options.pooling).toBe("pooled");
    forecaster.dispose();
    restored.dispose();
  });

  it("GIVEN per-symbol pooling THEN each symbol gets its own network, saved in its own directory", async () => {
    const forecaster = createNeuralForecaster({
      name: "per",
      architecture: "cnn",
      timeframe: "1d",
      hyper: { ...tiny, epochs: 1 },
      window: 16,
      pooling: "per-symbol",
    });
    await forecaster.fit(series, trainEnd, horizons);
    expect(forecaster.networks.map((m) => m.symbols)).toEqual([["BTC/USDT"], ["ETH/USDT"]]);
    const dir = join(root, "per-symbol");
    await forecaster.toSaved(dir);
    expect((await readdir(dir)).sort()).toEqual(["BTC-USDT", "ETH-USDT"]);
    const restored = await neuralForecasterFromSaved(dir);
    const eth = series[1] as SeriesData;
    expect(await restored.predict(eth, origins, horizons)).toEqual(
      await forecaster.predict(eth, origins, horizons),
    );
    await expect(
      forecaster.predict({ symbol: "XRP/USDT", candles: eth.candles }, origins, horizons),
    ).rejects.toThrow(/no network for XRP\/USDT/);
    forecaster.dispose();
    restored.dispose();
  });

  it("GIVEN an unfitted forecaster or an untrained horizon THEN predict explains what is wrong", async () => {
    const forecaster = createNeuralForecaster({
      name: "idle",
      architecture: "lstm",
      timeframe: "1d",
      hyper: tiny,
      window: 16,
    });
    await expect(forecaster.predict(series[0] as SeriesData, origins, [1])).rejects.toThrow(/not fitted/);
    await forecaster.fit(series, trainEnd, [1], undefined);
    await expect(forecaster.predict(series[0] as SeriesData, origins, [5])).rejects.toThrow(/not 5/);
    forecaster.dispose();
  });
});
