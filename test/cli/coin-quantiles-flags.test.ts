import { describe, expect, it } from "vitest";
import { networkHyper, recipeConfig } from "../../src/cli/evaluate.js";
import { trainHyper } from "../../src/cli/train.js";
import { UserError } from "../../src/errors.js";

describe("--coin-quantiles: each coin's own FHS start in the HAR-anchored recipe", () => {
  it("GIVEN evaluate --anchor har --coin-quantiles THEN the networks' hyperparameters and the report's config record it", () => {
    const hyper = networkHyper({ anchor: "har", coinQuantiles: true });
    expect(hyper).toEqual({ anchor: "har", coinQuantiles: true });
    expect(recipeConfig(hyper)).toEqual({ anchor: "har", coinQuantiles: true });
    // Off by default: no key anywhere, so a run's config is what it was before the option existed.
    const plain = networkHyper({ anchor: "har" });
    expect("coinQuantiles" in plain).toBe(false);
    expect("coinQuantiles" in recipeConfig(plain)).toBe(false);
  });

  it("GIVEN --coin-quantiles without the HAR anchor THEN a clear answer, not a silently ignored flag", () => {
    expect(() => networkHyper({ coinQuantiles: true })).toThrow(UserError);
    expect(() => networkHyper({ anchor: "ewma", coinQuantiles: true })).toThrow(
      /--coin-quantiles needs --anchor har/,
    );
  });

  it("GIVEN train --global --coin-quantiles THEN the global recipe's hyperparameters carry it; without it, none", () => {
    expect(trainHyper("1d", { global: true, coinQuantiles: true })).toEqual({
      anchor: "har",
      trainStride: 4,
      coinQuantiles: true,
    });
    expect("coinQuantiles" in trainHyper("4h", { global: true })).toBe(false);
  });
});
