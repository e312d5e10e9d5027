import { UserError } from "../errors.js";
import type { ModelRegistry, ModelVersionInfo } from "../lifecycle/model-registry.js";
import type { Retrainer } from "../lifecycle/retrainer.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { ModelLoadError } from "../model/saved/model-io.js";

/**
 * The serving model of each timeframe, asked of the registry once and kept until a promotion or rollback,
 * which also empties `caches`: what they hold was made by the model that left. A failed ask is not kept.
 * @throws UserError "no-model" when no usable model exists (the admin's to fix; the message says how).
 */
export function createChampions(deps: {
  registry: Pick<ModelRegistry, "champion">;
  retrainer: Pick<Retrainer, "onChampionChange">;
  caches: { clear(): Promise<void> }[];
}): (timeframe: ModelTimeframe) => Promise<ModelVersionInfo> {
  const champions = new Map<ModelTimeframe, Promise<ModelVersionInfo>>();
  // A promotion or rollback changes what serves: the next forecast asks the registry again.
  deps.retrainer.onChampionChange(async (timeframe) => {
    champions.delete(timeframe);
    await Promise.all(deps.caches.map((cache) => cache.clear()));
  });
  return (timeframe) => {
    let found = champions.get(timeframe);
    if (found === undefined) {
      found = deps.registry.champion(timeframe).catch((error: unknown) => {
        if (!(error instanceof ModelLoadError)) throw error;
        throw new UserError(`${error.message}. Run \`coincast train\` to make a ${timeframe} model.`, {
          code: "no-model",
          params: { timeframe },
          cause: error,
        });
      });
      champions.set(timeframe, found);
      found.catch(() => champions.delete(timeframe));
    }
    return found;
  };
}
