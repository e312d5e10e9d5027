import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { evaluateFrozen, evaluateModels, type FrozenEvaluation } from "../../src/evaluation/evaluate.js";
import { chooseShippedModel } from "../../src/evaluation/skill.js";
import {
  createNeuralForecaster,
  neuralForecasterFromSaved,
} from "../../src/model/networks/neural-forecaster.js";
import type { SeriesData } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "./synthetic-series.js";

/** 260 days; the model is trained on the first 200 only, the rest is history it never saw. */
const history = syntheticDailySeries("AAA/USDT", 260, { seed: 5 });
const seen: SeriesData = { symbol: history.symbol, candles: history.candles.slice(0, 200) };
const lastTrained = SERIES_START + 199 * DAY_MS;
const loadSeries = async () => [history];
const dayOf = (time: number) => (time - SERIES_START) / DAY_MS;

let root: string;
let modelDir: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "coincast-evaluate-"));
  modelDir = join(root, "1d");
  const forecaster = createNeuralForecaster({
    name: "cnn-gru",
    architecture: "cnn-gru",
    timeframe: "1d",
    window: 16,
    hyper: {
      convFilters: [4],
      recurrentUnits: [4, 4],
      denseUnits: 4,
      epochs: 2,
      batchSize: 32,
      validationFraction: 0.2,
    },
  });
  await forecaster.fit([seen], lastTrained, [1, 3, 7]);
  await forecaster.toSaved(modelDir);
  forecaster.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const origins = (frozen: FrozenEvaluation, model: string, horizon: number) =>
  frozen.result.entries
    .find((e) => e.model === model && e.horizon === horizon)
    ?.records.map((r) => dayOf(r.originTime));

