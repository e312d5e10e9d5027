import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { type EnsembleWeightsChoice, evaluateModels } from "../../../src/evaluation/evaluate.js";
import type { SeriesData } from "../../../src/market/types.js";
import { averagePredictions } from "../../../src/model/baselines/combination.js";
import { anchoredCalibrationWindows, anchoredSetup } from "../../../src/model/networks/anchored-windows.js";
import {
  adoptEnsembleWeights,
  chooseEnsembleWeights,
  rewriteWithEnsembleWeights,
} from "../../../src/model/networks/ensemble-weights.js";
import { chooseAnchorWeights } from "../../../src/model/networks/har-anchor.js";
import { createNeuralForecaster } from "../../../src/model/networks/neural-forecaster.js";
import { predictQuantiles } from "../../../src/model/networks/serve-network.js";
import { runTrainJob } from "../../../src/model/networks/train-job.js";
import type { ModelName } from "../../../src/model/saved/forecasters.js";
import { type ModelMeta, readSavedMetas } from "../../../src/model/saved/model-io.js";
import { clusteredCandles, DAY, START, TINY_HAR_NETWORK } from "../../helpers/synthetic-panel.js";

const horizons = [1, 3];
const hyper = { ...TINY_HAR_NETWORK, epochs: 1, validationFraction: 0.3, holdOut: ["HELD/USDT"] };
const series: SeriesData[] = [1, 2, 3, 4].map((seed) => ({
  symbol: seed === 4 ? "HELD/USDT" : `C${seed}/USDT`,
  candles: clusteredCandles(700, seed),
}));
const trainEnd = START + 640 * DAY;
const ensemble = (extra: { ensembleWeights?: boolean } = {}) =>
  createNeuralForecaster({
    name: "cnn-gru",
    architecture: "cnn-gru",
    timeframe: "1d",
    window: 20,
    hyper: { ...hyper, ...extra },
    seed: 42,
    seeds: 2,
  });
