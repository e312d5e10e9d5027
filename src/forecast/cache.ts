import { join, resolve } from "node:path";
import KeyvRedis from "@keyv/redis";
import Keyv from "keyv";
import type { Logger } from "../logger.js";
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
}

export const CACHE_FILE = "cache.sqlite";

/** A failing cache is logged at most this often, so a Redis outage does not flood the log. */
const WARN_EVERY_MS = 60_000;

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
  const keyv = new Keyv<T>({
    store:
      connection === undefined
        ? redisStore(options.redisUrl as string, namespace)
        : new SqliteCacheStore(connection),
    namespace,
    throwOnErrors: true,
  });
  // keyv also reports store faults as events; the guarded calls below already log them.
  keyv.on("error", () => {});
  let lastWarned = Number.NEGATIVE_INFINITY;

  const guarded = async <R>(operation: string, run: () => Promise<R>, fallback: R): Promise<R> => {
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
    } catch (error) {
      const now = Date.now();
      if (now - lastWarned >= WARN_EVERY_MS) {
        lastWarned = now;
        logger.warn({ err: error, cache: kind, operation }, "forecast cache unavailable; computing instead");
      }
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    kind,
    get: (key) => guarded("get", () => keyv.get(key), undefined),
    set: async (key, value, ttlMs) => {
      if (ttlMs <= 0) return;
      await guarded("set", () => keyv.set(key, value, ttlMs), false);
    },
    clear: () => guarded("clear", () => keyv.clear(), undefined),
    close: async () => {
      await guarded("close", () => keyv.disconnect(), undefined);
    },
  };
}

function redisStore(url: string, namespace: string): KeyvRedis<unknown> {
  // Not connecting is not fatal: operations then fail fast (and read as misses) until Redis is back.
  return new KeyvRedis(url, {
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
export function createForecastCaches(options: Omit<ForecastCacheOptions, "namespace" | "connection">): {
  forecasts: ForecastCache<Forecast>;
  charts: ForecastCache<string>;
} {
  const connection =
    options.redisUrl === undefined
      ? openCacheConnection(resolve(join(options.dataDir, CACHE_FILE)), options.logger)
      : undefined;
  const shared = connection === undefined ? {} : { connection };
  return {
    forecasts: createForecastCache<Forecast>({ ...options, ...shared, namespace: "forecast" }),
    charts: createForecastCache<string>({ ...options, ...shared, namespace: "chart" }),
  };
}
