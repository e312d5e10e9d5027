import { describe, expect, it } from "vitest";
import type { Provenance } from "../../src/contracts/forecast.js";
import { UserError } from "../../src/errors.js";
import { allHorizons, resolveHorizon, toForecast } from "../../src/forecast/forecast.js";
import { modelVersion } from "../../src/lifecycle/model-version.js";
import { probabilityUp } from "../../src/model/quantile-math.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const HOUR = 3_600_000;
/** Log-return quantiles at 0.025, 0.1, 0.5, 0.9, 0.975. */
const q = [-0.1, -0.05, 0.02, 0.08, 0.12];

function forecastFrom(context: { timeframe: "1d" | "4h"; steps: number; asOf: number }) {
  const data: Provenance = { source: "shipped", asOf: context.asOf, stale: false };
  return toForecast(q, {
    symbol: "BTC/USDT",
    horizon: "1d",
    timeframe: context.timeframe,
    steps: context.steps,
    lastPrice: 100_000,
    data,
    modelVersion: "cnn-gru 2025-12-08 a1b2c3d4",
    madeAt: 123,
  });
}

describe("toForecast", () => {
  const asOf = Date.UTC(2024, 2, 10);
  const f = forecastFrom({ timeframe: "1d", steps: 1, asOf });

  it("GIVEN log-return quantiles THEN median and intervals are the last price times exp(quantile)", () => {
    expect(f.lastPrice).toBe(100_000);
    expect(f.median).toBeCloseTo(100_000 * Math.exp(0.02), 6);
    expect(f.interval80.low).toBeCloseTo(100_000 * Math.exp(-0.05), 6);
    expect(f.interval80.high).toBeCloseTo(100_000 * Math.exp(0.08), 6);
    expect(f.interval95.low).toBeCloseTo(100_000 * Math.exp(-0.1), 6);
    expect(f.interval95.high).toBeCloseTo(100_000 * Math.exp(0.12), 6);
  });

  it("GIVEN zero between q0.1 and q0.5 THEN P(up) is 1 minus the linearly interpolated CDF at 0", () => {
    // CDF(0) = 0.1 + 0.4 * (0 - -0.05) / (0.02 - -0.05) = 0.1 + 0.4 * 5/7
    expect(f.probabilityUp).toBeCloseTo(1 - (0.1 + (0.4 * 5) / 7), 12);
    expect(f.probabilityUp).toBe(probabilityUp(q));
    expect(f.expectedVolatility).toBeCloseTo(0.13 / (2 * 1.2815515655446004), 12);
  });

  it("GIVEN the daily candle that opened at asOf THEN the 1-step target is the CLOSE of the next candle, asOf + 2 days", () => {
    // The candle opened 2024-03-10 00:00 closed 03-11 00:00; the next one opens then and closes 03-12 00:00.
    expect(f.asOf).toBe(asOf);
    expect(f.targetTime).toBe(Date.UTC(2024, 2, 12));
  });

  it("GIVEN the 4h candle of 16:00 and 3 steps (12h) THEN the target closes at 08:00 the next day", () => {
    // Last closed: 16:00-20:00. Targets: 20:00-00:00, 00:00-04:00, 04:00-08:00.
    const g = forecastFrom({ timeframe: "4h", steps: 3, asOf: Date.UTC(2024, 2, 10, 16) });
    expect(g.targetTime).toBe(Date.UTC(2024, 2, 11, 8));
    expect(g.targetTime - (g.asOf + 4 * HOUR)).toBe(12 * HOUR);
  });

  it("GIVEN a context THEN symbol, version, provenance and madeAt are carried through unchanged", () => {
    expect(f).toMatchObject({
      symbol: "BTC/USDT",
      horizon: "1d",
      timeframe: "1d",
      modelVersion: "cnn-gru 2025-12-08 a1b2c3d4",
      data: { source: "shipped", asOf, stale: false },
      madeAt: 123,
    });
  });
});

describe("resolveHorizon", () => {
  it("GIVEN 1d THEN the daily model answers with 1 step, not the 4h model with 6", () => {
    expect(resolveHorizon("1d")).toEqual({ horizon: "1d", timeframe: "1d", steps: 1 });
  });

  it("GIVEN 12h and 4h THEN the 4h model answers with 3 and 1 steps", () => {
    expect(resolveHorizon("12h")).toEqual({ horizon: "12h", timeframe: "4h", steps: 3 });
    expect(resolveHorizon("4h")).toEqual({ horizon: "4h", timeframe: "4h", steps: 1 });
  });

  it("GIVEN ' 3D ' or '7d' THEN case and spaces do not matter", () => {
    expect(resolveHorizon(" 3D ")).toEqual({ horizon: "3d", timeframe: "1d", steps: 3 });
    expect(resolveHorizon("7d")).toEqual({ horizon: "7d", timeframe: "1d", steps: 7 });
  });

  it("GIVEN 2w THEN a UserError lists every horizon", () => {
    expect(allHorizons()).toEqual(["1d", "3d", "7d", "4h", "12h"]);
    expect(() => resolveHorizon("2w")).toThrowError(UserError);
    expect(() => resolveHorizon("2w")).toThrowError(expect.objectContaining({ code: "unknown-horizon" }));
    expect(() => resolveHorizon("2w")).toThrowError('Unknown horizon "2w". Horizons: 1d, 3d, 7d, 4h, 12h.');
  });

  it("GIVEN junk or 10 kB of text THEN the UserError echoes at most 10 characters of it", () => {
    for (const input of ["", "banana", "x".repeat(10_240), "<@everyone> https://evil.example/"]) {
      let caught: unknown;
      try {
        resolveHorizon(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      const message = (caught as UserError).message;
      expect(message.length).toBeLessThan(80);
      expect(message).toContain("Horizons: 1d, 3d, 7d, 4h, 12h.");
      const echoed = /^Unknown horizon "(.*)"\./.exec(message)?.[1] ?? "";
      expect(echoed.length).toBeLessThanOrEqual(10);
    }
  });
});

describe("modelVersion", () => {
  it("GIVEN a model's meta THEN its version names the model, its last training day and a short hash", () => {
    expect(modelVersion(handMadeMeta())).toMatch(/^cnn-gru 2025-12-08 [0-9a-f]{8}$/);
    expect(modelVersion(handMadeMeta())).toBe(modelVersion(handMadeMeta()));
  });

  it("GIVEN two models trained on different data the same day THEN their versions differ", () => {
    const other = handMadeMeta({ dataHash: "sha256:ffffffff00000000" });
    expect(modelVersion(other)).not.toBe(modelVersion(handMadeMeta()));
  });

  it("GIVEN a model re-shipped on the same data with another design THEN its version differs (no stale cache hit)", () => {
    const base = handMadeMeta();
    const redesigned = {
      ...base,
      hyperparameters: { ...base.hyperparameters, epochs: base.hyperparameters.epochs + 1 },
    };
    expect(redesigned.dataHash).toBe(base.dataHash);
    expect(modelVersion(redesigned)).not.toBe(modelVersion(base));
  });
});