const withWeights = (metas: readonly ModelMeta[], w: number) =>
  metas.map((m) => ({
    ...m,
    anchor: { ...(m.anchor as NonNullable<ModelMeta["anchor"]>), weights: [w, w] },
  }));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("anchor weights chosen for a seed ensemble as a whole", () => {
  it("GIVEN two fitted members THEN the common weights are chooseAnchorWeights on their averaged raw output, and serving blends linearly", {
    timeout: 300_000,
  }, async () => {
    const own = ensemble();
    await own.fit(series, trainEnd, horizons);
    const members = own.fitted;
    expect(members.map((m) => m.meta.seed)).toEqual([42, 43]);

    // The calibration windows rebuilt as the fit built them: each member's own choice comes back.
    const first = members[0]?.meta as ModelMeta;
    const setup = anchoredSetup(series, trainEnd, horizons, { hyper, window: 20, name: "cnn-gru" });
    expect(setup.usable.map((s) => s.symbol)).toEqual(["C1/USDT", "C2/USDT", "C3/USDT"]);
    const windows = anchoredCalibrationWindows(setup, { trainEnd, horizons, window: 20 }, first.scaler);
    expect(windows.count).toBe(first.metrics.calibrationWindows);
    expect(windows.count).toBeGreaterThanOrEqual(30);
    const raws = members.map(({ model, meta }) =>
      predictQuantiles(model, windows.x, windows.count, 20, meta.targetScale),
    );
    members.forEach(({ meta }, i) => {
      expect(chooseAnchorWeights(raws[i] ?? [], meta.anchor?.quantiles ?? [], windows.targets)).toEqual(
        meta.anchor?.weights,
      );
    });

    // The common weights: the same choice on the members' average (their starts are the same pooled FHS).
    expect(members[1]?.meta.anchor?.quantiles).toEqual(first.anchor?.quantiles);
    const expected = chooseAnchorWeights(
      averagePredictions(raws),
      first.anchor?.quantiles ?? [],
      windows.targets,
    );
    const chosen = chooseEnsembleWeights(members, series, trainEnd, horizons);
    expect(chosen.map((c) => c.meta.anchor?.weights)).toEqual([expected, expected]);
    expect(chosen.map((c) => c.model)).toEqual(members.map((m) => m.model));
    chosen.forEach((c, i) => {
      expect(c.meta.metrics.memberAnchorWeight1).toBe(members[i]?.meta.anchor?.weights[0]);
      expect(c.meta.metrics.memberAnchorWeight3).toBe(members[i]?.meta.anchor?.weights[1]);
    });

    // Fitted as two forecasters (evaluate's walk-forward): each member is given the common weights.
    const given: (readonly ModelMeta[])[] = [];
    const apart = members.map((m) => ({
      fitted: [m],
      setMetas: (metas: readonly ModelMeta[]) => given.push(metas),
    }));
    const adopted = adoptEnsembleWeights(apart, series, trainEnd, horizons);
    expect(adopted).toEqual({ weights: expected, members: members.map((m) => m.meta.anchor?.weights) });
    expect(given.map(([meta]) => meta?.anchor?.weights)).toEqual([expected, expected]);

    // Saved member by member (train --seeds 2 trains each in its own worker), then rewritten in place.
    const dir = await mkdtemp(join(tmpdir(), "coincast-ensemble-weights-"));
    try {
      await own.toSaved(dir);
      const weightsFiles = (await readdir(dir)).map((seed) => join(dir, seed, "weights.bin"));
      const written = async () => Promise.all(weightsFiles.map(async (f) => (await stat(f)).mtimeMs));
      const before = await written();
      const rewritten = await rewriteWithEnsembleWeights(dir, series, trainEnd, horizons);
      // Only meta.json changes: the weights are the members' own.
      expect(await written()).toEqual(before);
      expect(rewritten.map((m) => m.anchor?.weights)).toEqual([expected, expected]);
      const saved = await readSavedMetas(dir);
      expect(saved.map((m) => ("anchor" in m ? m.anchor?.weights : undefined))).toEqual([expected, expected]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // Fitted with the flag, the forecaster makes the same choice and records it in every member's meta.
    const flagged = ensemble({ ensembleWeights: true });
    await flagged.fit(series, trainEnd, horizons);
    expect(flagged.networks.map((m) => m.anchor?.weights)).toEqual([expected, expected]);
    expect(flagged.networks.map((m) => m.hyperparameters.ensembleWeights)).toEqual([true, true]);
    flagged.dispose();

    // Linearity: with one weight w for both members the ensemble serves HAR-FHS + w·(mean network − HAR-FHS).
    const target = series[3] as SeriesData;
    const origins = [650, 680];
    const metas = members.map((m) => m.meta);
    const at = async (w: number) => {
      own.setMetas(withWeights(metas, w));
      return own.predict(target, origins, horizons);
    };
    const har = await at(0);
    const network = await at(1);
    const half = await at(0.5);
    for (const [o, row] of half.entries())
      for (const [h, q] of row.entries())
        for (const [k, v] of q.entries()) {
          const start = har[o]?.[h]?.[k] as number;
          expect(v).toBeCloseTo(start + 0.5 * ((network[o]?.[h]?.[k] as number) - start), 12);
        }
    expect(half).not.toEqual(har);
    expect(() => own.setMetas(metas.slice(1))).toThrow(RangeError);
    own.dispose();
  });

  it("GIVEN evaluate --seeds 2 with ensemble weights THEN each fold's members get the weights chosen on their average", {
    timeout: 300_000,
  }, async () => {
    const choices: EnsembleWeightsChoice[] = [];
    const options = {
      series,
      timeframe: "1d" as const,
      models: ["persistence", "cnn-gru"] as ModelName[],
      seeds: 2,
      ensembleOnly: true,
      start: START + 650 * DAY,
      end: START + 680 * DAY,
      refitEvery: 100,
      hyper,
    };
    const result = await evaluateModels({
      ...options,
      hyper: { ...hyper, ensembleWeights: true },
      onEnsembleWeights: (c) => choices.push(c),
    });
    expect(result.models).toEqual(["persistence", "cnn-gru-x2"]);
    expect(choices).toHaveLength(1);
    const [choice] = choices;
    expect(choice?.model).toBe("cnn-gru-x2");
    expect(choice?.weights).toHaveLength(3);
    expect(choice?.members).toHaveLength(2);
    // Members trained as training workers train them (saved, then loaded here) make the same choice.
    const fromWorkers: EnsembleWeightsChoice[] = [];
    const inWorkers = await evaluateModels({
      ...options,
      hyper: { ...hyper, ensembleWeights: true },
      onEnsembleWeights: (c) => fromWorkers.push(c),
      training: {
        run: (input, onTrain) => runTrainJob(structuredClone(input), { progress: onTrain }),
        workers: 2,
      },
    });
    expect(fromWorkers).toEqual(choices);
    expect(inWorkers.entries).toEqual(result.entries);
    // Without the flag nobody is told: each member keeps its own.
    choices.length = 0;
    await evaluateModels({ ...options, hyper, onEnsembleWeights: (c) => choices.push(c) });
    expect(choices).toEqual([]);
  });
});
