import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateModels } from "../../src/evaluation/evaluate.js";
import { createWorkerFitForecaster, type TrainJobRunner } from "../../src/evaluation/worker-fits.js";
import { silentLogger } from "../../src/logger.js";
import { createNeuralForecaster } from "../../src/model/networks/neural-forecaster.js";
import { runTrainJob, type TrainJobInput } from "../../src/model/networks/train-job.js";
import { createWorkerPool } from "../../src/workers/worker-pool.js";
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

describe("evaluateModels with training workers", () => {
  it("GIVEN two real training workers THEN the walk-forward equals the one fitted on this thread", async () => {
    const settings = {
      series,
      timeframe: "1d" as const,
      models: ["cnn-gru" as const, "persistence" as const],
      start: SERIES_START + 160 * DAY_MS,
      end: SERIES_START + 215 * DAY_MS,
      refitEvery: 20,
      hyper,
    };
    // cpu in the workers too, so both runs compute in the same arithmetic.
    const pool = createWorkerPool({
      name: "training-test",
      size: 2,
      queueLimit: 10,
      workerData: { tfBackend: "cpu", logLevel: "silent" },
      logger: silentLogger(),
    });
    try {
      const inWorkers = await evaluateModels({
        ...settings,
        training: { run: (input, onTrain) => pool.run("train", input, { onProgress: onTrain }), workers: 2 },
      });
      const here = await evaluateModels(settings);
      expect(pool.stats().completed).toBe(3);
      expect(inWorkers.folds).toHaveLength(3);
      expect(inWorkers.models).toEqual(["cnn-gru", "persistence"]);
      expect(inWorkers.entries).toEqual(here.entries);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
