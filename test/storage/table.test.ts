import { describe, expect, expectTypeOf, it } from "vitest";
import { POSTGRES_DIALECT, SQLITE_DIALECT } from "../../src/storage/sql-driver.js";
import { type Columns, columnsSql, type RowOf } from "../../src/storage/table.js";

const COLUMNS = {
  id: "id",
  name: "TEXT NOT NULL CHECK (name <> '')",
  at: "time NOT NULL",
  price: "real",
  armed: "BOOLEAN NOT NULL",
  tries: "INTEGER NOT NULL DEFAULT 1",
  note: "TEXT",
} as const satisfies Columns;

describe("a table declared once", () => {
  it("GIVEN the columns THEN each dialect's CREATE TABLE lines, its own types for id, time and real only", () => {
    expect(columnsSql(COLUMNS, SQLITE_DIALECT).split(",\n    ")).toEqual([
      "id INTEGER PRIMARY KEY",
      "name TEXT NOT NULL CHECK (name <> '')",
      "at INTEGER NOT NULL",
      "price REAL",
      "armed BOOLEAN NOT NULL",
      "tries INTEGER NOT NULL DEFAULT 1",
      "note TEXT",
    ]);
    expect(columnsSql(COLUMNS, POSTGRES_DIALECT)).toMatch(
      /^id BIGSERIAL PRIMARY KEY,\n {4}name TEXT NOT NULL CHECK \(name <> ''\),\n {4}at BIGINT NOT NULL,\n {4}price DOUBLE PRECISION,/,
    );
  });

  it("GIVEN the columns THEN the row type: NOT NULL columns never null, the others may be", () => {
    expectTypeOf<RowOf<typeof COLUMNS>>().toEqualTypeOf<{
      id: number;
      name: string;
      at: number;
      price: number | null;
      armed: boolean | number;
      tries: number;
      note: string | null;
    }>();
  });
});
