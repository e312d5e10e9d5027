import { randomBytes } from "node:crypto";
import pg from "pg";
import { serviceAnswers } from "./service-probe.js";

/** The PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) that the fleet tests use. */
export const POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** Whether a PostgreSQL answers on 127.0.0.1:5432; tests that need one skip, saying so, where none does. */
export async function postgresAvailable(): Promise<boolean> {
  return serviceAnswers("PostgreSQL", 5432);
}

/**
 * A fresh database with a random name for one test file, so that engineers running tests at once never
 * share tables; `drop()` removes it (closing what still holds it).
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `coincast_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        // pg's Pool.end() resolves before its clients' sessions have closed on the server: wait for them
        // (up to 5 s), so that FORCE terminates only what was truly left open, never a session that is
        // closing (its client would get a FATAL 57P01 as an uncaught error).
        for (let waited = 0; waited < 5000; waited += 50) {
          const open = await client.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
            [name],
          );
          if (open.rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
