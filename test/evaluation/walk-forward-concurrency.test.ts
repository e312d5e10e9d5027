import { describe, expect, it } from "vitest";
import { walkForward } from "../../src/evaluation/walk-forward.js";
import { createDriftForecaster } from "../../src/model/baselines/drift.js";
import type { Forecaster } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "./synthetic-series.js";

const series = [syntheticDailySeries("AAA/USDT", 400, { seed: 21 })];
const start = SERIES_START + 200 * DAY_MS;
const end = SERIES_START + 399 * DAY_MS;

/**
 * Drift whose fit waits (as a fit in a training worker does) for a time that depends on the fold, so that
 * with two fits at once later folds finish before earlier ones; counts fits in flight.
 */
function slowDrift(
  name: string,
  flight: { now: number; max: number },
  delayMs: (trainEnd: number) => number,
) {
  return (): Forecaster => {
    const inner = createDriftForecaster({ lookback: 100 });
    return {
      name,
      async fit(data, trainEnd, horizons) {
        flight.now++;
        flight.max = Math.max(flight.max, flight.now);
        await new Promise((resolve) => setTimeout(resolve, delayMs(trainEnd)));
        await inner.fit(data, trainEnd, horizons);
        flight.now--;
      },
      predict: (data, origins, horizons) => inner.predict(data, origins, horizons),
    };
  };
}

const run = (concurrency: number, flight: { now: number; max: number }) =>
  walkForward({
    series,
    forecasters: [
      slowDrift("early-slow", flight, (t) => 5 + (end - t) / DAY_MS / 5),
      slowDrift("late-slow", flight, (t) => 5 + (t - start) / DAY_MS / 5),
    ],
    horizons: [1, 3],
    start,
    end,
    refitEvery: 30,
    concurrency,
  });

describe("walkForward with concurrency", () => {
  it("GIVEN fits that finish out of order THEN two at once give exactly the sequential result", async () => {
    const one = { now: 0, max: 0 };
    const two = { now: 0, max: 0 };
    const sequential = await run(1, one);
    const concurrent = await run(2, two);
    expect(one.max).toBe(1);
    expect(two.max).toBe(2);
    expect(concurrent.models).toEqual(["early-slow", "late-slow"]);
    expect(concurrent.folds).toEqual(sequential.folds);
    expect(concurrent.entries).toEqual(sequential.entries);
  });

  it("GIVEN a reused instance THEN it still fits one fold at a time, whatever the concurrency", async () => {
    const flight = { now: 0, max: 0 };
    const instance = slowDrift("reused", flight, () => 5)();
    const result = await walkForward({
      series,
      forecasters: [instance],
      horizons: [1],
      start,
      end,
      refitEvery: 30,
      concurrency: 3,
    });
    expect(flight.max).toBe(1);
    expect(result.folds).toHaveLength(7);
  });

  it("GIVEN a fit that fails THEN the run rejects with its error and the queued fits are skipped", async () => {
    let fits = 0;
    const failing = (): Forecaster => ({
      name: "failing",
      async fit() {
        fits++;
        throw new Error("out of memory");
      },
      predict: async () => [],
    });
    const result = walkForward({ series, forecasters: [failing], horizons: [1], start, end, refitEvery: 30 });
    await expect(result).rejects.toThrow("out of memory");
    expect(fits).toBe(1);
  });

  it("GIVEN concurrency 0 THEN a RangeError", async () => {
    const result = walkForward({
      series,
      forecasters: [createDriftForecaster()],
      horizons: [1],
      start,
      end,
      refitEvery: 30,
      concurrency: 0,
    });
    await expect(result).rejects.toThrow(RangeError);
  });
});
