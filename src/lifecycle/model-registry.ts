import { join } from "node:path";
import { SHIPPED_ID } from "../contracts/retrain.js";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { ModelLoadError, type SavedMeta } from "../model/saved/model-io.js";
import { type ChampionFallback, fallbackReporter, isFallback, wantedChampion } from "./champion-fallback.js";
import { modelVersion } from "./model-version.js";
import {
  checkedMeta,
  ID_PATTERN,
  newVersionId,
  nextHistory,
  type Pointer,
  rollbackTarget,
} from "./model-version-files.js";
import type {
  ModelFiles,
  PromotedVersion,
  RegistryCapabilities,
  StagedEntry,
  VersionStore,
} from "./version-store.js";
import { fileVersionStore } from "./version-store-files.js";

export { newVersionId } from "./model-version-files.js";
export { SHIPPED_ID };

/** One servable model version. */
export interface ModelVersionInfo {
  /** SHIPPED_ID or a retrained version's id, e.g. "20260121T030000Z-a1b2" (sorts by time). */
  id: string;
  /** The saved model directory, as toSaved() writes it. */
  dir: string;
  /** meta.json of its (first) network. */
  meta: SavedMeta;
  /** modelVersion(meta): the label forecasts carry. */
  version: string;
  /** For the champion: when it became champion (rollbacks included); otherwise when it was first promoted. Null: shipped, never promoted. */
  promotedAt: number | null;
  reason: string | null;
  /** The champion only, when it is not simply what a sound pointer names: what then serves and why. */
  fallback?: ChampionFallback;
}

export interface ModelVersionEntry extends ModelVersionInfo {
  champion: boolean;
  /**
   * Marked promoted yet never the champion: its promotion stopped (a crash) after the mark and before the
   * pointer switched, so `model list` must not call it promoted. Told only while the pointer is sound.
   */
  neverServed: boolean;
}

/** Where the retrained versions of each timeframe live and which one serves. */
export interface ModelRegistry {
  /** What its store can do beyond the rules (ccxt's `has`): e.g. versions shared with workers elsewhere. */
  readonly has: RegistryCapabilities;
  /** What a queue worker needs to run a job naming a version (identity for folders on this machine). */
  readonly files: ModelFiles;
  /** The version to serve; never fails while any valid version (shipped included) exists. */
  champion(timeframe: ModelTimeframe): Promise<ModelVersionInfo>;
  /** A fresh, time-sortable id and the directory a challenger should be saved to (nothing is written). */
  stage(timeframe: ModelTimeframe): Promise<{ id: string; dir: string }>;
  /**
   * Makes a saved challenger the champion (atomic pointer switch), then prunes: it keeps the champion, the
   * `keep` newest other promoted versions and the previous champion; it deletes other promoted versions,
   * challengers that were never promoted and are older than this one, and staging leftovers of crashed
   * trainings. A challenger staged after this one may still be training and is left alone.
   * With `ifChampion`: only if that version still serves (it is what the challenger was judged against; a
   * retrain in another process may have promoted its own since); false, and nothing changed, if not.
   */
  promote(timeframe: ModelTimeframe, id: string, reason: string, ifChampion?: string): Promise<boolean>;
  /** Removes a staged challenger that lost; refuses promoted versions. */
  discard(timeframe: ModelTimeframe, id: string): Promise<void>;
  /**
   * Ids of challengers staged and never promoted, oldest first: a retrain's own challenger while it runs,
   * and those a retrain killed before it could discard them left behind.
   */
  staged(timeframe: ModelTimeframe): Promise<string[]>;
  /** Every valid promoted version, newest first, then shipped. */
  versions(timeframe: ModelTimeframe): Promise<ModelVersionEntry[]>;
  /**
   * Makes `id` (default: the champion before the current one) the champion again and returns it.
   *
   * @throws UserError listing the known ids when `id` is unknown or there is no earlier champion.
   */
  rollback(timeframe: ModelTimeframe, id?: string): Promise<ModelVersionInfo>;
}

export interface ModelRegistryOptions {
  /** config.modelsDir: the shipped models, read only. */
  shippedDir: string;
  /** `<dataDir>/models`: `<dir>/<timeframe>/versions/<id>/` and `<dir>/<timeframe>/champion.json`. */
  dir: string;
  /** Promoted versions kept besides the champion for rollback (the previous champion is always kept). */
  keep: number;
  logger: Logger;
  now?: () => number;
}

