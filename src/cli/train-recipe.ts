import { UserError } from "../errors.js";
import type { ModelTimeframe } from "../model/horizons.js";
import {
  defaultGlobalStride,
  type NetworkRecipe,
  type RecipeReading,
  recipeFlags,
} from "../model/saved/train-recipe.js";
import { parsePositiveInt } from "./options.js";

/** `train`'s recipe flags as commander gives them: undefined when not given (`--no-global` gives false). */
export interface RecipeFlags {
  epochs?: string | undefined;
  global?: boolean | undefined;
  stride?: string | undefined;
  market?: boolean | undefined;
  seeds?: string | undefined;
  ensembleWeights?: boolean | undefined;
}

/** What `train` trains a network with. */
export type TrainRecipe = NetworkRecipe;

/** The three-coin network with the network's defaults: what `train` trains where no network serves. */
const PLAIN: TrainRecipe = {
  global: false,
  epochs: undefined,
  stride: 1,
  market: false,
  seeds: 1,
  ensembleWeights: false,
  pooled: true,
};

/**
 * The recipe `train` trains a timeframe's network with: the serving network's (`serving`, read from its
 * meta.json; undefined when no network serves), each flag given overriding its part. Switching `--global`
 * on or off starts from that recipe's defaults instead, as the serving one's settings belong to the other.
 * The serving recipe unreadable and no `--global`/`--no-global` given: refused, naming the flags to give,
 * rather than another recipe trained in its place.
 */
export function chooseRecipe(
  timeframe: ModelTimeframe,
  flags: RecipeFlags,
  serving: RecipeReading | undefined,
): TrainRecipe {
  if (serving?.ok === false && flags.global === undefined)
    throw new UserError(
      `The ${timeframe} network serving now cannot be retrained as it was: its meta.json does not say how ` +
        `(${serving.why}). Say which recipe to train: \`--global\` with \`--epochs\`, \`--stride\`, \`--seeds\` ` +
        "(and `--market`, `--ensemble-weights`) for the global network anchored on HAR, or `--no-global` for the " +
        "three-coin network.",
      { code: "bad-option" },
    );
  if (serving?.ok && !serving.recipe.pooled && flags.global === undefined)
    throw new UserError(
      `The ${timeframe} network serving now is one network per coin, a recipe \`train\` no longer trains. ` +
        "Say which recipe to train: `--global` for the global network anchored on HAR, or `--no-global` for " +
        "the three-coin network.",
      { code: "bad-option" },
    );
  const current = serving?.ok ? serving.recipe : PLAIN;
  const global = flags.global ?? current.global;
  const base: TrainRecipe =
    global === current.global
      ? current
      : { ...PLAIN, global, stride: global ? defaultGlobalStride(timeframe) : 1 };
  if (!global && (flags.market || flags.seeds !== undefined || flags.stride !== undefined))
    throw new UserError(
      `--market, --seeds and --stride need --global${flags.global === false ? "" : " (the serving network is not global)"}.`,
      { code: "bad-option" },
    );
  const recipe: TrainRecipe = {
    global,
    epochs: flags.epochs === undefined ? base.epochs : parsePositiveInt(flags.epochs, "--epochs"),
    stride: flags.stride === undefined ? base.stride : parsePositiveInt(flags.stride, "--stride"),
    market: flags.market ?? base.market,
    seeds: flags.seeds === undefined ? base.seeds : parsePositiveInt(flags.seeds, "--seeds"),
    ensembleWeights: flags.ensembleWeights ?? (base.ensembleWeights && flags.seeds === undefined),
    pooled: true,
  };
  if (recipe.ensembleWeights && recipe.seeds < 2)
    throw new UserError("--ensemble-weights needs --global --seeds 2 or more.", { code: "bad-option" });
  return recipe;
}

/** The `train` flags of a recipe, in words for the console. */
export function describeRecipe(timeframe: ModelTimeframe, recipe: TrainRecipe): string {
  return `\`coincast train ${recipeFlags(timeframe, recipe).join(" ")}\``;
}

/**
 * Which model `train` read the recipe of: models/<tf> itself, the registry's champion when that is the
 * shipped one (models/<tf> too), or another champion (its id).
 */
export type RecipeSource = "folder" | "shipped" | { champion: string };

/**
 * The line `train` prints before it trains when the model it saves is not trained as the one it read was
 * (another recipe, or another kind), or is not saved where that one is; undefined when neither. `train`
 * writes models/<tf>, the shipped version, and never the registry: a champion retrained and promoted since
 * stays the champion, and goes on serving until `coincast model rollback --timeframe <tf> shipped`.
 */
export function recipeChange(
  timeframe: ModelTimeframe,
  serving: { kind: string; recipe?: RecipeReading | undefined } | undefined,
  training: { kind: string; recipe?: TrainRecipe | undefined },
  source: RecipeSource = "shipped",
): string | undefined {
  if (serving === undefined) return undefined;
  const what = (kind: string, recipe: TrainRecipe | undefined) =>
    recipe === undefined ? kind : `a network as ${describeRecipe(timeframe, recipe)} trains it`;
  const before = serving.recipe?.ok ? serving.recipe.recipe : undefined;
  const now = what(training.kind, training.recipe);
  const was = serving.recipe?.ok === false ? `a network (${serving.recipe.why})` : what(serving.kind, before);
  const folder = `models/${timeframe}/`;
  if (typeof source === "object") {
    const kept =
      `saves it to ${folder}, the shipped model's folder: the registry's champion is unchanged, ${source.champion} ` +
      `goes on serving (\`coincast model rollback --timeframe ${timeframe} shipped\` serves the new one).`;
    const serves = `The ${timeframe} model serving now is the registry's champion, ${source.champion}`;
    return was === now
      ? `${serves}; this run trains it again as it was made and ${kept}`
      : `${serves}, ${was}; this run trains ${now} instead and ${kept}`;
  }
  if (was === now) return undefined;
  return source === "folder"
    ? `The ${timeframe} model in ${folder} is ${was}; this run trains ${now} instead, and saves it in its place.`
    : `The ${timeframe} model serving now is ${was}; this run trains ${now} instead, and saves it in its place, ${folder}.`;
}
