import { describe, expect, it } from "vitest";
import { networkHyper, recipeConfig } from "../../src/cli/evaluate.js";
import { chooseRecipe } from "../../src/cli/train-recipe.js";
import { UserError } from "../../src/errors.js";
import { recipeHyper } from "../../src/model/saved/train-recipe.js";

describe("the global recipe's flags: what the networks train with and what a report's config records", () => {
  it("GIVEN evaluate --anchor har --market THEN the networks' hyperparameters and the report's config record both", () => {
    const hyper = networkHyper({ anchor: "har", market: true, holdOut: "ada, link" });
    expect(hyper).toEqual({ anchor: "har", marketInputs: true, holdOut: ["ADA/USDT", "LINK/USDT"] });
    expect(recipeConfig(hyper)).toEqual({
      anchor: "har",
      marketInputs: true,
      holdOut: ["ADA/USDT", "LINK/USDT"],
    });
    expect("marketInputs" in recipeConfig(networkHyper({ anchor: "har" }))).toBe(false);
  });

  it("GIVEN --market without the HAR anchor THEN a clear answer, not a silently ignored flag", () => {
    expect(() => networkHyper({ market: true })).toThrow(UserError);
    expect(() => networkHyper({ market: true })).toThrow(/--market needs --anchor har/);
  });

  it("GIVEN --ensemble-weights THEN the hyperparameters (every member's meta.json) and the report's config record it", () => {
    const hyper = networkHyper({ anchor: "har", ensembleWeights: true });
    expect(hyper).toEqual({ anchor: "har", ensembleWeights: true });
    expect(recipeConfig(hyper)).toEqual({ anchor: "har", ensembleWeights: true });
    expect("ensembleWeights" in recipeConfig(networkHyper({ anchor: "har" }))).toBe(false);
    expect(() => networkHyper({ ensembleWeights: true })).toThrow(/--ensemble-weights needs --anchor har/);
    expect(
      recipeHyper(chooseRecipe("1d", { global: true, seeds: "2", ensembleWeights: true }, undefined)),
    ).toEqual({
      anchor: "har",
      trainStride: 4,
      ensembleWeights: true,
    });
  });

  it("GIVEN train --global THEN the HAR anchor and the timeframe's stride; --market adds the market inputs", () => {
    expect(recipeHyper(chooseRecipe("1d", { global: true }, undefined))).toEqual({
      anchor: "har",
      trainStride: 4,
    });
    expect(recipeHyper(chooseRecipe("4h", { global: true, market: true }, undefined))).toEqual({
      anchor: "har",
      trainStride: 24,
      marketInputs: true,
    });
  });
});
