import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type Database, open } from "sqlite";
import sqlite3 from "sqlite3";

/**
 * Opens one of Coincast's SQLite files (ledger, subscriptions, cache), creating it and its folder if need be,
 * and brings its schema up to date. The bot and a CLI command may hold the file at once: they wait for a
 * lock rather than fail (up to `busyTimeoutMs`, default 5 s), and WAL keeps readers from blocking the writer.
 *
 * `migrations[i]` takes the schema from version i to i + 1 (PRAGMA user_version). Append, never edit, so
 * that a file written by an older Coincast upgrades step by step; a file from a newer one is refused.
 */
export async function openSqliteFile(
  file: string,
  migrations: readonly string[] | null,
  options: { busyTimeoutMs?: number } = {},
): Promise<Database> {
  await mkdir(dirname(file), { recursive: true });
  const db = await open({ filename: file, driver: sqlite3.Database });
  try {
    await db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    // Switching a new file to WAL needs its exclusive lock, and SQLite answers SQLITE_BUSY at once (no busy
    // handler) while another connection opening the same file holds one: retry for the busy timeout.
    const until = Date.now() + (options.busyTimeoutMs ?? 5000);
    for (;;) {
      try {
        await db.get("PRAGMA journal_mode = WAL");
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    // null: the caller migrates later (a SqlDriver, whose stores each bring their own steps).
    if (migrations !== null) await migrateSqlite(db, file, migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export async function migrateSqlite(
  db: Database,
  file: string,
  migrations: readonly string[],
): Promise<void> {
  const userVersion = async () =>
    (await db.get<{ user_version: number }>("PRAGMA user_version"))?.user_version ?? 0;
  const version = await userVersion();
  if (version > migrations.length)
    throw new Error(`${file} has schema ${version}; this Coincast knows up to ${migrations.length}`);
  for (let from = version; from < migrations.length; from++) {
    await db.exec("BEGIN IMMEDIATE");
    try {
      // Read again under the write lock: another process opening the same file may have migrated meanwhile.
      if ((await userVersion()) === from) {
        await db.exec(migrations[from] ?? "");
        await db.exec(`PRAGMA user_version = ${from + 1}`);
      }
      await db.exec("COMMIT");
    } catch (error) {
      await db.exec("ROLLBACK");
      throw error;
    }
  }
}
