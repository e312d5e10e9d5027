import pg from "pg";

/**
 * A PostgreSQL pool for Coincast's shared state (DATABASE_URL). BIGINT (milliseconds since the epoch),
 * NUMERIC (AVG) and COUNT come back as JS numbers, as SQLite gives them: every value Coincast stores
 * fits a double exactly.
 */
export function openPostgres(url: string, options: { max?: number } = {}): pg.Pool {
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") => {
      if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
      return pg.types.getTypeParser(oid, format as "text");
    },
  } as pg.CustomTypesConfig;
  return new pg.Pool({ connectionString: url, max: options.max ?? 5, types });
}

/**
 * Versioned migrations, one list per component ("ledger", "subscriptions"): `migrations[i]` takes that
 * component from version i to i + 1. Append, never edit. Each step runs in a transaction under an advisory
 * lock, so replicas starting together migrate once; a database newer than this Coincast is refused.
 */
export async function migrate(db: pg.Pool, component: string, migrations: readonly string[]): Promise<void> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('coincast_migrations'))");
    await client.query(
      `CREATE TABLE IF NOT EXISTS coincast_migrations (
         component TEXT NOT NULL, version INTEGER NOT NULL, applied_at BIGINT NOT NULL,
         PRIMARY KEY (component, version))`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      "SELECT MAX(version) AS version FROM coincast_migrations WHERE component = $1",
      [component],
    );
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length)
      throw new Error(
        `the ${component} schema is at ${current}; this Coincast knows up to ${migrations.length}`,
      );
    for (let from = current; from < migrations.length; from++) {
      await client.query(migrations[from] ?? "");
      await client.query(
        "INSERT INTO coincast_migrations (component, version, applied_at) VALUES ($1, $2, $3)",
        [component, from + 1, Date.now()],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
