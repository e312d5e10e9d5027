import { UserError } from "../errors.js";
import type { ModelRegistry, ModelVersionInfo } from "../lifecycle/model-registry.js";
import type { Retrainer } from "../lifecycle/retrainer.js";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { ModelLoadError } from "../model/saved/model-io.js";

/**
 * How often a kept champion is compared with the registry's. A promotion or rollback is heard at once as
 * an event (the fleet's pub/sub message from another replica); one whose message was lost (Redis away
 * while it was sent, or this replica's subscriber reconnecting) is found by the first forecast asked this
 * long after the last comparison, which then serves the new champion.
 */
export const CHAMPION_RECHECK_MS = 60_000;

/**
 * The serving model of each timeframe, asked of the registry once and kept until a promotion or rollback,
 * which also empties `caches`: what they hold was made by the model that left. A failed ask is not kept.
 * A kept champion is compared with the registry's at most every `recheckMs`.
 * @throws UserError "no-model" when no usable model exists (the admin's to fix; the message says how).
 */
export function createChampions(deps: {
  registry: Pick<ModelRegistry, "champion">;
  retrainer: Pick<Retrainer, "onChampionChange">;
  caches: { clear(): Promise<void> }[];
  logger?: Logger;
  now?: () => number;
  recheckMs?: number;
}): (timeframe: ModelTimeframe) => Promise<ModelVersionInfo> {
  const now = deps.now ?? Date.now;
  const recheckMs = deps.recheckMs ?? CHAMPION_RECHECK_MS;
  const champions = new Map<ModelTimeframe, Promise<ModelVersionInfo>>();
  const checkedAt = new Map<ModelTimeframe, number>();
  /** The last comparison's failure per timeframe, so that one outage is warned of once, not every minute. */
  const failedWith = new Map<ModelTimeframe, string>();
  const forget = async (timeframe: ModelTimeframe) => {
    champions.delete(timeframe);
    await Promise.all(deps.caches.map((cache) => cache.clear()));
  };
  // A promotion or rollback changes what serves: the next forecast asks the registry again.
  deps.retrainer.onChampionChange(forget);

  const recheck = async (timeframe: ModelTimeframe, kept: Promise<ModelVersionInfo>) => {
    const [served, registered] = await Promise.all([kept, deps.registry.champion(timeframe)]);
    if (served.id === registered.id || champions.get(timeframe) !== kept) return;
    deps.logger?.info(
      { timeframe, served: served.id, champion: registered.id },
      "the champion changed without this process hearing of it: serving the new one",
    );
    await forget(timeframe);
  };

  return async (timeframe) => {
    const kept = champions.get(timeframe);
    if (kept !== undefined && now() - (checkedAt.get(timeframe) ?? 0) >= recheckMs) {
      checkedAt.set(timeframe, now());
      // The registry unreadable for a moment: the kept champion serves on, told once per cause.
      await recheck(timeframe, kept).then(
        () => failedWith.delete(timeframe),
        (error: unknown) => {
          const cause = error instanceof Error ? error.message : String(error);
          if (failedWith.get(timeframe) === cause) return;
          failedWith.set(timeframe, cause);
          deps.logger?.warn({ err: error, timeframe }, "could not compare the champion with the registry's");
        },
      );
    }
    let found = champions.get(timeframe);
    if (found === undefined) {
      checkedAt.set(timeframe, now());
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
