import { describe, expectTypeOf, it } from "vitest";
import type { ForecastTimeframe } from "../src/contracts/forecast.js";
import type { ModelTimeframe } from "../src/model/horizons.js";

describe("the contracts on the ground floor", () => {
  it("GIVEN the model timeframes THEN a forecast's timeframe names the same ones (tsc checks this file)", () => {
    expectTypeOf<ForecastTimeframe>().toEqualTypeOf<ModelTimeframe>();
  });
});
