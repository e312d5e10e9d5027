import { describe, expect, it } from "vitest";
import { brierMetrics, qlike } from "../../src/evaluation/probabilistic.js";
import { chooseShippedModel, crpsSkill, POOLED } from "../../src/evaluation/skill.js";
import type { WalkForwardResult } from "../../src/evaluation/walk-forward-result.js";
import { handMadeEntry } from "./hand-made-entries.js";

describe("Brier score", () => {
  it("GIVEN hand-made forecasts THEN score, climatology and the Murphy decomposition match by hand", () => {
    const p = [0.8, 0.8, 0.3, 0.3, 0.3];
    const up = [true, false, false, false, true];
    const b = brierMetrics(p, up, [0.6, 0.6, 0.6, 0.6, 0.6]);
    expect(b.score).toBeCloseTo((0.04 + 0.64 + 0.09 + 0.09 + 0.49) / 5, 12);
    expect(b.climatology).toBeCloseTo((0.16 + 0.36 + 0.36 + 0.36 + 0.16) / 5, 12);
    // Bins: 0.8 -> observed 1/2; 0.3 -> observed 1/3; base rate 2/5.
    const reliability = (2 * (0.8 - 0.5) ** 2 + 3 * (0.3 - 1 / 3) ** 2) / 5;
    const resolution = (2 * (0.5 - 0.4) ** 2 + 3 * (1 / 3 - 0.4) ** 2) / 5;
    expect(b.reliability).toBeCloseTo(reliability, 12);
    expect(b.resolution).toBeCloseTo(resolution, 12);
    expect(b.uncertainty).toBeCloseTo(0.24, 12);
    // With one forecast value per bin the decomposition is exact.
    expect(b.reliability - b.resolution + b.uncertainty).toBeCloseTo(b.score, 12);
    expect(b.table.filter((bin) => bin.n > 0).map((bin) => [bin.from, bin.n, bin.observed])).toEqual([
      [0.3, 3, expect.closeTo(1 / 3, 12)],
      [0.8, 2, 0.5],
    ]);
  });

  it("GIVEN P(up) always 0.5 THEN the Brier score is 0.25 and its skill against a 0.5 climatology is 0", () => {
    const b = brierMetrics([0.5, 0.5, 0.5], [true, false, true], [0.5, 0.5, 0.5]);
    expect(b.score).toBe(0.25);
    expect(b.skillVsClimatology).toBe(0);
  });
});

describe("QLIKE", () => {
  it("GIVEN a forecast whose 80% interval implies sd 0.02 THEN QLIKE is log(s2) + r2 / s2", () => {
    const z = 1.2815515655446004;
    const q = [-0.05, -0.02 * z, 0, 0.02 * z, 0.05];
    expect(qlike([q], [0.03])).toBeCloseTo(Math.log(0.0004) + 0.0009 / 0.0004, 9);
  });
});

function resultWith(entries: ReturnType<typeof handMadeEntry>[]): WalkForwardResult {
  return {
    config: {
      start: 0,
      end: 1,
      horizons: [1],
      refitEvery: 1,
      stepMs: 1,
      periodsPerYear: 365,
      dmLoss: "absolute",
      threshold: 0.5,
      feeRate: 0,
      quantiles: [0.025, 0.1, 0.5, 0.9, 0.975],
    },
    folds: [],
    models: [...new Set(entries.map((e) => e.model))],
    symbols: [...new Set(entries.map((e) => e.symbol))],
    entries,
    timings: [],
  };
}

const withCrps = (model: string, symbol: string, crps: number[], mase: number) => ({
  ...handMadeEntry({ model, symbol, mase, pBetter: null }),
  pointCrps: crps,
  firstOrigin: 0,
  lastOrigin: crps.length - 1,
});

describe("CRPS skill and the shipping rule", () => {
  const n = 200;
  const wave = (scale: number, shift = 0) =>
    Array.from({ length: n }, (_, i) => scale * (1 + 0.5 * Math.sin(i + shift)));
  const entries = [
    withCrps("persistence", "A", wave(0.01), 1),
    withCrps("ewma", "A", wave(0.0098), 1),
    withCrps("net", "A", wave(0.0095, 0.01), 1.004),
    withCrps("persistence", "B", wave(0.02), 1),
    withCrps("ewma", "B", wave(0.0197), 1),
    withCrps("net", "B", wave(0.019, 0.01), 1.0),
  ];

  it("GIVEN per-point CRPS THEN ratios and DM tests against persistence and EWMA are per pair and pooled", () => {
    const rows = crpsSkill(resultWith(entries));
    const pooledNet = rows.find((r) => r.model === "net" && r.symbol === POOLED);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(pooledNet?.vsPersistence).toBeCloseTo(
      (sum(wave(0.0095, 0.01)) + sum(wave(0.019, 0.01))) / (sum(wave(0.01)) + sum(wave(0.02))),
      12,
    );
    expect(pooledNet?.dmPersistence?.pValueBetter).toBeLessThan(0.001);
    const ewmaA = rows.find((r) => r.model === "ewma" && r.symbol === "A");
    expect(ewmaA?.vsEwma).toBe(1);
    expect(ewmaA?.dmEwma).toBeNull();
  });

  it("GIVEN the lowest CRPS belongs to a model with MASE above 1.00 somewhere THEN the rule ships the best of the rest", () => {
    const choice = chooseShippedModel(resultWith(entries));
    expect(choice.ranking[0]?.model).toBe("net");
    expect(choice.eligible).toEqual(["ewma", "persistence"]);
    expect(choice.model).toBe("ewma");
  });
});
