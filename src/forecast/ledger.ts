import type { Logger } from "../logger.js";
import { openSqliteDriver } from "../storage/sqlite-driver.js";
import type { Ledger } from "./ledger-contract.js";
import { createLedger } from "./ledger-store.js";

export type { ActualClose, Ledger, LedgerFilter, ScoredFilter } from "./ledger-contract.js";

/** Opens (creating it and its folder if need be) the ledger in one SQLite file. */
export async function openLedger(options: { file: string; logger: Logger }): Promise<Ledger> {
  const driver = await openSqliteDriver(options.file);
  try {
    return await createLedger(driver, options.logger);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
