/**
 * One SQL surface under every store (after BullMQ's one `IRedisClient` under its queue logic): a store is
 * written once with `?` placeholders, and the driver (SQLite or PostgreSQL) numbers them, counts the rows
 * a statement changed, and brings the schema up to date. What differs in a schema (column types) is read
 * from the driver's `dialect`, never written twice.
 */

/** What a statement's parameters may hold. */
export type SqlValue = string | number | boolean | null | Buffer;

/** Column types that differ between the back-ends; everything else in a schema is the same text. */
export interface Dialect {
  readonly name: "sqlite" | "postgres";
  /** An auto-numbered primary key. */
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly time: string;
  readonly real: string;
  readonly bytes: string;
}

export const SQLITE_DIALECT: Dialect = {
  name: "sqlite",
  id: "INTEGER PRIMARY KEY",
  time: "INTEGER",
  real: "REAL",
  bytes: "BLOB",
};

export const POSTGRES_DIALECT: Dialect = {
  name: "postgres",
  id: "BIGSERIAL PRIMARY KEY",
  time: "BIGINT",
  real: "DOUBLE PRECISION",
  bytes: "BYTEA",
};

/**
 * A component's schema steps: `steps[i]` takes it from version i to i + 1. Append, never edit, so that a
 * database written by an older Coincast upgrades step by step; one newer than this Coincast is refused.
 */
export type Migrations = (dialect: Dialect) => readonly string[];

export interface SqlExecutor {
  /** Runs one statement; `changes` is how many rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
}

export interface SqlTransaction extends SqlExecutor {
  /**
   * Holds `key` until the transaction ends, for every process sharing the database: PostgreSQL takes an
   * advisory lock; a SQLite transaction holds the file's write lock from its start, which covers every key.
   */
  lock(key: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `task` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(task: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Brings `component`'s tables up to date, once across processes that start together. */
  migrate(component: string, migrations: Migrations): Promise<void>;
  /** Closes what the driver owns (a SQLite file); a PostgreSQL pool belongs to the composition root. */
  close(): Promise<void>;
}
