import { describe, expect, it } from "vitest";
import { type ScorableForecast, scoreForecast, skillScore } from "../../src/forecast/track-record.js";

const forecast: ScorableForecast = {
  lastPrice: 100,
  median: 110,
  interval80: { low: 95, high: 120 },
  interval95: { low: 90, high: 130 },
  probabilityUp: 0.7,
};

describe("scoreForecast", () => {
  it("GIVEN last 100, median 110, 80% [95, 120], P(up) 0.7 and actual 105 THEN errors 5 and 5, a hit, inside", () => {
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

  it("GIVEN an actual equal to the last price THEN it is not up: a miss for P(up) 0.5, a hit for 0.49", () => {
    expect(scoreForecast({ ...forecast, probabilityUp: 0.5 }, 100).directionHit).toBe(false);
    expect(scoreForecast({ ...forecast, probabilityUp: 0.49 }, 100).directionHit).toBe(true);
    expect(scoreForecast({ ...forecast, probabilityUp: 0.49 }, 99).directionHit).toBe(true);
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
