import { describe, expect, it } from "vitest";
import { type ScorableForecast, scoreForecast, skillScore } from "../../src/forecast/track-record.js";

const forecast: ScorableForecast = {
  lastPrice: 100,
  median: 110,
  interval80: { low: 95, high: 120 },
  interval95: { low: 90, high: 130 },
};

describe("scoreForecast", () => {
  it("GIVEN last 100, median 110, 80% [95, 120] and actual 105 THEN errors 5 and 5, a hit, inside", () => {
    expect(scoreForecast(forecast, 105)).toEqual({
      absError: 5,
      naiveError: 5,
      directionHit: true,
      inside80: true,
      inside95: true,
    });
  });

  it("GIVEN an actual on an interval bound THEN it counts as inside", () => {
    expect(scoreForecast(forecast, 120)).toMatchObject({ inside80: true, inside95: true });
    expect(scoreForecast(forecast, 90)).toMatchObject({ inside80: false, inside95: true });
    expect(scoreForecast(forecast, 130.5)).toMatchObject({ inside80: false, inside95: false });
  });

  it("GIVEN a median below the last price THEN it calls down: a flat or lower close is a hit, a higher one a miss", () => {
    expect(scoreForecast({ ...forecast, median: 99 }, 100).directionHit).toBe(true);
    expect(scoreForecast({ ...forecast, median: 99 }, 98).directionHit).toBe(true);
    expect(scoreForecast({ ...forecast, median: 99 }, 101).directionHit).toBe(false);
    expect(scoreForecast(forecast, 100).directionHit).toBe(false);
  });

  it("GIVEN a median equal to the last price (P(up) 0.5) THEN it makes no call, whichever way the close went", () => {
    // Before, P(up) 0.5 was a call of "up": the served zero-drift model's hit rate was the market's up-rate.
    for (const actual of [90, 100, 110])
      expect(scoreForecast({ ...forecast, median: 100 }, actual).directionHit).toBeNull();
  });
});

describe("skillScore", () => {
  it("GIVEN MAE 3 against naive MAE 4 THEN skill is 0.25", () => {
    expect(skillScore(3, 4)).toBe(0.25);
  });

  it("GIVEN nothing scored or a naive MAE of 0 THEN skill is null", () => {
    expect(skillScore(null, null)).toBeNull();
    expect(skillScore(2, 0)).toBeNull();
  });
});
