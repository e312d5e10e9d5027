import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import Keyv from "keyv";
import type { Logger } from "../logger.js";

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
}

export const CACHE_FILE = "cache.sqlite";

/** A failing cache is logged at most this often, so a Redis outage does not flood the log. */
const WARN_EVERY_MS = 60_000;

export function createForecastCache<T>(options: ForecastCacheOptions): ForecastCache<T> {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 250;
  const namespace = options.namespace ?? "forecast";
  const kind = options.redisUrl === undefined ? "sqlite" : "redis";
  const keyv = new Keyv<T>({
    store:
      kind === "redis"
        ? redisStore(options.redisUrl as string, namespace)
        : sqliteStore(options.dataDir, logger),
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

function sqliteStore(dataDir: string, logger: Logger): KeyvSqlite {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    // Opening the file will fail too, and every operation then reads as a miss (logged there).
    logger.warn({ err: error, dataDir }, "cannot create the data directory for the forecast cache");
  }
  return new KeyvSqlite({
    uri: `sqlite://${resolve(join(dataDir, CACHE_FILE))}`,
    table: "cache",
    busyTimeout: 100,
  });
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
