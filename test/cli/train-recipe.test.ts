import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chooseRecipe, recipeChange } from "../../src/cli/train-recipe.js";
import { UserError } from "../../src/errors.js";
import { type ModelMeta, readSavedMetas } from "../../src/model/saved/model-io.js";
import { readRecipe, recipeFlags, recipeHyper } from "../../src/model/saved/train-recipe.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const MODELS = fileURLToPath(new URL("../../models/", import.meta.url));
const shipped = async (timeframe: "1d" | "4h") =>
  (await readSavedMetas(`${MODELS}${timeframe}`)) as ModelMeta[];
const recipeOf = (metas: readonly ModelMeta[]) => {
  const reading = readRecipe(metas);
  if (!reading.ok) throw new Error(reading.why);
  return reading.recipe;
};

describe("the serving network's recipe, read from its meta.json (what train, the retrain and the model card repeat)", () => {
  it("GIVEN the shipped daily ensemble THEN the global recipe: HAR anchor, every window, 2 epochs, 2 seeds", async () => {
    const metas = await shipped("1d");
    expect(recipeOf(metas)).toEqual({
      global: true,
      epochs: 2,
      stride: 1,
      market: false,
      seeds: 2,
      ensembleWeights: false,
      pooled: true,
    });
    expect(recipeHyper(recipeOf(metas))).toEqual({ epochs: 2, anchor: "har", trainStride: 1 });
  });

  it("GIVEN the shipped models THEN their flags are the command their model cards quote", async () => {
    for (const timeframe of ["1d", "4h"] as const) {
      const flags = recipeFlags(timeframe, recipeOf(await shipped(timeframe))).join(" ");
      const card = await readFile(`${MODELS}${timeframe}/MODEL_CARD.md`, "utf8");
      expect(card).toContain(`- command: \`npx coincast train ${flags}\``);
    }
    expect(recipeOf(await shipped("4h"))).toMatchObject({ stride: 2, seeds: 2, ensembleWeights: true });
  });

  it("GIVEN a three-coin network THEN the plain recipe, its epochs kept", () => {
    expect(recipeOf([handMadeMeta()])).toMatchObject({ global: false, seeds: 1, market: false });
  });

  it("GIVEN an anchored network whose hyperparameters do not record the anchor THEN no recipe is guessed", async () => {
    const [member] = await shipped("1d");
    if (member === undefined) throw new Error("no shipped model");
    const { anchor: _, ...hyperparameters } = member.hyperparameters;
    const reading = readRecipe([{ ...member, hyperparameters }]);
    expect(reading).toEqual({ ok: false, why: expect.stringMatching(/anchored on HAR.*do not record/) });
  });

  it("GIVEN ensemble members trained with different settings THEN no recipe is guessed", async () => {
    const [a, b] = await shipped("1d");
    if (a === undefined || b === undefined) throw new Error("no shipped ensemble");
    const other = { ...b, hyperparameters: { ...b.hyperparameters, trainStride: 4 } };
    expect(readRecipe([a, other])).toMatchObject({
      ok: false,
      why: expect.stringMatching(/different settings/),
    });
  });
});

describe("train's recipe: the serving one's unless a flag says otherwise", () => {
  it("GIVEN no flags on the global ensemble THEN train repeats it, and says nothing of a change", async () => {
    const serving = readRecipe(await shipped("1d"));
    const recipe = chooseRecipe("1d", {}, serving);
    expect(recipe).toMatchObject({ global: true, epochs: 2, stride: 1, seeds: 2 });
    expect(
      recipeChange("1d", { kind: "network", recipe: serving }, { kind: "network", recipe }),
    ).toBeUndefined();
  });

  it("GIVEN explicit flags THEN each overrides its part, and the console is told the recipe changes", async () => {
    const serving = readRecipe(await shipped("4h"));
    const recipe = chooseRecipe("4h", { epochs: "1", stride: "48" }, serving);
    expect(recipe).toMatchObject({ global: true, epochs: 1, stride: 48, seeds: 2, ensembleWeights: true });
    // One seed: no ensemble to weigh.
    expect(chooseRecipe("4h", { seeds: "1" }, serving)).toMatchObject({ seeds: 1, ensembleWeights: false });
    expect(recipeChange("4h", { kind: "network", recipe: serving }, { kind: "network", recipe })).toMatch(
      /--stride 2 --seeds 2 --ensemble-weights` trains it; this run trains .*--epochs 1 --stride 48 --seeds 2/,
    );
  });

  it("GIVEN --no-global on the global ensemble THEN the three-coin network with the network's defaults", async () => {
    const recipe = chooseRecipe("1d", { global: false }, readRecipe(await shipped("1d")));
    expect(recipe).toMatchObject({ global: false, epochs: undefined, seeds: 1, ensembleWeights: false });
    expect(recipeHyper(recipe)).toEqual({});
    expect(() => chooseRecipe("1d", { global: false, seeds: "2" }, undefined)).toThrow(/need --global/);
  });

  it("GIVEN a serving recipe its meta.json does not say THEN refused naming the flags, unless --global or --no-global says which", () => {
    const unreadable = {
      ok: false as const,
      why: "it is anchored on HAR but its hyperparameters do not record the anchor",
    };
    expect(() => chooseRecipe("1d", {}, unreadable)).toThrow(UserError);
    expect(() => chooseRecipe("1d", { epochs: "1" }, unreadable)).toThrow(
      /--global.*--stride.*--seeds.*--no-global/,
    );
    expect(chooseRecipe("1d", { global: true }, unreadable)).toMatchObject({
      global: true,
      stride: 4,
      seeds: 1,
    });
  });

  it("GIVEN no network serving THEN the three-coin network; a statistical one replaced by a network is said", () => {
    expect(chooseRecipe("1d", {}, undefined)).toMatchObject({ global: false, seeds: 1 });
    const recipe = chooseRecipe("1d", {}, undefined);
    expect(recipeChange("1d", { kind: "har" }, { kind: "network", recipe })).toMatch(
      /serving now is har; this run trains a network as `coincast train --timeframe 1d --kind network` trains it/,
    );
    expect(recipeChange("1d", { kind: "har" }, { kind: "har" })).toBeUndefined();
  });
});
