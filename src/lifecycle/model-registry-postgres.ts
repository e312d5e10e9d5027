import { access, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type pg from "pg";
import type { ModelTimeframe } from "../model/horizons.js";
import { META_FILE, ModelLoadError, type SavedMeta, writeDirectoryAtomic } from "../model/model-io.js";
import { migrate } from "../storage/postgres.js";
import {
  type ModelRegistry,
  type ModelRegistryOptions,
  type ModelVersionEntry,
  type ModelVersionInfo,
  SHIPPED_ID,
} from "./model-registry.js";
import { modelVersion } from "./model-version.js";
import {
  checkedMeta,
  ID_PATTERN,
  newVersionId,
  nextHistory,
  type Pointer,
  PROMOTION_FILE,
  parseJson,
  pointerSchema,
  rollbackTarget,
  versionOfDir,
} from "./model-version-files.js";

/**
 * The registry's PostgreSQL schema. A version's files (model.json, weights.bin, meta.json; one folder per
 * symbol for a per-symbol model) are ~60 kB, so they live in the database as BYTEA rows: a worker on
 * another machine needs no shared volume. A version row with promoted_at NULL is a staged challenger.
 */
export const MODEL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE model_versions (
     timeframe TEXT NOT NULL,
     id TEXT NOT NULL,
     meta TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     promoted_at BIGINT,
     reason TEXT,
     PRIMARY KEY (timeframe, id)
   );
   CREATE TABLE model_files (
     timeframe TEXT NOT NULL,
     id TEXT NOT NULL,
     path TEXT NOT NULL,
     content BYTEA NOT NULL,
     PRIMARY KEY (timeframe, id, path),
     FOREIGN KEY (timeframe, id) REFERENCES model_versions (timeframe, id) ON DELETE CASCADE
   );
   CREATE TABLE model_champions (
     timeframe TEXT PRIMARY KEY,
     id TEXT NOT NULL,
     promoted_at BIGINT NOT NULL,
     reason TEXT NOT NULL,
     history TEXT NOT NULL
   );`,
];

/** What a queue worker needs of the registry to run a job named by a bot on another machine. */
export interface ModelStore {
  /**
   * The folder on this machine that holds the model a job names by `dir` (a folder on the asking machine):
   * a version folder (`.../<timeframe>/versions/<id>`) is written from the database on first use; any
   * other folder (the shipped models) is taken as it is.
   */
  localize(dir: string): Promise<string>;
  /** Stores a challenger trained on this machine in `dir` as a staged (not promoted) version. */
  upload(dir: string): Promise<void>;
  /** The folder on this machine for the version folder `dir` names (where a challenger is trained). */
  localPath(dir: string): string;
}

export interface PostgresModelRegistry extends ModelRegistry, ModelStore {}

interface ChampionRow {
  id: string;
  promoted_at: number;
  reason: string;
  history: string;
}

interface VersionRow {
  id: string;
  meta: string;
  promoted_at: number | null;
  reason: string | null;
}

/**
 * The model registry in PostgreSQL (DATABASE_URL): the same contract as the file registry
 * (model-registry.ts), shared by every replica and worker. The champion pointer is one row per timeframe,
 * switched with the version's promotion mark and the pruning in one transaction under an advisory lock, so
 * every process reads either the old champion or the new one. Versions are written to `dir` (the same
 * `<timeframe>/versions/<id>` layout) when first served here; the TensorFlow.js loaders read folders.
 */
export async function openPostgresModelRegistry(
  options: ModelRegistryOptions & { db: pg.Pool },
): Promise<PostgresModelRegistry> {
  const { db, shippedDir, dir, keep, logger } = options;
  const now = options.now ?? Date.now;
  await migrate(db, "models", MODEL_MIGRATIONS);
  const dirOf = (tf: ModelTimeframe, id: string) =>
    id === SHIPPED_ID ? join(shippedDir, tf) : join(dir, tf, "versions", id);
  const writing = new Map<string, Promise<string>>();
  /** Versions being written from the database right now (`writing` also remembers finished ones). */
  const pending = new Set<string>();

  const transaction = async <T>(tf: ModelTimeframe, task: (client: pg.PoolClient) => Promise<T>) => {
    const client = await db.connect();
    try {
      await client.query("BEGIN");
      // Promote, discard and rollback of one timeframe run one at a time across the fleet.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`coincast_models:${tf}`]);
      const value = await task(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const readPointer = async (q: pg.Pool | pg.PoolClient, tf: ModelTimeframe): Promise<Pointer | null> => {
    const { rows } = await q.query<ChampionRow>(
      "SELECT id, promoted_at, reason, history FROM model_champions WHERE timeframe = $1",
      [tf],
    );
    const row = rows[0];
    if (row === undefined) return null;
    const parsed = pointerSchema.safeParse({
      id: row.id,
      promotedAt: row.promoted_at,
      reason: row.reason,
      history: parseJson(row.history),
    });
    if (parsed.success) return parsed.data;
    logger.warn({ timeframe: tf }, "the champion row's history is corrupt: ignored");
    return { id: row.id, promotedAt: row.promoted_at, reason: row.reason, history: [] };
  };

  const promotedRows = async (q: pg.Pool | pg.PoolClient, tf: ModelTimeframe): Promise<VersionRow[]> =>
    (
      await q.query<VersionRow>(
        `SELECT id, meta, promoted_at, reason FROM model_versions
         WHERE timeframe = $1 AND promoted_at IS NOT NULL ORDER BY id DESC`,
        [tf],
      )
    ).rows;

  const shipped = async (tf: ModelTimeframe): Promise<ModelVersionInfo> => {
    const meta = await checkedMeta(dirOf(tf, SHIPPED_ID));
    return {
      id: SHIPPED_ID,
      dir: dirOf(tf, SHIPPED_ID),
      meta,
      version: modelVersion(meta),
      promotedAt: null,
      reason: null,
    };
  };

  const infoOf = (tf: ModelTimeframe, row: VersionRow, pointer: Pointer | null): ModelVersionInfo => {
    const meta = parseJson(row.meta) as SavedMeta;
    const current = pointer?.id === row.id ? pointer : null;
    return {
      id: row.id,
      dir: dirOf(tf, row.id),
      meta,
      version: modelVersion(meta),
      promotedAt: current?.promotedAt ?? row.promoted_at,
      reason: current?.reason ?? row.reason,
    };
  };

  /** Writes version `id` from the database into its folder here, once (versions never change). */
  const materialize = (tf: ModelTimeframe, id: string): Promise<string> => {
    const target = dirOf(tf, id);
    const key = `${tf}/${id}`;
    let done = writing.get(key);
    if (done === undefined) {
      pending.add(key);
      done = (async () => {
        const present = await checkedMeta(target).then(
          () => true,
          () => false,
        );
        if (present) return target;
        const { rows } = await db.query<{ path: string; content: Buffer }>(
          "SELECT path, content FROM model_files WHERE timeframe = $1 AND id = $2",
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
      })();
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
  };

  /** Inserts the version saved in `folder` (staged, not promoted) unless the database has it already. */
  const insertVersion = async (client: pg.PoolClient, tf: ModelTimeframe, id: string, folder: string) => {
    const meta = await checkedMeta(folder);
    if (meta.timeframe !== tf) throw new Error(`${tf} model ${id} holds a ${meta.timeframe} model`);
    const inserted = await client.query(
      `INSERT INTO model_versions (timeframe, id, meta, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [tf, id, await readFile(join(folder, META_FILE), "utf8").catch(() => JSON.stringify(meta)), now()],
    );
    if (inserted.rowCount === 0) return;
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith(".") || entry.name === PROMOTION_FILE) continue;
      const full = join(entry.parentPath, entry.name);
      await client.query("INSERT INTO model_files (timeframe, id, path, content) VALUES ($1, $2, $3, $4)", [
        tf,
        id,
        relative(folder, full).split(sep).join("/"),
        await readFile(full),
      ]);
    }
  };

  /** The champion pointer each timeframe's local copies were last swept under (see sweepLocal). */
  const sweptUnder = new Map<ModelTimeframe, string>();

  /**
   * Removes this machine's copies of versions the database no longer holds: pruned or discarded by any
   * replica. A folder newer than the newest promotion may be a challenger training here, and one being
   * written from the database is in use: both stay. Versions never change, so a removed copy that is
   * wanted again is simply written again.
   */
  const sweepLocal = async (tf: ModelTimeframe): Promise<void> => {
    const names = (await readdir(join(dir, tf, "versions")).catch(() => [] as string[])).filter((name) =>
      ID_PATTERN.test(name),
    );
    if (names.length === 0) return;
    const { rows } = await db.query<{ id: string; promoted_at: number | null }>(
      "SELECT id, promoted_at FROM model_versions WHERE timeframe = $1",
      [tf],
    );
    const held = new Set(rows.map((r) => r.id));
    const newestPromoted = rows
      .filter((r) => r.promoted_at !== null)
      .map((r) => r.id)
      .sort()
      .at(-1);
    if (newestPromoted === undefined) return;
    const gone = names.filter(
      (name) => !held.has(name) && name < newestPromoted && !pending.has(`${tf}/${name}`),
    );
    for (const name of gone) {
      await rm(dirOf(tf, name), { recursive: true, force: true });
      writing.delete(`${tf}/${name}`);
    }
    if (gone.length > 0)
      logger.info({ timeframe: tf, removed: gone }, "removed local copies of pruned model versions");
  };

  /** Sweeps once per champion switch seen by this process; a failed sweep is retried on the next look. */
  const sweepOnSwitch = async (tf: ModelTimeframe, pointer: Pointer | null): Promise<void> => {
    const mark = `${pointer?.id ?? SHIPPED_ID}@${pointer?.promotedAt ?? 0}`;
    if (sweptUnder.get(tf) === mark) return;
    try {
      await sweepLocal(tf);
      sweptUnder.set(tf, mark);
    } catch (error) {
      logger.warn({ timeframe: tf, err: error }, "cannot remove local copies of pruned model versions");
    }
  };

  const resolveChampion = async (tf: ModelTimeframe) => {
    const pointer = await readPointer(db, tf);
    await sweepOnSwitch(tf, pointer);
    const promoted = await promotedRows(db, tf);
    const wanted = pointer?.id ?? SHIPPED_ID;
    const failures: string[] = [];
    for (const id of new Set([wanted, ...promoted.map((r) => r.id), SHIPPED_ID])) {
      try {
        let found: ModelVersionInfo;
        if (id === SHIPPED_ID) found = await shipped(tf);
        else {
          const row = promoted.find((r) => r.id === id);
          if (row === undefined) throw new ModelLoadError(`${tf} model ${id} is not in the database`);
          await materialize(tf, id);
          found = infoOf(tf, row, pointer);
        }
        if (id !== wanted)
          logger.warn(
            { timeframe: tf, wanted, serving: id, failures },
            "champion unusable: serving a fallback",
          );
        return { champion: found, pointer, promoted };
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message}`);
      }
    }
    throw new ModelLoadError(`no usable ${tf} model: ${failures.join("; ")}`);
  };

  const listVersions = async (tf: ModelTimeframe, championId: string, pointer: Pointer | null) => {
    const entries: ModelVersionEntry[] = [];
    for (const row of await promotedRows(db, tf)) {
      try {
        entries.push({ ...infoOf(tf, row, pointer), champion: row.id === championId });
      } catch (error) {
        logger.warn({ timeframe: tf, id: row.id, err: error }, "model version unusable: not listed");
      }
    }
    try {
      entries.push({ ...(await shipped(tf)), champion: championId === SHIPPED_ID });
    } catch (error) {
      logger.warn({ timeframe: tf, err: error }, "the shipped model is unusable: not listed");
    }
    return entries;
  };

  const switchChampion = async (
    client: pg.PoolClient,
    tf: ModelTimeframe,
    next: { id: string; promotedAt: number; reason: string; history: Pointer["history"] },
  ) => {
    await client.query(
      `INSERT INTO model_champions (timeframe, id, promoted_at, reason, history) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (timeframe) DO UPDATE SET id = $2, promoted_at = $3, reason = $4, history = $5`,
      [tf, next.id, next.promotedAt, next.reason, JSON.stringify(next.history)],
    );
  };

  const localFolder = async (folder: string) =>
    access(join(folder, META_FILE)).then(
      () => true,
      async () => (await readdir(folder).catch(() => [])).length > 0,
    );

  return {
    champion: async (tf) => (await resolveChampion(tf)).champion,

    async stage(tf) {
      for (;;) {
        const id = newVersionId(now());
        const { rowCount } = await db.query("SELECT 1 FROM model_versions WHERE timeframe = $1 AND id = $2", [
          tf,
          id,
        ]);
        if (rowCount === 0 && !(await localFolder(dirOf(tf, id)))) {
          await mkdir(dirname(dirOf(tf, id)), { recursive: true });
          return { id, dir: dirOf(tf, id) };
        }
      }
    },

    promote: (tf, id, reason) =>
      transaction(tf, async (client) => {
        if (!ID_PATTERN.test(id)) throw new Error(`not a staged model version id: ${id}`);
        const pointer = await readPointer(client, tf);
        const before = (await promotedRows(client, tf)).map((r) => r.id);
        // Trained here, or on a worker that uploaded it (see upload): either way one row.
        if (await localFolder(dirOf(tf, id))) await insertVersion(client, tf, id, dirOf(tf, id));
        const { rows } = await client.query<{ meta: string }>(
          "SELECT meta FROM model_versions WHERE timeframe = $1 AND id = $2",
          [tf, id],
        );
        if (rows[0] === undefined) throw new ModelLoadError(`${tf} model ${id} was never saved`);
        const promotedAt = now();
        await client.query(
          `UPDATE model_versions SET promoted_at = $3, reason = $4
           WHERE timeframe = $1 AND id = $2 AND promoted_at IS NULL`,
          [tf, id, promotedAt, reason],
        );
        const previous = pointer?.id ?? SHIPPED_ID;
        const outgoing = { id: previous, promotedAt: pointer?.promotedAt ?? null };
        const others = before.filter((v) => v !== id);
        const kept = new Set([id, previous, ...others.slice(0, keep)]);
        const doomed = others.filter((v) => !kept.has(v));
        // Challengers staged before this one and never promoted lost or crashed; newer ones may be training.
        const { rows: stale } = await client.query<{ id: string }>(
          `DELETE FROM model_versions WHERE timeframe = $1 AND promoted_at IS NULL AND id < $2 RETURNING id`,
          [tf, id],
        );
        if (doomed.length > 0)
          await client.query("DELETE FROM model_versions WHERE timeframe = $1 AND id = ANY($2)", [
            tf,
            doomed,
          ]);
        const history = nextHistory(pointer, outgoing, id).filter((e) => !doomed.includes(e.id));
        await switchChampion(client, tf, { id, promotedAt, reason, history });
        logger.info(
          { timeframe: tf, id, from: previous, reason, pruned: [...doomed, ...stale.map((r) => r.id)] },
          "model promoted",
        );
      }),

    discard: (tf, id) =>
      transaction(tf, async (client) => {
        if (!ID_PATTERN.test(id)) throw new Error(`not a staged model version id: ${id}`);
        const { rows } = await client.query<{ promoted_at: number | null }>(
          "SELECT promoted_at FROM model_versions WHERE timeframe = $1 AND id = $2",
          [tf, id],
        );
        if (rows[0] !== undefined && rows[0].promoted_at !== null) {
          throw new Error(`${tf} model ${id} was promoted: it is a kept version, not a challenger`);
        }
        await client.query("DELETE FROM model_versions WHERE timeframe = $1 AND id = $2", [tf, id]);
        await rm(dirOf(tf, id), { recursive: true, force: true });
      }),

    async staged(tf) {
      // Rows uploaded by a worker and never promoted, and folders trained here that never became rows.
      const { rows } = await db.query<{ id: string; promoted_at: number | null }>(
        "SELECT id, promoted_at FROM model_versions WHERE timeframe = $1",
        [tf],
      );
      const promoted = new Set(rows.filter((r) => r.promoted_at !== null).map((r) => r.id));
      const local = (await readdir(join(dir, tf, "versions")).catch(() => [] as string[])).filter((name) =>
        ID_PATTERN.test(name),
      );
      const ids = [...rows.map((r) => r.id), ...local].filter((id) => !promoted.has(id));
      return [...new Set(ids)].sort();
    },

    async versions(tf) {
      const { champion, pointer } = await resolveChampion(tf);
      return listVersions(tf, champion.id, pointer);
    },

    rollback: (tf, id) =>
      transaction(tf, async (client) => {
        const pointer = await readPointer(client, tf);
        const championId = pointer?.id ?? SHIPPED_ID;
        const list = await listVersions(tf, championId, pointer);
        const target = rollbackTarget(tf, id, list, pointer, championId);
        if (target.id === championId) return target;
        if (target.id !== SHIPPED_ID) await materialize(tf, target.id);
        const reason = `rollback from ${championId}`;
        const promotedAt = now();
        const outgoing = { id: championId, promotedAt: pointer?.promotedAt ?? null };
        await switchChampion(client, tf, {
          id: target.id,
          promotedAt,
          reason,
          history: nextHistory(pointer, outgoing, target.id),
        });
        logger.info({ timeframe: tf, id: target.id, from: championId }, "model rolled back");
        const { champion: _, ...info } = target;
        return { ...info, promotedAt, reason };
      }),

    async localize(folder) {
      const version = versionOfDir(folder);
      return version === undefined ? folder : materialize(version.timeframe, version.id);
    },

    localPath(folder) {
      const version = versionOfDir(folder);
      return version === undefined ? folder : dirOf(version.timeframe, version.id);
    },

    async upload(folder) {
      const version = versionOfDir(folder);
      if (version === undefined) throw new Error(`${folder} is not a model version folder`);
      const local = dirOf(version.timeframe, version.id);
      await transaction(version.timeframe, (client) =>
        insertVersion(client, version.timeframe, version.id, local),
      );
    },
  };
}
