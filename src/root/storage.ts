import { join } from "node:path";
import type pg from "pg";
import type { Ledger } from "../forecast/ledger.js";
import type { ModelRegistry } from "../lifecycle/model-registry.js";
import type { SubscriptionStore } from "../schedule/store.js";
import type { Fleet } from "../services.js";
import { once, type RootContext } from "./context.js";

/** Where Coincast keeps its track record, under DATA_DIR. */
export const LEDGER_FILE = "ledger.sqlite";
/** Where scheduled-post subscriptions and the record of their posts live, under DATA_DIR. */
export const SUBSCRIPTIONS_FILE = "subscriptions.sqlite";
/** Where retrained model versions live, under DATA_DIR. */
export const MODEL_VERSIONS_DIR = "models";

/**
 * The stores: SQLite files under DATA_DIR, or one PostgreSQL pool for all of them with DATABASE_URL (pg
 * loads only then). The ledger, the subscriptions and the model versions each open on first use.
 */
export function createStorage(root: RootContext, fleet: () => Promise<Fleet | undefined>) {
  const { config, logger, closers } = root;

  /** One PostgreSQL pool per process, for every store (with DATABASE_URL). */
  const database = once(async (): Promise<pg.Pool | undefined> => {
    const url = config.databaseUrl;
    if (url === undefined) return undefined;
    const { openPostgres, checkPostgres } = await import("../storage/postgres.js");
    const pool = openPostgres(url);
    pool.on("error", (error) => logger.warn({ err: error }, "an idle PostgreSQL connection failed"));
    closers.push(() => pool.end());
    // Once, at first use: a wrong or unreachable DATABASE_URL is named here, not by the first migration.
    await checkPostgres(pool, url);
    return pool;
  });

  /**
   * The model registry without the fleet's announcements: files under DATA_DIR, or PostgreSQL with
   * DATABASE_URL (which a queue worker also uses to fetch the versions its jobs name).
   */
  const modelStore = once(async (): Promise<ModelRegistry> => {
    const options = {
      shippedDir: config.modelsDir,
      dir: join(config.dataDir, MODEL_VERSIONS_DIR),
      keep: config.retrain.keep,
      logger,
    };
    const db = await database();
    if (db === undefined)
      return import("../lifecycle/model-registry.js").then(({ createModelRegistry }) =>
        createModelRegistry(options),
      );
    const { openPostgresModelRegistry } = await import("../lifecycle/model-registry-postgres.js");
    return openPostgresModelRegistry({ ...options, db });
  });

  const ledger = async (): Promise<Ledger> => {
    const db = await database();
    const opened =
      db === undefined
        ? await import("../forecast/ledger.js").then(({ openLedger }) =>
            openLedger({ file: join(config.dataDir, LEDGER_FILE), logger }),
          )
        : await import("../forecast/ledger-postgres.js").then(({ openPostgresLedger }) =>
            openPostgresLedger({ db, logger }),
          );
    closers.push(() => opened.close());
    return opened;
  };

  const subscriptionStore = once(async (): Promise<SubscriptionStore> => {
    const db = await database();
    const local =
      db === undefined
        ? await import("../schedule/store.js").then(({ openSubscriptionStore }) =>
            openSubscriptionStore({ file: join(config.dataDir, SUBSCRIPTIONS_FILE) }),
          )
        : await import("../schedule/store-postgres.js").then(({ openPostgresSubscriptionStore }) =>
            openPostgresSubscriptionStore({ db }),
          );
    // With Redis every bot announces which store it writes, so that replicas with a DATA_DIR each (and no
    // DATABASE_URL, or different ones) are told to the operator rather than left to drift apart.
    const shared = await fleet();
    await shared?.announceStore(local.identity);
    // Redis without PostgreSQL: the day's post is claimed for the fleet in Redis.
    const store =
      shared === undefined || db !== undefined
        ? local
        : await import("../schedule/fleet-claims.js").then(({ fleetClaimedStore }) =>
            fleetClaimedStore(local, shared),
          );
    closers.push(() => store.close());
    return store;
  });

  return {
    modelStore,
    ledger,
    subscriptionStore,
    /** Builds close() waits for: each registers its closers when it lands. */
    started: () => [database.started(), modelStore.started(), subscriptionStore.started()],
  };
}
