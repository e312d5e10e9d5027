import pg from "pg";
import { ConfigError } from "../errors.js";

/**
 * How long the start-up check waits for a first answer (pg itself waits forever for a host that drops
 * packets). Generous: on a loaded machine a connection can take seconds, and only the check gives up.
 */
export const CHECK_TIMEOUT_MS = 15_000;

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
 * Start-up check of DATABASE_URL: one query. When it fails, a ConfigError names the key, the server and
 * database it expected (never the password) and what happened (refused, no such database, login refused),
 * instead of the first store's migration failing with a bare driver error.
 */
export async function checkPostgres(db: pg.Pool, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.query("SELECT 1"),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  DATABASE_URL: a PostgreSQL server that lets Coincast in, at ${describeServer(url)}; ` +
        `${postgresFailure(error)}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

function describeServer(url: string): string {
  const { hostname, port, pathname, username } = new URL(url);
  const database = decodeURIComponent(pathname.slice(1)) || "(the user's own)";
  return `${hostname}:${port || "5432"}, database ${database}${username === "" ? "" : ` as ${decodeURIComponent(username)}`}`;
}

/** pg's and Node's failures in words; the SQLSTATE codes are PostgreSQL's (Appendix A). */
function postgresFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case "ECONNREFUSED":
      return "nothing listens there (connection refused)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `the server cannot be reached (${code})`;
    case "3D000":
      return "the server has no such database (create it, or name another)";
    case "28P01":
    case "28000":
      return "the server refused the user name or password";
    default:
      if (/timeout/i.test(message ?? "")) return `no answer within ${CHECK_TIMEOUT_MS / 1000} s`;
      return `the server answered: ${(message ?? String(error)).slice(0, 200)}`;
  }
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
