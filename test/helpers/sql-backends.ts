import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { openPostgres } from "../../src/storage/postgres.js";
import { postgresDriver } from "../../src/storage/postgres-driver.js";
import type { SqlDriver } from "../../src/storage/sql-driver.js";
import { openSqliteDriver } from "../../src/storage/sqlite-driver.js";
import { createTestDatabase, postgresAvailable } from "./postgres.js";

/**
 * The two SQL back-ends every store suite runs on (`describe.each(sqlBackends())`): one SQLite file in a
 * fresh folder, and a fresh PostgreSQL database (skipped, saying so, where none answers on 127.0.0.1:5432).
 * `open()` again is a restart: a new connection (pool) to the same data.
 */
export interface SqlBackend {
  name: "SQLite" | "PostgreSQL";
  available: boolean;
  setUp(): Promise<void>;
  open(): Promise<SqlDriver>;
  tearDown(): Promise<void>;
}

const postgres = await postgresAvailable();
if (!postgres) console.warn("PostgreSQL does not answer on 127.0.0.1:5432: its store cases are skipped");

export function sqlBackends(): SqlBackend[] {
  return [sqliteBackend(), postgresBackend()];
}

function sqliteBackend(): SqlBackend {
  let dir = "";
  const drivers: SqlDriver[] = [];
  return {
    name: "SQLite",
    available: true,
    async setUp() {
      dir = await mkdtemp(join(tmpdir(), "coincast-sql-"));
    },
    async open() {
      // Nested: opening creates the folders.
      const driver = await openSqliteDriver(join(dir, "nested", "store.sqlite"));
      drivers.push(driver);
      return driver;
    },
    async tearDown() {
      for (const driver of drivers.splice(0)) await driver.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): SqlBackend {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const pools: pg.Pool[] = [];
  return {
    name: "PostgreSQL",
    available: postgres,
    async setUp() {
      database = await createTestDatabase();
    },
    async open() {
      if (database === undefined) throw new Error("no test database");
      const pool = openPostgres(database.url, { max: 4 });
      pools.push(pool);
      return postgresDriver(pool);
    },
    async tearDown() {
      for (const pool of pools.splice(0)) await pool.end();
      await database?.drop();
      database = undefined;
    },
  };
}
