import { randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { ModelLoadError, type SavedMeta } from "../model/model-io.js";
import { modelVersion } from "./model-version.js";
import {
  CHAMPION_FILE,
  checkedMeta,
  ID_PATTERN,
  LEFTOVER_PATTERN,
  newVersionId,
  nextHistory,
  type Pointer,
  PROMOTION_FILE,
  type Promotion,
  parseJson,
  pointerSchema,
  readPromotion,
  rollbackTarget,
} from "./model-version-files.js";

export { newVersionId } from "./model-version-files.js";

/** The implicit version that ships in config.modelsDir: champion until something else is promoted. */
export const SHIPPED_ID = "shipped";

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
}

export interface ModelVersionEntry extends ModelVersionInfo {
  champion: boolean;
}

/** Where the retrained versions of each timeframe live and which one serves. */
export interface ModelRegistry {
  /** The version to serve; never fails while any valid version (shipped included) exists. */
  champion(timeframe: ModelTimeframe): Promise<ModelVersionInfo>;
  /** A fresh, time-sortable id and the directory a challenger should be saved to (nothing is written). */
  stage(timeframe: ModelTimeframe): Promise<{ id: string; dir: string }>;
  /**
   * Makes a saved challenger the champion (atomic pointer switch), then prunes: it keeps the champion, the
   * `keep` newest other promoted versions and the previous champion; it deletes other promoted versions,
   * challengers that were never promoted and are older than this one, and staging leftovers of crashed
   * trainings. A challenger staged after this one may still be training and is left alone.
   */
  promote(timeframe: ModelTimeframe, id: string, reason: string): Promise<void>;
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

export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  const { shippedDir, dir, keep, logger } = options;
  const now = options.now ?? Date.now;
  const root = (tf: ModelTimeframe) => join(dir, tf);
  const versionsDir = (tf: ModelTimeframe) => join(root(tf), "versions");
  const dirOf = (tf: ModelTimeframe, id: string) =>
    id === SHIPPED_ID ? join(shippedDir, tf) : join(versionsDir(tf), id);
  const locks = new Map<ModelTimeframe, Promise<unknown>>();
  // Promote, discard and rollback of one timeframe run one at a time (within this process).
  const serial = <T>(tf: ModelTimeframe, task: () => Promise<T>): Promise<T> => {
    const run = (locks.get(tf) ?? Promise.resolve()).then(task, task);
    locks.set(
      tf,
      run.catch(() => undefined),
    );
    return run;
  };