/** The registry in folders under DATA_DIR (see version-store-files.ts). */
export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  return registryOver(fileVersionStore(options), options);
}

/**
 * The registry's rules, once for every back-end (after tfjs's ModelStoreManager): which version serves
 * (the pointer's, or the last recorded switch's when the pointer is damaged; else the newest usable
 * promoted one, else shipped), what a promotion keeps, where a rollback goes. Every read falls back to the
 * next valid version rather than failing, and says so once (champion-fallback.ts).
 */
export function registryOver(
  store: VersionStore,
  options: Pick<ModelRegistryOptions, "shippedDir" | "keep" | "logger" | "now">,
): ModelRegistry {
  const { shippedDir, keep, logger } = options;
  const now = options.now ?? Date.now;
  const dirOf = (tf: ModelTimeframe, id: string) =>
    id === SHIPPED_ID ? join(shippedDir, tf) : store.dirOf(tf, id);

  const info = async (
    tf: ModelTimeframe,
    id: string,
    pointer: Pointer | null,
    promotion: PromotedVersion | undefined,
  ): Promise<ModelVersionInfo> => {
    const meta: SavedMeta =
      id === SHIPPED_ID ? await checkedMeta(dirOf(tf, id)) : await store.describe(tf, id);
    const current = pointer?.id === id ? pointer : null;
    return {
      id,
      dir: dirOf(tf, id),
      meta,
      version: modelVersion(meta),
      promotedAt: current?.promotedAt ?? promotion?.promotedAt ?? null,
      reason: current?.reason ?? promotion?.reason ?? null,
    };
  };

  const reportFallback = fallbackReporter(logger);
  const resolveChampion = async (tf: ModelTimeframe) => {
    const read = await store.pointer(tf);
    const promoted = await store.promoted(tf);
    const { pointer, fallback } = wantedChampion(read, promoted[0]?.id, SHIPPED_ID);
    for (const id of new Set([fallback.wanted, ...promoted.map((p) => p.id), SHIPPED_ID])) {
      if (id !== SHIPPED_ID && !ID_PATTERN.test(id)) continue;
      try {
        const promotion = promoted.find((p) => p.id === id);
        if (id !== SHIPPED_ID) {
          if (promotion === undefined)
            throw new ModelLoadError(`${tf} model ${id} is not a promoted version`);
          await store.localize(tf, id);
        }
        const champion = await info(tf, id, pointer, promotion);
        reportFallback(tf, id, fallback);
        return {
          champion: isFallback(id, fallback) ? { ...champion, fallback } : champion,
          pointer,
          promoted,
          sound: fallback.source === "pointer",
        };
      } catch (error) {
        fallback.failures.push(`${id}: ${(error as Error).message}`);
      }
    }
    throw new ModelLoadError(`no usable ${tf} model: ${fallback.failures.join("; ")}`);
  };

  const listVersions = async (
    tf: ModelTimeframe,
    { champion, pointer, promoted, sound }: Awaited<ReturnType<typeof resolveChampion>>,
  ): Promise<ModelVersionEntry[]> => {
    const entries: ModelVersionEntry[] = [];
    // Every switch names the new champion in the pointer and moves the old one into its history, so a
    // sound pointer knows each kept version that ever served (a damaged one may have lost its history).
    const served = new Set([champion.id, SHIPPED_ID, ...(pointer ? [pointer.id] : [])]);
    for (const entry of pointer?.history ?? []) served.add(entry.id);
    for (const id of [...promoted.map((p) => p.id), SHIPPED_ID]) {
      try {
        const promotion = promoted.find((p) => p.id === id);
        const entry = id === champion.id ? champion : await info(tf, id, pointer, promotion);
        entries.push({ ...entry, champion: id === champion.id, neverServed: sound && !served.has(id) });
      } catch (error) {
        logger.warn({ timeframe: tf, id, err: error }, "model version unusable: not listed");
      }
    }
    return entries;
  };

  return {
    has: store.has,
    files: store.files,
    champion: async (tf) => (await resolveChampion(tf)).champion,

    async stage(tf) {
      for (;;) {
        const id = newVersionId(now());
        if (await store.isFree(tf, id)) return { id, dir: store.dirOf(tf, id) };
      }
    },

    promote: (tf, id, reason, ifChampion) =>
      store.write(tf, async (w) => {
        if (!ID_PATTERN.test(id)) throw new Error(`not a staged model version id: ${id}`);
        const { champion, pointer } = await resolveChampion(tf);
        if (ifChampion !== undefined && champion.id !== ifChampion) {
          logger.warn(
            { timeframe: tf, id, judgedAgainst: ifChampion, serving: champion.id },
            "not promoted: the champion changed",
          );
          return false;
        }
        const meta = await w.savedMeta(tf, id);
        if (meta.timeframe !== tf) throw new Error(`${tf} model ${id} holds a ${meta.timeframe} model`);
        const promotedAt = now();
        // Marked before the switch: a pointer, or champions.log's record of it, must name a version that
        // can serve. A kill between leaves a mark without a switch, which `versions` tells as never served.
        await w.markPromoted(tf, id, { promotedAt, reason });
        const previous = champion.id === id ? undefined : champion.id;
        const doomed = pruneList(await w.promoted(tf), await w.staged(tf), id, previous, keep);
        const history = nextHistory(pointer, champion, id).filter((e) => !doomed.includes(e.id));
        // The pointer switches before anything is removed: a crash between leaves extra versions, never a
        // champion that is gone.
        await w.writePointer(tf, { id, promotedAt, reason, history });
        logger.info({ timeframe: tf, id, from: champion.id, reason, pruned: doomed }, "model promoted");
        await w.remove(tf, doomed);
        return true;
      }),

    discard: (tf, id) =>
      store.write(tf, async (w) => {
        if (!ID_PATTERN.test(id)) throw new Error(`not a staged model version id: ${id}`);
        if (await w.isPromoted(tf, id))
          throw new Error(`${tf} model ${id} was promoted: it is a kept version, not a challenger`);
        await w.remove(tf, [id]);
      }),

    staged: (tf) =>
      store.write(tf, async (w) => {
        const ids = (await w.staged(tf)).filter((entry) => !entry.leftover).map((entry) => entry.id);
        return [...new Set(ids)].sort();
      }),

    versions: async (tf) => listVersions(tf, await resolveChampion(tf)),

    rollback: (tf, id) =>
      store.write(tf, async (w) => {
        const resolved = await resolveChampion(tf);
        const { champion, pointer } = resolved;
        const target = rollbackTarget(tf, id, await listVersions(tf, resolved), pointer, champion.id);
        // A fallback serving is made the pointer's choice again: how an operator settles a damaged pointer.
        if (target.id === champion.id && champion.fallback === undefined) return champion;
        if (target.id !== SHIPPED_ID) await store.localize(tf, target.id);
        const reason = `rollback from ${champion.id}`;
        const promotedAt = now();
        await w.writePointer(tf, {
          id: target.id,
          promotedAt,
          reason,
          history: nextHistory(pointer, champion, target.id),
        });
        logger.info({ timeframe: tf, id: target.id, from: champion.id }, "model rolled back");
        const { champion: _, neverServed: __, ...restored } = target;
        return { ...restored, promotedAt, reason };
      }),
  };
}

/**
 * What a promotion of `championId` removes: promoted versions beyond the champion, the previous champion
 * (the default rollback target, kept even when `keep` newer ones exist) and the `keep` newest others;
 * challengers staged before the champion and never promoted (they lost, or their training crashed); and
 * leftovers of crashed writes at or before it. A challenger staged after it may still be training.
 */
export function pruneList(
  promoted: readonly PromotedVersion[],
  staged: readonly StagedEntry[],
  championId: string,
  previous: string | undefined,
  keep: number,
): string[] {
  const others = promoted.map((p) => p.id).filter((id) => id !== championId);
  const kept = new Set([championId, previous, ...others.slice(0, keep)]);
  const doomed = others.filter((id) => !kept.has(id));
  for (const entry of staged) {
    if (entry.id === championId && !entry.leftover) continue;
    if (entry.leftover ? entry.id <= championId : entry.id < championId) doomed.push(entry.name);
  }
  return doomed;
}
