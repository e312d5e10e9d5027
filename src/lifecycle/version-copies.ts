import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { META_FILE, ModelLoadError, writeDirectoryAtomic } from "../model/saved/model-io.js";
import type { SqlExecutor } from "../storage/sql-driver.js";
import { checkedMeta, ID_PATTERN, PROMOTION_FILE } from "./model-version-files.js";

/**
 * This machine's copies of versions kept in the database (model-registry-postgres.ts): the TensorFlow.js
 * loaders read folders, so a version is written from its rows into `dirOf(tf, id)` on first use, and
 * removed here once no replica's database rows hold it any more. Versions never change, so a removed
 * copy that is wanted again is simply written again.
 */
export function localCopies(options: {
  db: SqlExecutor;
  dirOf: (tf: ModelTimeframe, id: string) => string;
  versionsDir: (tf: ModelTimeframe) => string;
  logger: Logger;
}) {
  const { db, dirOf, versionsDir, logger } = options;
  const writing = new Map<string, Promise<string>>();
  /** Versions being written from the database right now (`writing` also remembers finished ones). */
  const pending = new Set<string>();
  /** The champion pointer each timeframe's copies were last swept under. */
  const sweptUnder = new Map<ModelTimeframe, string>();

  const write = async (tf: ModelTimeframe, id: string): Promise<string> => {
    const target = dirOf(tf, id);
    const present = await checkedMeta(target).then(
      () => true,
      () => false,
    );
    if (present) return target;
    const rows = await db.all<{ path: string; content: Buffer }>(
      "SELECT path, content FROM model_files WHERE timeframe = ? AND id = ?",
      [tf, id],
    );
    if (rows.length === 0) throw new ModelLoadError(`${tf} model ${id} has no files in the database`);
    await writeDirectoryAtomic(target, async (staging) => {
      for (const { path, content } of rows) {
        if (path.split("/").some((part) => part === ".." || part === "")) {
          throw new ModelLoadError(`${tf} model ${id}: file path ${path} leaves its folder`);
        }
        await mkdir(dirname(join(staging, path)), { recursive: true });
        await writeFile(join(staging, path), content);
      }
    });
    await checkedMeta(target);
    return target;
  };

  /**
   * Removes copies of versions the database no longer holds: pruned or discarded by any replica. A folder
   * newer than the newest promotion may be a challenger training here, and one being written from the
   * database is in use: both stay.
   */
  const sweep = async (tf: ModelTimeframe): Promise<void> => {
    const names = (await readdir(versionsDir(tf)).catch(() => [] as string[])).filter((n) =>
      ID_PATTERN.test(n),
    );
    if (names.length === 0) return;
    const rows = await db.all<{ id: string; promoted_at: number | null }>(
      "SELECT id, promoted_at FROM model_versions WHERE timeframe = ?",
      [tf],
    );
    const held = new Set(rows.map((r) => r.id));
    const newestPromoted = rows
      .filter((r) => r.promoted_at !== null)
      .map((r) => r.id)
      .sort()
      .at(-1);
    if (newestPromoted === undefined) return;
    const gone = names.filter((name) => !held.has(name) && name < newestPromoted);
    await forget(tf, gone);
    if (gone.length > 0)
      logger.info({ timeframe: tf, removed: gone }, "removed local copies of pruned model versions");
  };

  /** Removes the copies of `ids` here, except one being written right now. */
  const forget = async (tf: ModelTimeframe, ids: readonly string[]): Promise<void> => {
    for (const id of ids) {
      if (pending.has(`${tf}/${id}`)) continue;
      await rm(dirOf(tf, id), { recursive: true, force: true });
      writing.delete(`${tf}/${id}`);
    }
  };

  return {
    forget,
    /** Writes version `id` from the database into its folder here, once (versions never change). */
    materialize(tf: ModelTimeframe, id: string): Promise<string> {
      const key = `${tf}/${id}`;
      let done = writing.get(key);
      if (done === undefined) {
        pending.add(key);
        done = write(tf, id);
        writing.set(key, done);
        done.then(
          () => pending.delete(key),
          () => {
            pending.delete(key);
            writing.delete(key);
          },
        );
      }
      return done;
    },
    /** Sweeps once per champion switch seen by this process; a failed sweep is retried on the next look. */
    async sweepOnSwitch(tf: ModelTimeframe, pointerMark: string): Promise<void> {
      if (sweptUnder.get(tf) === pointerMark) return;
      try {
        await sweep(tf);
        sweptUnder.set(tf, pointerMark);
      } catch (error) {
        logger.warn({ timeframe: tf, err: error }, "cannot remove local copies of pruned model versions");
      }
    },
  };
}

/** Inserts the version saved in `folder` (staged, not promoted) unless the database has it already. */
export async function insertVersion(
  db: SqlExecutor,
  version: { tf: ModelTimeframe; id: string; folder: string; now: number },
): Promise<void> {
  const { tf, id, folder } = version;
  const meta = await checkedMeta(folder);
  if (meta.timeframe !== tf) throw new Error(`${tf} model ${id} holds a ${meta.timeframe} model`);
  const text = await readFile(join(folder, META_FILE), "utf8").catch(() => JSON.stringify(meta));
  const { changes } = await db.run(
    "INSERT INTO model_versions (timeframe, id, meta, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [tf, id, text, version.now],
  );
  if (changes === 0) return;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith(".") || entry.name === PROMOTION_FILE) continue;
    const full = join(entry.parentPath, entry.name);
    await db.run("INSERT INTO model_files (timeframe, id, path, content) VALUES (?, ?, ?, ?)", [
      tf,
      id,
      relative(folder, full).split(sep).join("/"),
      await readFile(full),
    ]);
  }
}
