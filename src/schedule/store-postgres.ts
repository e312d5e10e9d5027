import type pg from "pg";
import { postgresDriver } from "../storage/postgres-driver.js";
import type { SubscriptionStore } from "./store-schema.js";
import { createSubscriptionStore } from "./subscription-store.js";

/**
 * Subscriptions, post claims and alerts in PostgreSQL, shared by every bot replica: the same store as the
 * SQLite one (subscription-store.ts), over the pool's driver.
 */
export function openPostgresSubscriptionStore(options: { db: pg.Pool }): Promise<SubscriptionStore> {
  return createSubscriptionStore(postgresDriver(options.db));
}
