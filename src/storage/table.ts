import type { Dialect } from "./sql-driver.js";

/**
 * A column as SQL: its type, then its constraints. `id`, `time` and `real` stand for the dialect's types
 * (they differ between SQLite and PostgreSQL); TEXT, INTEGER and BOOLEAN are written as they are. A column
 * without NOT NULL may hold NULL; an `id` never does.
 */
type ColumnSql = "id" | `${"time" | "real" | "TEXT" | "INTEGER" | "BOOLEAN"}${string}`;

/** A table's columns by name, declared once: its CREATE TABLE text and its rows' type both come from it. */
export type Columns = Readonly<Record<string, ColumnSql>>;

/** SQLite returns a BOOLEAN as 0 or 1, PostgreSQL as a boolean. */
type Value<C> = C extends `TEXT${string}` ? string : C extends `BOOLEAN${string}` ? boolean | number : number;

/** A row of a table with `C`'s columns, as a driver returns it. */
export type RowOf<C extends Columns> = {
  -readonly [K in keyof C]: C[K] extends "id" | `${string}NOT NULL${string}`
    ? Value<C[K]>
    : Value<C[K]> | null;
};

/**
 * The column definitions of a CREATE TABLE in `dialect`, one a line. A migration step that creates a table
 * from declared columns freezes them: a later column comes with a later step (ALTER TABLE), never here.
 */
export function columnsSql(columns: Columns, dialect: Pick<Dialect, "id" | "time" | "real">): string {
  const typeOf = (type: string) => dialect[type as "id" | "time" | "real"];
  return Object.entries(columns)
    .map(([name, sql]) => `${name} ${sql.replace(/^(id|time|real)\b/, typeOf)}`)
    .join(",\n    ");
}
