import { join } from "node:path";
import type { Config } from "../config.js";
import { SHIPPED_ID } from "../contracts/retrain.js";
import { UserError } from "../errors.js";
import type { ModelRegistry } from "../lifecycle/model-registry.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { kindOf, type SavedKind } from "../model/saved/forecasters.js";
import { ModelLoadError, type ModelMeta, readSavedMetas, type SavedMeta } from "../model/saved/model-io.js";
import type { StatisticalMember } from "../model/saved/statistical-meta.js";
import { type RecipeReading, readRecipe } from "../model/saved/train-recipe.js";
import type { Services } from "../services.js";
import { chooseRecipe, type RecipeFlags, recipeChange, type TrainRecipe } from "./train-recipe.js";

export type TrainFlags = RecipeFlags & { kind?: string };

/** What `train` does for each timeframe, and the lines to print before it does. */
export interface TrainPlans {
  plans: Map<ModelTimeframe, StatisticalMember[] | TrainRecipe>;
  notes: string[];
}

/**
 * The meta.json `train` plans from: the registry champion's when the serving network's recipe must be read
 * (`champion`: its version id), else those of models/<tf>, the folder `train` writes (`champion` undefined).
 */
interface Reading {
  metas: SavedMeta[];
  champion: string | undefined;
}

/**
 * Every timeframe's plan first: a recipe refused for one trains none. The registry (PostgreSQL with
 * DATABASE_URL) is opened only when a network's recipe is to be repeated: a statistical refit, or a recipe
 * the flags say in full, reads models/<tf> as `train` always did. A registry that cannot be opened is said
 * once, and models/<tf>'s meta.json stands in for its champion's.
 */
export async function planTrain(
  services: Pick<Services, "modelVersions"> & { config: Pick<Config, "modelsDir"> },
  timeframes: readonly ModelTimeframe[],
  flags: TrainFlags,
): Promise<TrainPlans> {
  const notes: string[] = [];
  let registry: Promise<ModelRegistry | undefined> | undefined;
  const openRegistry = () => {
    registry ??= services.modelVersions().catch((error: unknown) => {
      const why = (error as Error).message.split("\n").map((line) => line.trim());
      notes.push(
        `The model registry cannot be opened (${why.join(" ")}): train reads how the model was made from ` +
          "models/<timeframe>/meta.json instead.",
      );
      return undefined;
    });
    return registry;
  };
  const plans = new Map<ModelTimeframe, StatisticalMember[] | TrainRecipe>();
  for (const timeframe of timeframes) {
    const folder = join(services.config.modelsDir, timeframe);
    const reading = needsServingRecipe(flags)
      ? await championMetas(await openRegistry(), timeframe, folder)
      : { metas: await folderMetas(folder), champion: undefined };
    const { plan, note } = await planTimeframe(timeframe, reading, flags);
    plans.set(timeframe, plan);
    if (note !== undefined) notes.push(note);
  }
  return { plans, notes };
}

/**
 * Whether the plan needs the serving model's recipe: the kind to train is the serving one's, or a network
 * whose recipe the flags leave a part of to the serving one (chooseRecipe).
 */
function needsServingRecipe({ kind, global, epochs, stride, market, seeds }: TrainFlags): boolean {
  if (kind === undefined) return true;
  if (kind.trim().toLowerCase() !== "network") return false;
  if (global === false) return epochs === undefined;
  return global !== true || [epochs, stride, market, seeds].some((flag) => flag === undefined);
}

/** models/<tf>'s meta.json; none when it holds no model. */
const folderMetas = (folder: string): Promise<SavedMeta[]> => readSavedMetas(folder).catch(() => []);

/** The meta.json of each part of the registry's champion (none when none is); models/<tf>'s without a registry. */
async function championMetas(
  registry: ModelRegistry | undefined,
  timeframe: ModelTimeframe,
  folder: string,
): Promise<Reading> {
  if (registry === undefined) return { metas: await folderMetas(folder), champion: undefined };
  const champion = await registry.champion(timeframe).catch((error: unknown) => {
    if (error instanceof ModelLoadError) return undefined;
    throw error;
  });
  if (champion === undefined) return { metas: [], champion: undefined };
  return { metas: await readSavedMetas(champion.dir), champion: champion.id };
}

/**
 * What `train` does for `timeframe`: the statistical members to refit, or the recipe to train a network
 * with (see chooseRecipe), and the line to print when that is not how the model it reads was made, or
 * when it does not save where that model is.
 */
async function planTimeframe(
  timeframe: ModelTimeframe,
  { metas, champion }: Reading,
  flags: TrainFlags,
): Promise<{ plan: StatisticalMember[] | TrainRecipe; note: string | undefined }> {
  const [first] = metas;
  const servingKind = first === undefined ? undefined : kindOf(first);
  const kind = await chosenKind(servingKind, flags.kind);
  const serving = servingKind?.match<{ kind: string; recipe?: RecipeReading }>({
    network: () => ({ kind: "network", recipe: readRecipe(metas as ModelMeta[]) }),
    statistical: (m) => ({ kind: m.members.join("+") }),
  });
  const read = champion === undefined ? "folder" : champion === SHIPPED_ID ? "shipped" : { champion };
  if (kind !== "network") {
    const { global, stride, market, seeds, ensembleWeights } = flags;
    if ([global, stride, market, seeds, ensembleWeights].some((flag) => flag !== undefined))
      throw new UserError(
        `--global, --stride, --market, --seeds and --ensemble-weights train a network, not ${kind.join("+")}.`,
        { code: "bad-option" },
      );
    return { plan: kind, note: recipeChange(timeframe, serving, { kind: kind.join("+") }, read) };
  }
  const recipe = chooseRecipe(timeframe, flags, serving?.recipe);
  return { plan: recipe, note: recipeChange(timeframe, serving, { kind, recipe }, read) };
}

/** The kind `--kind` names, or the serving model's kind (a network when none serves). */
async function chosenKind(
  serving: SavedKind | undefined,
  kind: string | undefined,
): Promise<StatisticalMember[] | "network"> {
  const { statisticalMembers } = await import("../model/baselines/statistical-forecaster.js");
  if (kind === undefined) {
    if (serving === undefined) return "network";
    return serving.match<StatisticalMember[] | "network">({
      network: () => "network",
      statistical: (m) => m.members,
    });
  }
  if (kind.trim().toLowerCase() === "network") return "network";
  const members = statisticalMembers(kind);
  if (members === undefined) {
    throw new UserError(
      `--kind expects network, har, garch, ewma or a combination such as har+garch+ewma, got "${kind.slice(0, 40)}".`,
      { code: "bad-option" },
    );
  }
  return members;
}
