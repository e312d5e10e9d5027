import { randomUUID } from "node:crypto";
import type { SqlExecutor } from "../storage/sql-driver.js";

/**
 * Which store this is: a random id written once into the store itself, so that it survives restarts and is
 * the same for every process that opens the same SQLite file or PostgreSQL database, and differs between
 * two files. Bot replicas announce it in Redis (src/fleet/store-split.ts): replicas that each write a file
 * of their own (REDIS_URL, no DATABASE_URL, a DATA_DIR each) are told apart from ones sharing one store.
 * A file copied to another DATA_DIR keeps the id of the one it was copied from.
 */

/** Schema step 7 -> 8: the store's own facts, by name (today only `identity`). */
export const SUBSCRIPTIONS_META_SQL = `CREATE TABLE IF NOT EXISTS subscriptions_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );`;

/**
 * The store's id, written by the first process to ask: DO NOTHING lets one of several processes opening a
 * new store at once win, and every one of them reads the winner's id back.
 */
export async function storeIdentity(db: SqlExecutor): Promise<string> {
  await db.run(
    "INSERT INTO subscriptions_meta (name, value) VALUES ('identity', ?) ON CONFLICT (name) DO NOTHING",
    [randomUUID()],
  );
  const row = await db.get<{ value: string }>("SELECT value FROM subscriptions_meta WHERE name = 'identity'");
  if (row === undefined) throw new Error("the store's identity, just written, could not be read back");
  return row.value;
}
