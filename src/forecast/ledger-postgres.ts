import type pg from "pg";
import type { Logger } from "../logger.js";
import { postgresDriver } from "../storage/postgres-driver.js";
import type { Ledger } from "./ledger-contract.js";
import { createLedger } from "./ledger-store.js";

/**
 * The ledger in PostgreSQL (DATABASE_URL), shared by every bot replica: the same ledger as the SQLite one
 * (ledger-store.ts), over the pool's driver.
 */
export function openPostgresLedger(options: { db: pg.Pool; logger: Logger }): Promise<Ledger> {
  return createLedger(postgresDriver(options.db), options.logger);
}