  const readPointer = async (tf: ModelTimeframe): Promise<Pointer | null | "corrupt"> => {
    const file = join(root(tf), CHAMPION_FILE);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      // Unreadable is treated as corrupt: serving something beats failing every forecast.
      logger.warn({ timeframe: tf, file, err: error }, "champion.json unreadable: ignored");
      return "corrupt";
    }
    const parsed = pointerSchema.safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    logger.warn({ timeframe: tf, file }, "champion.json is corrupt: ignored");
    return "corrupt";
  };

  const writePointer = (tf: ModelTimeframe, pointer: Pointer) =>
    writeFileAtomic(join(root(tf), CHAMPION_FILE), `${JSON.stringify(pointer, null, 2)}\n`, { fsync: true });

  /** Promoted version ids found on disk, newest first (valid or not). */
  const promotedIds = async (tf: ModelTimeframe): Promise<string[]> => {
    const ids = (await readdir(versionsDir(tf)).catch(() => [] as string[])).filter((n) =>
      ID_PATTERN.test(n),
    );
    const marked = await Promise.all(ids.map((id) => readPromotion(dirOf(tf, id))));
    return ids.filter((_, i) => marked[i] !== null).sort((a, b) => b.localeCompare(a));
  };

  const info = async (tf: ModelTimeframe, id: string, pointer: Pointer | null): Promise<ModelVersionInfo> => {
    const versionDir = dirOf(tf, id);
    const meta = await checkedMeta(versionDir);
    const promotion = id === SHIPPED_ID ? null : await readPromotion(versionDir);
    const current = pointer?.id === id ? pointer : null;
    return {
      id,
      dir: versionDir,
      meta,
      version: modelVersion(meta),
      promotedAt: current?.promotedAt ?? promotion?.promotedAt ?? null,
      reason: current?.reason ?? promotion?.reason ?? null,
    };
  };

  const resolveChampion = async (tf: ModelTimeframe) => {
    const read = await readPointer(tf);
    const pointer = read === "corrupt" ? null : read;
    // Without a readable pointer the newest promoted version is the best guess at what last served.
    const promoted = await promotedIds(tf);
    const wanted = read === "corrupt" ? (promoted[0] ?? SHIPPED_ID) : (pointer?.id ?? SHIPPED_ID);
    const candidates = [wanted, ...promoted, SHIPPED_ID];
    const failures: string[] = [];
    for (const id of new Set(candidates)) {
      if (id !== SHIPPED_ID && !ID_PATTERN.test(id)) continue;
      try {
        const found = await info(tf, id, pointer);
        if (id !== wanted || read === "corrupt") {
          logger.warn(
            { timeframe: tf, wanted, serving: id, failures },
            "champion unusable: serving a fallback",
          );
        }
        return { champion: found, pointer };
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message}`);
      }
    }
    throw new ModelLoadError(`no usable ${tf} model: ${failures.join("; ")}`);
  };

  const listVersions = async (
    tf: ModelTimeframe,
    { champion, pointer }: Awaited<ReturnType<typeof resolveChampion>>,
  ): Promise<ModelVersionEntry[]> => {
    const entries: ModelVersionEntry[] = [];
    for (const id of [...(await promotedIds(tf)), SHIPPED_ID]) {
      try {
        entries.push({ ...(await info(tf, id, pointer)), champion: id === champion.id });
      } catch (error) {
        logger.warn({ timeframe: tf, id, err: error }, "model version unusable: not listed");
      }
    }
    return entries;
  };

  /** Removes whatever pruning says, renaming first so a half-deleted directory never looks like a version. */
  const remove = async (tf: ModelTimeframe, name: string) => {
    let path = join(versionsDir(tf), name);
    if (ID_PATTERN.test(name)) {
      const aside = `${path}.old-${randomBytes(4).toString("hex")}`;
      await rename(path, aside);
      path = aside;
    }
    await rm(path, { recursive: true, force: true });
  };

  /** Names to delete after `championId` was promoted (see promote's rule). */
  const pruneList = async (tf: ModelTimeframe, championId: string, previous: string | undefined) => {
    const names = await readdir(versionsDir(tf)).catch(() => [] as string[]);
    const promoted = await promotedIds(tf);
    const others = promoted.filter((id) => id !== championId);
    // The previous champion is the default rollback target: kept even when `keep` newer versions exist.
    const kept = new Set([championId, previous, ...others.slice(0, keep)]);
    const doomed: string[] = [];
    for (const name of names) {
      const leftover = LEFTOVER_PATTERN.exec(name)?.[1];
      if (leftover !== undefined) {
        if (leftover <= championId) doomed.push(name);
      } else if (ID_PATTERN.test(name) && !kept.has(name)) {
        // A staged challenger newer than the champion may still be training: left alone.
        if (promoted.includes(name) || name < championId) doomed.push(name);
      }
    }
    return doomed;
  };

  return {
    champion: async (tf) => (await resolveChampion(tf)).champion,

    async stage(tf) {
      await mkdir(versionsDir(tf), { recursive: true });
      for (;;) {
        const id = newVersionId(now());
        const exists = await access(dirOf(tf, id)).then(
          () => true,
          () => false,
        );
        if (!exists) return { id, dir: dirOf(tf, id) };
      }
    },

    promote: (tf, id, reason) =>
      serial(tf, async () => {
        if (!ID_PATTERN.test(id)) throw new Error(`not a staged model version id: ${id}`);
        const meta = await checkedMeta(dirOf(tf, id));
        if (meta.timeframe !== tf) throw new Error(`${tf} model ${id} holds a ${meta.timeframe} model`);
        const { champion, pointer } = await resolveChampion(tf);
        const promotedAt = now();
        if ((await readPromotion(dirOf(tf, id))) === null) {
          await writeFileAtomic(
            join(dirOf(tf, id), PROMOTION_FILE),
            `${JSON.stringify({ promotedAt, reason } satisfies Promotion)}\n`,
            { fsync: true },
          );
        }
        const doomed = await pruneList(tf, id, champion.id === id ? undefined : champion.id);
        const history = nextHistory(pointer, champion, id).filter((e) => !doomed.includes(e.id));
        await writePointer(tf, { id, promotedAt, reason, history });
        logger.info({ timeframe: tf, id, from: champion.id, reason, pruned: doomed }, "model promoted");
        for (const name of doomed) await remove(tf, name);
      }),

    discard: (tf, id) =>
      serial(tf, async () => {
        if (!ID_PATTERN.test(id)) throw new Error(`not a staged model version id: ${id}`);
        if ((await readPromotion(dirOf(tf, id))) !== null) {
          throw new Error(`${tf} model ${id} was promoted: it is a kept version, not a challenger`);
        }
        await rm(dirOf(tf, id), { recursive: true, force: true });
      }),

    async staged(tf) {
      const ids = (await readdir(versionsDir(tf)).catch(() => [] as string[])).filter((n) =>
        ID_PATTERN.test(n),
      );
      const marked = await Promise.all(ids.map((id) => readPromotion(dirOf(tf, id))));
      return ids.filter((_, i) => marked[i] === null).sort();
    },

    versions: async (tf) => listVersions(tf, await resolveChampion(tf)),

    rollback: (tf, id) =>
      serial(tf, async () => {
        const resolved = await resolveChampion(tf);
        const { champion, pointer } = resolved;
        const list = await listVersions(tf, resolved);
        const target = rollbackTarget(tf, id, list, pointer, champion.id);
        if (target.id === champion.id) return champion;
        const reason = `rollback from ${champion.id}`;
        const promotedAt = now();
        await writePointer(tf, {
          id: target.id,
          promotedAt,
          reason,
          history: nextHistory(pointer, champion, target.id),
        });
        logger.info({ timeframe: tf, id: target.id, from: champion.id }, "model rolled back");
        return { ...target, promotedAt, reason };
      }),
  };
}
