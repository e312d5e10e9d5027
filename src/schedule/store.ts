import { openSqliteDriver } from "../storage/sqlite-driver.js";
import type { SubscriptionStore } from "./store-schema.js";
import { createSubscriptionStore } from "./subscription-store.js";

export type {
  NewSubscription,
  Subscription,
  SubscriptionStore,
} from "./store-schema.js";

/** Opens (creating it and its folder if need be) the store in one SQLite file. */
export async function openSubscriptionStore(options: { file: string }): Promise<SubscriptionStore> {
  const driver = await openSqliteDriver(options.file);
  try {
    return await createSubscriptionStore(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
