import { access, mkdir, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type pg from "pg";
import type { ModelTimeframe } from "../model/horizons.js";
import { META_FILE, ModelLoadError, type SavedMeta } from "../model/saved/model-io.js";
import { postgresDriver } from "../storage/postgres-driver.js";
import type { SqlDriver, SqlExecutor } from "../storage/sql-driver.js";
import { type ModelRegistry, type ModelRegistryOptions, registryOver, SHIPPED_ID } from "./model-registry.js";
import { ID_PATTERN, type Pointer, parseJson, pointerSchema, versionOfDir } from "./model-version-files.js";
import { insertVersion, localCopies } from "./version-copies.js";
import type {
  CorruptPointer,
  ModelFiles,
  PromotedVersion,
  VersionStore,
  VersionWriter,
} from "./version-store.js";

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

/** What a queue worker needs of the registry (see ModelFiles); the name callers import. */
export type ModelStore = ModelFiles;

export interface PostgresModelRegistry extends ModelRegistry, ModelStore {}

/**
 * The model registry in PostgreSQL (DATABASE_URL): the same rules as the file registry (registryOver in
 * model-registry.ts), shared by every replica and worker. The champion pointer is one row per timeframe,
 * switched with the version's promotion mark and the pruning in one transaction under an advisory lock, so
 * every process reads either the old champion or the new one. Versions are written to `dir` (the same
 * `<timeframe>/versions/<id>` layout) when first served here; the TensorFlow.js loaders read folders.
 */
export async function openPostgresModelRegistry(
  options: ModelRegistryOptions & { db: pg.Pool },
): Promise<PostgresModelRegistry> {
  const store = await postgresVersionStore({ ...options, driver: postgresDriver(options.db) });
  return { ...registryOver(store, options), ...store.files };
}

interface ChampionRow {
  id: string;
  promoted_at: number;
  reason: string;
  history: string;
}

/** Versions as rows (model_versions, model_files, model_champions), with copies in folders here. */
export async function postgresVersionStore(
  options: Pick<ModelRegistryOptions, "dir" | "logger" | "now"> & { driver: SqlDriver },
): Promise<VersionStore> {
  const { driver, dir, logger } = options;
  const now = options.now ?? Date.now;
  await driver.migrate("models", () => MODEL_MIGRATIONS);
  const versionsDir = (tf: ModelTimeframe) => join(dir, tf, "versions");
  const dirOf = (tf: ModelTimeframe, id: string) => join(versionsDir(tf), id);
  const copies = localCopies({ db: driver, dirOf, versionsDir, logger });
  const localFolder = async (folder: string) =>
    access(join(folder, META_FILE)).then(
      () => true,
      async () => (await readdir(folder).catch(() => [])).length > 0,
    );
  const localIds = async (tf: ModelTimeframe) =>
    (await readdir(versionsDir(tf)).catch(() => [] as string[])).filter((name) => ID_PATTERN.test(name));
  // Promote, discard, rollback and upload of one timeframe run one at a time across the fleet.
  const locked = <T>(tf: ModelTimeframe, task: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
    driver.transaction(async (tx) => {
      await tx.lock(`coincast_models:${tf}`);
      return task(tx);
    });

  return {
    has: { sharedVersions: true },
    files: {
      async localize(folder) {
        const version = versionOfDir(folder);
        return version === undefined ? folder : copies.materialize(version.timeframe, version.id);
      },
      localPath(folder) {
        const version = versionOfDir(folder);
        return version === undefined ? folder : dirOf(version.timeframe, version.id);
      },
      async upload(folder) {
        const version = versionOfDir(folder);
        if (version === undefined) throw new Error(`${folder} is not a model version folder`);
        const { timeframe: tf, id } = version;
        await locked(tf, (tx) => insertVersion(tx, { tf, id, folder: dirOf(tf, id), now: now() }));
      },
    },
    dirOf,
    async pointer(tf) {
      const pointer = await readPointer(driver, tf);
      const switched = pointer !== null && "corrupt" in pointer ? pointer.recovered : pointer;
      await copies.sweepOnSwitch(tf, `${switched?.id ?? SHIPPED_ID}@${switched?.promotedAt ?? 0}`);
      return pointer;
    },
    promoted: (tf) => promotedRows(driver, tf),
    async describe(tf, id) {
      const row = await driver.get<{ meta: string }>(
        "SELECT meta FROM model_versions WHERE timeframe = ? AND id = ?",
        [tf, id],
      );
      if (row === undefined) throw new ModelLoadError(`${tf} model ${id} is not in the database`);
      return parseJson(row.meta) as SavedMeta;
    },
    localize: async (tf, id) => {
      await copies.materialize(tf, id);
    },
    async isFree(tf, id) {
      const row = await driver.get("SELECT 1 FROM model_versions WHERE timeframe = ? AND id = ?", [tf, id]);
      if (row !== undefined || (await localFolder(dirOf(tf, id)))) return false;
      await mkdir(dirname(dirOf(tf, id)), { recursive: true });
      return true;
    },
    write: (tf, task) =>
      locked(tf, (tx) => task(rowWriter(tx, { dirOf, localFolder, forget: copies.forget, localIds, now }))),
  };
}

/** The writes of one transaction (see VersionWriter). */
function rowWriter(
  tx: SqlExecutor,
  here: {
    dirOf: (tf: ModelTimeframe, id: string) => string;
    localFolder: (folder: string) => Promise<boolean>;
    forget: (tf: ModelTimeframe, ids: readonly string[]) => Promise<void>;
    localIds: (tf: ModelTimeframe) => Promise<string[]>;
    now: () => number;
  },
): VersionWriter {
  return {
    promoted: (tf) => promotedRows(tx, tf),
    async staged(tf) {
      // Rows a worker uploaded and never promoted, and folders trained here that never became rows.
      const rows = await tx.all<{ id: string; promoted_at: number | null }>(
        "SELECT id, promoted_at FROM model_versions WHERE timeframe = ?",
        [tf],
      );
      const promoted = new Set(rows.filter((r) => r.promoted_at !== null).map((r) => r.id));
      const ids = new Set([...rows.map((r) => r.id), ...(await here.localIds(tf))]);
      return [...ids].filter((id) => !promoted.has(id)).map((id) => ({ name: id, id, leftover: false }));
    },
    async savedMeta(tf, id) {
      // Trained here, or on a worker that uploaded it (see upload): either way one row.
      const folder = here.dirOf(tf, id);
      if (await here.localFolder(folder)) await insertVersion(tx, { tf, id, folder, now: here.now() });
      const row = await tx.get<{ meta: string }>(
        "SELECT meta FROM model_versions WHERE timeframe = ? AND id = ?",
        [tf, id],
      );
      if (row === undefined) throw new ModelLoadError(`${tf} model ${id} was never saved`);
      return parseJson(row.meta) as SavedMeta;
    },
    async isPromoted(tf, id) {
      const row = await tx.get<{ promoted_at: number | null }>(
        "SELECT promoted_at FROM model_versions WHERE timeframe = ? AND id = ?",
        [tf, id],
      );
      return row !== undefined && row.promoted_at !== null;
    },
    async markPromoted(tf, id, { promotedAt, reason }) {
      await tx.run(
        `UPDATE model_versions SET promoted_at = ?, reason = ?
         WHERE timeframe = ? AND id = ? AND promoted_at IS NULL`,
        [promotedAt, reason, tf, id],
      );
    },
    async writePointer(tf, pointer) {
      await tx.run(
        `INSERT INTO model_champions (timeframe, id, promoted_at, reason, history) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (timeframe) DO UPDATE SET id = excluded.id, promoted_at = excluded.promoted_at,
           reason = excluded.reason, history = excluded.history`,
        [tf, pointer.id, pointer.promotedAt, pointer.reason, JSON.stringify(pointer.history)],
      );
    },
    async remove(tf, ids) {
      if (ids.length === 0) return;
      await tx.run(
        `DELETE FROM model_versions WHERE timeframe = ? AND id IN (${ids.map(() => "?").join(", ")})`,
        [tf, ...ids],
      );
      await here.forget(tf, ids);
    },
  };
}

async function readPointer(db: SqlExecutor, tf: ModelTimeframe): Promise<Pointer | null | CorruptPointer> {
  const row = await db.get<ChampionRow>(
    "SELECT id, promoted_at, reason, history FROM model_champions WHERE timeframe = ?",
    [tf],
  );
  if (row === undefined) return null;
  const parsed = pointerSchema.safeParse({
    id: row.id,
    promotedAt: row.promoted_at,
    reason: row.reason,
    // Text that is no JSON at all is as damaged as JSON of the wrong shape (not an absent history).
    history: parseJson(row.history) ?? null,
  });
  if (parsed.success) return parsed.data;
  // The row's id still says what serves; the rollback history is lost (told once by the rules, not here).
  return {
    corrupt: "the champion row's history is not readable",
    recovered: { id: row.id, promotedAt: row.promoted_at, reason: row.reason, history: [] },
  };
}

async function promotedRows(db: SqlExecutor, tf: ModelTimeframe): Promise<PromotedVersion[]> {
  const rows = await db.all<{ id: string; promoted_at: number; reason: string | null }>(
    `SELECT id, promoted_at, reason FROM model_versions
     WHERE timeframe = ? AND promoted_at IS NOT NULL ORDER BY id DESC`,
    [tf],
  );
  return rows.map((r) => ({ id: r.id, promotedAt: r.promoted_at, reason: r.reason ?? "" }));
}
