import { describe, expect, it } from "vitest";
import { networkHyper, recipeConfig } from "../../src/cli/evaluate.js";
import { trainHyper } from "../../src/cli/train.js";
import { UserError } from "../../src/errors.js";

describe("--coin-scale: the per-coin band multipliers of the HAR-anchored recipe", () => {
  it("GIVEN evaluate --anchor har --coin-scale THEN the networks' hyperparameters and the report's config record it", () => {
    const hyper = networkHyper({ anchor: "har", coinScale: true, market: true });
    expect(hyper).toEqual({ anchor: "har", coinScale: true, marketInputs: true });
    expect(recipeConfig(hyper)).toEqual({ anchor: "har", coinScale: true, marketInputs: true });
    // Off by default: no key anywhere, so a run's config is what it was before the option existed.
    const plain = networkHyper({ anchor: "har" });
    expect("coinScale" in plain).toBe(false);
    expect("coinScale" in recipeConfig(plain)).toBe(false);
  });

  it("GIVEN --coin-scale without the HAR anchor THEN a clear answer, not a silently ignored flag", () => {
    expect(() => networkHyper({ coinScale: true })).toThrow(UserError);
    expect(() => networkHyper({ coinScale: true })).toThrow(/--coin-scale needs --anchor har/);
  });

  it("GIVEN train --global --coin-scale THEN the global recipe's hyperparameters carry it; without it, none", () => {
    expect(trainHyper("1d", { global: true, coinScale: true })).toEqual({
      anchor: "har",
      trainStride: 4,
      coinScale: true,
    });
    expect(trainHyper("4h", { global: true, market: true })).toEqual({
      anchor: "har",
      trainStride: 24,
      marketInputs: true,
    });
  });
});
