import { join, resolve } from "node:path";
import Keyv from "keyv";
import type { Logger } from "../logger.js";
import { type CacheCircuit, createCacheCircuit } from "./cache-circuit.js";
import type { Forecast } from "./forecast.js";
import { type CacheConnection, openCacheConnection, SqliteCacheStore } from "./sqlite-cache-store.js";

/**
 * The forecast cache: keyv over a SQLite file in the data directory (a restart keeps it) or, with
 * REDIS_URL, over Redis (several bot processes share it). A cache is an optimisation, never a
 * dependency: every failure (file locked, Redis down or slow) is logged and reads as a miss, so the
 * caller computes instead of replying with an error.
 */
export interface ForecastCache<T> {
  readonly kind: "sqlite" | "redis";
  get(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: T, ttlMs: number): Promise<void>;
  /** Drops every entry (a promoted model makes them all obsolete). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface ForecastCacheOptions {
  dataDir: string;
  redisUrl: string | undefined;
  logger: Logger;
  /** A cache operation slower than this counts as failed (ms); default 250. */
  timeoutMs?: number;
  /** keyv namespace; default "forecast". */
  namespace?: string;
  /** The SQLite file's connection, shared by every namespace (see createForecastCaches); default its own. */
  connection?: CacheConnection;
  /** The circuit breaker, shared by the namespaces over one back-end; default its own. */
  circuit?: CacheCircuit;
  /** With its own circuit: how long a failed cache is skipped before a background retry (ms). */
  retryMs?: number;
}

export const CACHE_FILE = "cache.sqlite";

/** What the background retry writes to learn whether the cache is back. */
const PROBE_KEY = "circuit-probe";

export function createForecastCache<T>(options: ForecastCacheOptions): ForecastCache<T> {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 250;
  const namespace = options.namespace ?? "forecast";
  const kind = options.redisUrl === undefined ? "sqlite" : "redis";
  const connection =
    kind === "sqlite"
      ? (options.connection ?? openCacheConnection(resolve(join(options.dataDir, CACHE_FILE)), logger))
      : undefined;
  connection?.acquire();
  // The file starts opening now, as Redis starts connecting: on a busy host opening and migrating it can
  // take longer than an operation's budget, which is why the open is not charged to it (see guarded).
  connection?.db().catch(() => undefined);
  // The Redis client is a few hundred modules: loaded only when REDIS_URL asks for it, and started at once
  // so that its loading is not charged to the first operation's timeout.
  const opened: Promise<Keyv<T>> = (
    connection === undefined
      ? redisStore(options.redisUrl as string, namespace)
      : Promise.resolve(new SqliteCacheStore(connection))
  ).then((store) => {
    const keyv = new Keyv<T>({ store, namespace, throwOnErrors: true });
    // keyv also reports store faults as events; the circuit below already logs them.
    keyv.on("error", () => {});
    return keyv;
  });
  // A store that cannot even be loaded fails each operation, which the circuit turns into misses.
  opened.catch(() => undefined);
  const circuit =
    options.circuit ??
    createCacheCircuit({
      kind,
      logger,
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    });

  const withTimeout = async <R>(operation: string, run: () => Promise<R>): Promise<R> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`cache ${operation} took over ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  // A write, so that a file still readable but locked for writing does not count as back.
  const probe = async () => {
    const keyv = await opened;
    await withTimeout("probe", () => keyv.set(PROBE_KEY, Date.now() as T, 60_000));
  };
  const guarded = async <R>(
    operation: string,
    run: (keyv: Keyv<T>) => Promise<R>,
    fallback: R,
  ): Promise<R> => {
    // Open: skipped at no cost, not one more timeout per call.
    if (circuit.isOpen()) return fallback;
    try {
      const keyv = await opened;
      // Opening the file is bounded by its busy timeout; a failed open trips the circuit below.
      await connection?.db();
      return await withTimeout(operation, () => run(keyv));
    } catch (error) {
      circuit.trip(error, operation, probe);
      return fallback;
    }
  };

  return {
    kind,
    get: (key) => guarded("get", (keyv) => keyv.get(key), undefined),
    set: async (key, value, ttlMs) => {
      if (ttlMs <= 0) return;
      await guarded("set", (keyv) => keyv.set(key, value, ttlMs), false);
    },
    clear: () => guarded("clear", (keyv) => keyv.clear(), undefined),
    close: async () => {
      circuit.dispose();
      await opened.then((keyv) => withTimeout("close", () => keyv.disconnect())).catch(() => undefined);
    },
  };
}

async function redisStore(url: string, namespace: string) {
  const { default: KeyvRedis } = await import("@keyv/redis");
  // Not connecting is not fatal: operations then fail fast (and read as misses) until Redis is back.
  return new KeyvRedis<unknown>(url, {
    namespace,
    throwOnConnectError: false,
    throwOnErrors: true,
    connectionTimeout: 1000,
  });
}

/**
 * The forecast and chart caches, sharing one SQLite connection (two connections creating the same table at
 * once is what made a fresh start meet SQLITE_BUSY) or, with REDIS_URL, one Redis each.
 */
export function createForecastCaches(
  options: Omit<ForecastCacheOptions, "namespace" | "connection"> & {
    /** Put before both namespaces (a fleet's QUEUE_PREFIX), so that fleets sharing a Redis keep apart. */
    namespacePrefix?: string;
  },
): {
  forecasts: ForecastCache<Forecast>;
  charts: ForecastCache<string>;
} {
  const connection =
    options.redisUrl === undefined
      ? openCacheConnection(resolve(join(options.dataDir, CACHE_FILE)), options.logger)
      : undefined;
  const circuit = createCacheCircuit({
    kind: connection === undefined ? "redis" : "sqlite",
    logger: options.logger,
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
  });
  const shared = connection === undefined ? { circuit } : { connection, circuit };
  const { namespacePrefix = "", ...rest } = options;
  return {
    forecasts: createForecastCache<Forecast>({ ...rest, ...shared, namespace: `${namespacePrefix}forecast` }),
    charts: createForecastCache<string>({ ...rest, ...shared, namespace: `${namespacePrefix}chart` }),
  };
}
