import type { Database } from "sqlite";
import {
  type Migrations,
  SQLITE_DIALECT,
  type SqlDriver,
  type SqlExecutor,
  type SqlValue,
} from "./sql-driver.js";
import { migrateSqlite, openSqliteFile } from "./sqlite-file.js";

/**
 * A SqlDriver over one SQLite file (created with its folder if need be). The file is one connection, so
 * this process's statements take turns: a transaction (BEGIN IMMEDIATE, which also holds the file's write
 * lock against other processes) runs alone, and no other statement of this process slips into it.
 */
export async function openSqliteDriver(file: string): Promise<SqlDriver> {
  const db = await openSqliteFile(file, null);
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const turn = queue.then(task, task);
    queue = turn.catch(() => undefined);
    return turn;
  };
  const direct = executor(db);
  return {
    dialect: SQLITE_DIALECT,
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    transaction: (task) =>
      exclusive(async () => {
        await db.exec("BEGIN IMMEDIATE");
        try {
          const value = await task({ ...direct, lock: async () => undefined });
          await db.exec("COMMIT");
          return value;
        } catch (error) {
          await db.exec("ROLLBACK").catch(() => undefined);
          throw error;
        }
      }),
    migrate: (_component: string, migrations: Migrations) =>
      exclusive(() => migrateSqlite(db, file, migrations(SQLITE_DIALECT))),
    close: () => exclusive(() => db.close()),
  };
}

function executor(db: Database): SqlExecutor {
  const values = (params: readonly SqlValue[] = []) =>
    params.map((v) => (typeof v === "boolean" ? Number(v) : v));
  return {
    run: async (sql, params) => ({ changes: (await db.run(sql, values(params))).changes ?? 0 }),
    all: (sql, params) => db.all(sql, values(params)),
    get: (sql, params) => db.get(sql, values(params)),
  };
}
