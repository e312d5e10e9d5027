import type pg from "pg";
import { migrate } from "./postgres.js";
import { POSTGRES_DIALECT, type SqlDriver, type SqlExecutor, type SqlValue } from "./sql-driver.js";

/**
 * A SqlDriver over a PostgreSQL pool (openPostgres). The pool belongs to the composition root, which ends
 * it after every store: `close` leaves it open. A transaction takes a connection of its own.
 */
export function postgresDriver(pool: pg.Pool): SqlDriver {
  const direct = executor(pool);
  return {
    dialect: POSTGRES_DIALECT,
    ...direct,
    async transaction(task) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const inside = executor(client);
        const value = await task({
          ...inside,
          lock: async (key) => {
            await inside.run("SELECT pg_advisory_xact_lock(hashtext(?))", [key]);
          },
        });
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    migrate: (component, migrations) => migrate(pool, component, migrations(POSTGRES_DIALECT)),
    close: async () => undefined,
  };
}

function executor(db: pg.Pool | pg.PoolClient): SqlExecutor {
  const query = <T extends pg.QueryResultRow>(sql: string, params: readonly SqlValue[] = []) =>
    db.query<T>(numbered(sql), [...params]);
  return {
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    all: async <T>(sql: string, params?: readonly SqlValue[]) =>
      (await query<T & pg.QueryResultRow>(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly SqlValue[]) =>
      (await query<T & pg.QueryResultRow>(sql, params)).rows[0] as T | undefined,
  };
}

/** `?` -> `$1`, `$2`, ... outside quoted strings and identifiers: the stores write SQLite's placeholders. */
export function numbered(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "?") {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}