describe("evaluateFrozen", () => {
  it("GIVEN a start after trainedUntil THEN the saved model and the baselines are scored on identical unseen origins", async () => {
    const start = lastTrained + 5 * DAY_MS;
    const frozen = await evaluateFrozen({ modelDir, loadSeries, start, baselines: ["persistence", "drift"] });

    expect(frozen.timeframe).toBe("1d");
    expect(frozen.trainedUntil).toBe(lastTrained);
    expect(frozen.overlapsTraining).toBe(false);
    expect(frozen.result.models).toEqual(["cnn-gru", "persistence", "drift"]);
    // One fold: nothing is refitted, and the baselines look at the past once, up to start.
    expect(frozen.result.folds.map((f) => dayOf(f.trainEnd))).toEqual([204]);

    // Origins 204..258 whose target exists in 260 days: 55, 53 and 49 for horizons 1, 3 and 7.
    for (const [horizon, n] of [
      [1, 55],
      [3, 53],
      [7, 49],
    ] as const) {
      const entries = frozen.result.entries.filter((e) => e.horizon === horizon);
      expect(entries.map((e) => [e.model, e.metrics.n])).toEqual([
        ["cnn-gru", n],
        ["persistence", n],
        ["drift", n],
      ]);
      const expected = Array.from({ length: n }, (_, i) => 204 + i);
      for (const model of ["cnn-gru", "persistence", "drift"])
        expect(origins(frozen, model, horizon)).toEqual(expected);
    }
    for (const e of frozen.result.entries.filter((x) => x.model === "persistence"))
      expect(e.metrics.mase).toBe(1);
  });

  it("GIVEN a saved model THEN it is scored as saved: its records equal the restored model's own forecasts", async () => {
    const start = lastTrained + 40 * DAY_MS;
    const frozen = await evaluateFrozen({ modelDir, loadSeries, start, baselines: [] });
    const restored = await neuralForecasterFromSaved(modelDir);
    try {
      const direct = await restored.predict(history, [240, 250], [3]);
      const records =
        frozen.result.entries.find((e) => e.model === "cnn-gru" && e.horizon === 3)?.records ?? [];
      const byDay = (day: number) => records.find((r) => dayOf(r.originTime) === day)?.quantiles;
      expect(byDay(240)).toEqual(direct[0]?.[0]);
      expect(byDay(250)).toEqual(direct[1]?.[0]);
    } finally {
      restored.dispose();
    }
  });

  it("GIVEN a start before trainedUntil THEN the evaluation is flagged as overlapping training", async () => {
    const frozen = await evaluateFrozen({
      modelDir,
      loadSeries,
      start: lastTrained - 20 * DAY_MS,
      end: lastTrained + 10 * DAY_MS,
      baselines: ["persistence"],
    });
    expect(frozen.trainedUntil).toBe(lastTrained);
    expect(frozen.overlapsTraining).toBe(true);
    expect(frozen.result.entries.find((e) => e.model === "cnn-gru" && e.horizon === 1)?.metrics.n).toBe(31);
  });

  it("GIVEN a start exactly at trainedUntil THEN no scored target was trained on, so it does not overlap", async () => {
    const frozen = await evaluateFrozen({ modelDir, loadSeries, start: lastTrained, baselines: [] });
    expect(frozen.overlapsTraining).toBe(false);
  });

  it("GIVEN a start at the end of the history THEN a UserError, and the loaded model's tensors are freed", async () => {
    const before = tf.memory().numTensors;
    const failing = evaluateFrozen({
      modelDir,
      loadSeries,
      start: SERIES_START + 259 * DAY_MS,
      baselines: [],
    });
    await expect(failing).rejects.toThrowError(UserError);
    await expect(failing).rejects.toThrowError("The start date is not before the end of the history.");
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("evaluateFrozen on a short history", () => {
  it("GIVEN too few candles before the start THEN a UserError says how many the model needs", async () => {
    const failing = evaluateFrozen({
      modelDir,
      loadSeries,
      // 20 candles before the start: fewer than the indicators' warm-up plus one 16-step window.
      start: SERIES_START + 20 * DAY_MS,
      baselines: [],
    });
    await expect(failing).rejects.toThrowError(UserError);
    await expect(failing).rejects.toThrowError(
      /has 20 candles before the start date; the model needs at least \d+/,
    );
  });
});

describe("evaluateModels", () => {
  it("GIVEN persistence and drift on a synthetic daily series THEN both walk the same folds and persistence has MASE 1", async () => {
    const series = syntheticDailySeries("BBB/USDT", 400, { seed: 9 });
    const result = await evaluateModels({
      series: [series],
      timeframe: "1d",
      models: ["persistence", "drift"],
      start: SERIES_START + 300 * DAY_MS,
      end: SERIES_START + 399 * DAY_MS,
      refitEvery: 50,
    });
    expect(result.config.horizons).toEqual([1, 3, 7]);
    expect(result.folds.map((f) => dayOf(f.trainEnd))).toEqual([300, 350]);
    expect(result.entries.map((e) => [e.model, e.horizon, e.metrics.n])).toEqual([
      ["persistence", 1, 99],
      ["drift", 1, 99],
      ["persistence", 3, 97],
      ["drift", 3, 97],
      ["persistence", 7, 93],
      ["drift", 7, 93],
    ]);
    for (const e of result.entries.filter((x) => x.model === "persistence")) expect(e.metrics.mase).toBe(1);
    for (const e of result.entries.filter((x) => x.model === "drift")) expect(e.metrics.mase).not.toBe(1);
  });

  it("GIVEN --combine har+ewma THEN the combination is scored on the same points as its members, as their quantile average, and enters the shipping rule", async () => {
    const series = [
      syntheticDailySeries("BBB/USDT", 700, { seed: 9, drift: 0 }),
      syntheticDailySeries("CCC/USDT", 700, { seed: 10, drift: 0, sigma: 0.03 }),
    ];
    const result = await evaluateModels({
      series,
      timeframe: "1d",
      models: ["persistence", "har", "ewma"],
      combinations: [["har", "ewma"]],
      start: SERIES_START + 500 * DAY_MS,
      end: SERIES_START + 699 * DAY_MS,
      refitEvery: 100,
    });
    expect(result.models).toEqual(["persistence", "har", "ewma", "har+ewma"]);
    for (const symbol of ["BBB/USDT", "CCC/USDT"]) {
      for (const horizon of [1, 3, 7]) {
        const of = (model: string) =>
          result.entries.find((e) => e.model === model && e.symbol === symbol && e.horizon === horizon);
        const [har, ewma, combo] = [of("har"), of("ewma"), of("har+ewma")];
        expect(combo?.records.map((r) => r.originTime)).toEqual(har?.records.map((r) => r.originTime));
        for (const [i, record] of (combo?.records ?? []).entries()) {
          const a = har?.records[i]?.quantiles ?? [];
          const b = ewma?.records[i]?.quantiles ?? [];
          for (const [k, q] of record.quantiles.entries()) {
            expect(q).toBeCloseTo(((a[k] as number) + (b[k] as number)) / 2, 14);
          }
        }
        expect(combo?.metrics.mase).toBe(1);
      }
    }
    const choice = chooseShippedModel(result);
    expect(choice.ranking.map((r) => r.model).sort()).toEqual(["ewma", "har", "har+ewma", "persistence"]);
  });

  it("GIVEN --seeds 2 THEN each network is also scored as a two-seed ensemble on the same points, and the result is reproducible", async () => {
    const options = {
      series: [syntheticDailySeries("BBB/USDT", 320, { seed: 9, drift: 0 })],
      timeframe: "1d" as const,
      models: ["persistence", "cnn-gru"] as const,
      seeds: 2,
      start: SERIES_START + 290 * DAY_MS,
      end: SERIES_START + 319 * DAY_MS,
      refitEvery: 100,
      hyper: {
        convFilters: [4],
        recurrentUnits: [4, 4],
        denseUnits: 4,
        epochs: 1,
        batchSize: 32,
        validationFraction: 0.2,
      },
    };
    const result = await evaluateModels({ ...options, models: [...options.models] });
    expect(result.models).toEqual(["persistence", "cnn-gru", "cnn-gru-x2"]);
    const records = (model: string) =>
      result.entries.find((e) => e.model === model && e.horizon === 1)?.records ?? [];
    expect(records("cnn-gru-x2").map((r) => r.originTime)).toEqual(
      records("cnn-gru").map((r) => r.originTime),
    );
    // A second seed took part: the ensemble is not the single network (seed 42, its first member).
    expect(records("cnn-gru-x2").map((r) => r.quantiles)).not.toEqual(
      records("cnn-gru").map((r) => r.quantiles),
    );
    const again = await evaluateModels({ ...options, models: [...options.models] });
    expect(again.entries.find((e) => e.model === "cnn-gru-x2" && e.horizon === 1)?.records).toEqual(
      records("cnn-gru-x2"),
    );
    const single = await evaluateModels({ ...options, models: [...options.models], seeds: 1 });
    expect(single.models).toEqual(["persistence", "cnn-gru"]);
  });

  it("GIVEN a combination with a network or a single member THEN it is refused with a clear message", () => {
    const base = {
      series: [syntheticDailySeries("BBB/USDT", 400, { seed: 9 })],
      timeframe: "1d" as const,
      models: [],
      start: SERIES_START + 300 * DAY_MS,
      end: SERIES_START + 399 * DAY_MS,
      refitEvery: 50,
    };
    expect(() => evaluateModels({ ...base, combinations: [["har", "cnn-gru"]] })).toThrow(
      /cnn-gru is a network/,
    );
    expect(() => evaluateModels({ ...base, combinations: [["har"]] })).toThrow(UserError);
  });
});
