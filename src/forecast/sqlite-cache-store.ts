import { EventEmitter } from "node:events";
import type { KeyvStoreAdapter, StoredData } from "keyv";
import type { Database } from "sqlite";
import type { Logger } from "../logger.js";
import { openSqliteFile } from "../storage/sqlite-file.js";

/**
 * The one connection to DATA_DIR/cache.sqlite that every cache namespace (forecasts, charts) shares,
 * opened through the project's SQLite opener (WAL, a busy timeout, a versioned schema). It opens on its
 * first db() (the cache calls it when it is created); a failed open is tried again by the next operation
 * instead of leaving the cache dead until a restart.
 */
export interface CacheConnection {
  /** The open database; rejects (and is tried afresh next time) while the file cannot be opened. */
  db(): Promise<Database>;
  /** Takes a reference; the file is closed when every holder has released it. */
  acquire(): void;
  release(): Promise<void>;
}

/** The table @keyv/sqlite created in earlier versions: same name and columns, so old files keep working. */
const MIGRATIONS = ["CREATE TABLE IF NOT EXISTS cache(key VARCHAR(255) PRIMARY KEY, value TEXT)"];

/**
 * Short on purpose: a cache waits for a lock less long than a forecast takes, and SQLite's busy wait
 * blocks a libuv thread that file reads need too. Below the cache's own 250 ms operation timeout.
 */
const CACHE_BUSY_TIMEOUT_MS = 100;

export function openCacheConnection(file: string, logger: Logger): CacheConnection {
  let opening: Promise<Database> | undefined;
  let holders = 0;
  return {
    db: () => {
      if (opening === undefined) {
        const attempt = openSqliteFile(file, MIGRATIONS, { busyTimeoutMs: CACHE_BUSY_TIMEOUT_MS });
        opening = attempt;
        attempt.catch((error: unknown) => {
          if (opening === attempt) opening = undefined;
          logger.debug({ err: error, file }, "cache file could not be opened; will try again");
        });
      }
      return opening;
    },
    acquire: () => {
      holders++;
    },
    release: async () => {
      holders--;
      if (holders > 0 || opening === undefined) return;
      const db = await opening.catch(() => undefined);
      opening = undefined;
      await db?.close();
    },
  };
}

/**
 * A keyv store over a shared CacheConnection. keyv sets `namespace` on its store and prefixes keys with
 * it, so each namespace needs its own store object; they all share one connection.
 */
export class SqliteCacheStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: "sqlite" };
  namespace?: string | undefined;

  constructor(private readonly connection: CacheConnection) {
    super();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const db = await this.connection.db();
    const row = await db.get<{ value: string }>("SELECT value FROM cache WHERE key = ?", key);
    return row?.value as StoredData<Value> | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const db = await this.connection.db();
    await db.run(
      "INSERT INTO cache(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  async delete(key: string): Promise<boolean> {
    const db = await this.connection.db();
    const result = await db.run("DELETE FROM cache WHERE key = ?", key);
    return (result.changes ?? 0) > 0;
  }

  async clear(): Promise<void> {
    const db = await this.connection.db();
    // LIKE treats _ and % as wildcards; a namespace is our own plain word, so a prefix match is exact.
    await db.run("DELETE FROM cache WHERE key LIKE ?", this.namespace ? `${this.namespace}:%` : "%");
  }

  async disconnect(): Promise<void> {
    await this.connection.release();
  }
}
