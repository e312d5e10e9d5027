import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createWorkerFitForecaster, type TrainJobRunner } from "../../src/evaluation/worker-fits.js";
import { createNeuralForecaster } from "../../src/model/neural-forecaster.js";
import { runTrainJob, type TrainJobInput } from "../../src/model/train-job.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "./synthetic-series.js";

const series = [syntheticDailySeries("AAA/USDT", 220, { seed: 8 })];
const trainEnd = SERIES_START + 180 * DAY_MS;
const horizons = [1, 3];
const hyper = {
  convFilters: [4],
  recurrentUnits: [4],
  denseUnits: 4,
  epochs: 2,
  batchSize: 32,
  validationFraction: 0.2,
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("createWorkerFitForecaster", () => {
  it("GIVEN a train-job runner THEN it forecasts exactly what the same network fitted in this thread does", async () => {
    const jobs: TrainJobInput[] = [];
    // The job a training worker would run, run here: what crosses the thread boundary is the input.
    const run: TrainJobRunner = (input, onProgress) => {
      jobs.push(structuredClone(input));
      return runTrainJob(structuredClone(input), { progress: onProgress });
    };
    const remote = createWorkerFitForecaster(run, {
      name: "cnn-gru",
      architecture: "cnn-gru",
      timeframe: "1d",
      hyper,
    });
    const local = createNeuralForecaster({
      name: "cnn-gru",
      architecture: "cnn-gru",
      timeframe: "1d",
      hyper,
    });
    const origins = [185, 200, 210];
    const [data] = series;
    if (data === undefined) throw new Error("no series");
    try {
      await expect(remote.predict(data, origins, horizons)).rejects.toThrow(/before fit/);
      await remote.fit(series, trainEnd, horizons);
      await local.fit(series, trainEnd, horizons);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.trainEnd).toBe(trainEnd);
      expect(await remote.predict(data, origins, horizons)).toEqual(
        await local.predict(data, origins, horizons),
      );
    } finally {
      remote.dispose?.();
      local.dispose();
    }
  });
});
