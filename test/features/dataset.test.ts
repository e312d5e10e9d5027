import { describe, expect, it } from "vitest";
import { computeFeatures } from "../../src/features/compute-features.js";
import { buildDataset, buildInferenceInputs, type DatasetSplit } from "../../src/features/dataset.js";
import { applyScaler, fitScalerPooled } from "../../src/features/scaler.js";
import { makeInputWindows, makeWindows } from "../../src/features/windows.js";
import type { Candle } from "../../src/market/types.js";
import { randomWalkCandles } from "./fixtures.js";

const STEP = 4 * 3_600_000;
const WINDOW = 20;
const HORIZONS = [1, 6];
const MAX_H = 6;

// Two symbols at very different price levels; "B" starts 100 candles after "A".
const a = randomWalkCandles(600, { seed: 3, price: 40_000 });
const b = randomWalkCandles(500, { seed: 4, price: 0.5, start: (a[100] as Candle).time });
const series = [
  { symbol: "A", candles: a },
  { symbol: "B", candles: b },
];
const timeOf = (t: number) => (a[t] as Candle).time;
const trainEnd = timeOf(450);
const validationStart = timeOf(350);

function samplesOf(split: DatasetSplit, s: number): number[] {
  return Array.from(split.seriesIndex.keys()).filter((k) => split.seriesIndex[k] === s);
}

describe("buildDataset", () => {
  const dataset = buildDataset({ series, trainEnd, validationStart, horizons: HORIZONS, window: WINDOW });
  const validation = dataset.validation as DatasetSplit;

  it("GIVEN a validation start THEN every training target lies before it", () => {
    const lastTarget = Math.max(...Array.from(dataset.train.endTime, (t) => t + MAX_H * STEP));
    expect(lastTarget).toBeLessThan(validationStart);
    expect(lastTarget).toBe(validationStart - STEP); // and the training set reaches right up to it
  });

  it("GIVEN trainEnd THEN validation windows end from validationStart on and no target passes trainEnd", () => {
    expect(validation.count).toBeGreaterThan(0);
    expect(Math.min(...validation.endTime)).toBe(validationStart);
    expect(Math.max(...Array.from(validation.endTime, (t) => t + MAX_H * STEP))).toBe(trainEnd);
  });

  it("GIVEN two symbols THEN both contribute windows, each oldest first, tagged with its series index", () => {
    expect(dataset.symbols).toEqual(["A", "B"]);
    for (const split of [dataset.train, validation]) {
      for (const s of [0, 1]) {
        const ends = samplesOf(split, s).map((k) => split.endIndex[k] as number);
        expect(ends.length).toBeGreaterThan(0);
        expect(ends).toEqual([...ends].sort((x, y) => x - y));
        for (const k of samplesOf(split, s)) {
          const candles = (series[s] as (typeof series)[number]).candles;
          expect(split.endTime[k]).toBe((candles[split.endIndex[k] as number] as Candle).time);
        }
      }
    }
    // A (4h candles): warm from 180 (30 days of 4h returns), first window ends at 180 + 20 - 1 = 199; last
    // training end 350 - 1 - 6 = 343.
    const trainA = samplesOf(dataset.train, 0).map((k) => dataset.train.endIndex[k]);
    expect([trainA[0], trainA.at(-1)]).toEqual([199, 343]);
  });

  it("GIVEN the pooled training rows THEN the scaler is fitted on them only, and x is the scaled matrix's windows", () => {
    const matrices = series.map((s) => computeFeatures(s.candles.filter((c) => c.time <= trainEnd)));
    const expected = fitScalerPooled(
      matrices.map((matrix) => ({
        matrix,
        rowStart: 0,
        rowEnd: matrix.times.filter((time) => time < validationStart).length,
      })),
    );
    expect(dataset.scaler).toEqual(expected);

    const scaledB = applyScaler(matrices[1] ?? computeFeatures([]), expected);
    const closesB = b.filter((c) => c.time <= trainEnd).map((c) => c.close);
    const reference = makeWindows({ matrix: scaledB, closes: closesB, window: WINDOW, horizons: HORIZONS });
    const firstB = samplesOf(dataset.train, 1)[0] as number;
    const block = WINDOW * dataset.features;
    expect(dataset.train.x.subarray(firstB * block, (firstB + 1) * block)).toEqual(
      reference.x.subarray(0, block),
    );
    expect(dataset.train.y.subarray(firstB * 2, firstB * 2 + 2)).toEqual(reference.y.subarray(0, 2));
  });

  it("GIVEN the default clip THEN every scaled input is finite and within +-10", () => {
    expect(dataset.train.x.every((v) => Number.isFinite(v) && Math.abs(v) <= 10)).toBe(true);
  });

  it("GIVEN no validation start THEN there is no validation set and training targets run up to trainEnd", () => {
    const plain = buildDataset({ series, trainEnd, horizons: HORIZONS, window: WINDOW });
    expect(plain.validation).toBeNull();
    expect(Math.max(...Array.from(plain.train.endTime, (t) => t + MAX_H * STEP))).toBe(trainEnd);
  });

  it("GIVEN a symbol with no history before trainEnd THEN it contributes nothing instead of failing", () => {
    const early = buildDataset({ series, trainEnd: timeOf(240), horizons: HORIZONS, window: WINDOW });
    expect(early.train.count).toBeGreaterThan(0);
    expect(early.train.seriesIndex.every((s) => s === 0)).toBe(true);
  });

  it("GIVEN no warm row at all before trainEnd THEN it refuses", () => {
    expect(() => buildDataset({ series, trainEnd: timeOf(40), horizons: HORIZONS, window: WINDOW })).toThrow(
      RangeError,
    );
  });
});

describe("buildInferenceInputs", () => {
  it("GIVEN the saved scaler THEN inputs equal the scaled feature windows at the origins", () => {
    const { scaler } = buildDataset({ series, trainEnd, horizons: HORIZONS, window: WINDOW });
    const origins = [220, 599];
    const inputs = buildInferenceInputs({ candles: a, scaler, origins, window: WINDOW });
    const reference = makeInputWindows(applyScaler(computeFeatures(a), scaler), origins, WINDOW);
    expect(inputs.x).toEqual(reference.x);
    expect(Array.from(inputs.endIndex)).toEqual(origins);
  });
});
