import type { Hyperparameters } from "../networks/architectures.js";
import type { ModelMeta } from "./model-io.js";

/**
 * How a saved network was trained, in `coincast train`'s terms: what a retrain repeats to give the same model
 * again. Read from the serving model's meta.json by readRecipe, the one place that does: `coincast train`
 * takes it as its defaults, the retrain's challenger (scheduled, /retrain, `coincast retrain`) its members,
 * and the model card its command line.
 */
export interface NetworkRecipe {
  /** One global network anchored on HAR, trained on SYMBOLS and the corpus; false: the three-coin network. */
  global: boolean;
  /** The epoch cap it trained with (undefined: the network's default, for a recipe no model made yet). */
  epochs: number | undefined;
  /** With `global`: every n-th window of each coin. */
  stride: number;
  /** With `global`: it reads the market-wide inputs. */
  market: boolean;
  /** Networks of a seed ensemble (1: a single network). */
  seeds: number;
  /** With `seeds` 2 or more: one anchor weight per horizon for the whole ensemble. */
  ensembleWeights: boolean;
  /** False: one network per coin (before issue 27), which the challenger repeats and `train` no longer trains. */
  pooled: boolean;
}

/** The recipe, or why the meta.json cannot say it (in words naming what is missing). */
export type RecipeReading = { ok: true; recipe: NetworkRecipe } | { ok: false; why: string };

/** Every n-th training window of each coin a global network trains on unless `--stride` says otherwise. */
export function defaultGlobalStride(timeframe: string): number {
  return timeframe === "1d" ? 4 : 24;
}

const recipeKey = (r: NetworkRecipe) =>
  JSON.stringify([r.global, r.epochs, r.stride, r.market, r.ensembleWeights, r.pooled]);

/**
 * The recipe of the network whose members' meta.json are `metas` (a seed ensemble: one per member). A field
 * the recipe needs and the meta.json lacks is not guessed: the answer says what is missing instead.
 */
export function readRecipe(metas: readonly ModelMeta[]): RecipeReading {
  const [first] = metas;
  if (first === undefined) return { ok: false, why: "no meta.json to read it from" };
  const recipes = metas.map(memberRecipe);
  const missing = recipes.find((r) => !r.ok);
  if (missing !== undefined) return missing;
  const [recipe, ...others] = recipes.map((r) => (r as { recipe: NetworkRecipe }).recipe);
  if (recipe === undefined) return { ok: false, why: "no meta.json to read it from" };
  if (others.some((r) => recipeKey(r) !== recipeKey(recipe)))
    return { ok: false, why: "its seed-ensemble members were trained with different settings" };
  // A pooled model's parts are its seed ensemble's members; a per-coin model's, its coins' networks.
  return { ok: true, recipe: { ...recipe, seeds: first.pooled ? metas.length : 1 } };
}

function memberRecipe(meta: ModelMeta): RecipeReading {
  const h = meta.hyperparameters;
  const anchored = meta.anchor !== undefined || meta.targetScaling === "har";
  if (anchored && h.anchor !== "har")
    return { ok: false, why: "it is anchored on HAR but its hyperparameters do not record the anchor" };
  if (h.holdOut !== undefined && h.holdOut.length > 0)
    return { ok: false, why: `it held ${h.holdOut.join(", ")} out of training, which \`train\` does not do` };
  const global = h.anchor === "har";
  return {
    ok: true,
    recipe: {
      global,
      epochs: h.epochs,
      // Not recorded: the anchored fit's own default, every window (fit-anchored.ts).
      stride: global ? (h.trainStride ?? 1) : 1,
      market: h.marketInputs === true,
      seeds: 1,
      ensembleWeights: h.ensembleWeights === true,
      pooled: meta.pooled,
    },
  };
}

/** The `coincast train` flags that train `recipe` (as a model card's command line quotes them). */
export function recipeFlags(timeframe: string, recipe: NetworkRecipe): string[] {
  const flags = [`--timeframe ${timeframe}`, "--kind network"];
  if (recipe.global) flags.push("--global");
  if (recipe.epochs !== undefined) flags.push(`--epochs ${recipe.epochs}`);
  if (recipe.global && recipe.stride !== defaultGlobalStride(timeframe))
    flags.push(`--stride ${recipe.stride}`);
  if (recipe.market) flags.push("--market");
  if (recipe.seeds > 1) flags.push(`--seeds ${recipe.seeds}`);
  if (recipe.ensembleWeights) flags.push("--ensemble-weights");
  return flags;
}

/** The network's hyperparameters for `recipe` beside the defaults (the global recipe: HAR anchor, stride...). */
export function recipeHyper(recipe: NetworkRecipe): Partial<Hyperparameters> {
  return {
    ...(recipe.epochs === undefined ? {} : { epochs: recipe.epochs }),
    ...(recipe.global ? { anchor: "har" as const, trainStride: recipe.stride } : {}),
    ...(recipe.market ? { marketInputs: true } : {}),
    ...(recipe.ensembleWeights ? { ensembleWeights: true } : {}),
  };
}
