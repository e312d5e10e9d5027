import { Redis } from "ioredis";
import { ConfigError } from "../errors.js";
import type { Logger } from "../logger.js";

/**
 * Reconnect attempts every 0.2, 0.4, ... s, at most 2 s apart: once Redis is back the queues work again
 * within 2 s. BullMQ's own strategy waits up to 20 s between attempts after a long outage.
 */
const retryStrategy = (times: number) => Math.min(times * 200, 2000);

/**
 * The same attempts until `stopped()`, then none: the connection ends ("end") instead of retrying for ever.
 * BullMQ's close waits for a connection that is not coming while Redis is away, and the retry timers it
 * leaves would keep a process that has closed everything alive.
 */
const retryUntil = (stopped: () => boolean) => (times: number) => (stopped() ? null : retryStrategy(times));

/**
 * The Redis connection options of BullMQ's workers and queue events: `maxRetriesPerRequest: null` so that
 * their blocking commands wait through a Redis restart instead of failing the worker (BullMQ's "going to
 * production" guide). Once `stopped()` holds, a lost connection is not retried (see retryUntil).
 */
export function bullConnection(
  url: string,
  stopped = () => false,
): {
  url: string;
  maxRetriesPerRequest: null;
  retryStrategy: (times: number) => number | null;
} {
  return { url, maxRetriesPerRequest: null, retryStrategy: retryUntil(stopped) };
}

/**
 * The options of a BullMQ Queue that adds jobs for a caller who is waiting: without ioredis's offline
 * queue, an add while Redis is away fails at once instead of waiting for the reconnection (BullMQ's
 * "failing fast when Redis is down" pattern), and the caller is told so.
 */
export function bullProducerConnection(
  url: string,
  stopped = () => false,
): {
  url: string;
  enableOfflineQueue: false;
  maxRetriesPerRequest: number;
  retryStrategy: (times: number) => number | null;
} {
  return { url, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: retryUntil(stopped) };
}

/** Coincast's own keys beside BullMQ's, under the same prefix: heartbeats, locks. */
export function fleetKey(prefix: string, ...parts: string[]): string {
  return [prefix, "coincast", ...parts].join(":");
}

/**
 * A plain client for heartbeats, locks, claims, the election and the policy check; commands fail fast
 * while Redis is away, and within 2 s where it stops answering without closing the connection (packets
 * dropped): a post claim or a retrain claim must not wait for TCP to give up, many minutes later.
 */
export function openRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    connectTimeout: 2000,
    commandTimeout: 2000,
    lazyConnect: false,
    retryStrategy,
  });
  let warned = false;
  redis.on("error", (error) => {
    // A database the server lacks is checkRedisDatabase's to report, as the one message the operator reads.
    if (DB_OUT_OF_RANGE.test(error.message)) return;
    // ioredis retries on its own; one line per outage, not one per retry.
    if (!warned) logger.warn({ err: error }, "redis connection failed; retrying");
    warned = true;
  });
  redis.on("ready", () => {
    warned = false;
  });
  return redis;
}

/** Redis's answer to a SELECT of a database it does not have. */
const DB_OUT_OF_RANGE = /DB index is out of range/i;

/**
 * Start-up check of REDIS_URL's database number (its path, /0 when absent): a Redis refuses to SELECT one it
 * does not have (16 by default, 0 to 15), and ioredis then only emits an error and goes on in database 0,
 * where this process would share keys it must not. Rejects with a ConfigError naming the key, the server and
 * the number; resolves once the client is ready, or at once for database 0 or when Redis does not answer
 * (an outage is not a configuration error: the connection is retried and the callers are told).
 */
export function checkRedisDatabase(client: Redis, url: string): Promise<void> {
  const { hostname, port, pathname } = new URL(url);
  const db = Number(pathname.slice(1) || "0");
  if (db === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: ConfigError) => {
      client.off("ready", onReady);
      client.off("error", onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onReady = () => settle();
    const onError = (error: Error) => {
      if (DB_OUT_OF_RANGE.test(error.message))
        settle(
          new ConfigError(
            `Invalid configuration:\n  REDIS_URL: a database the Redis server at ${hostname}:${port || "6379"} has; ` +
              `it has no database ${db} (${error.message}: databases are 0 to 15 unless its \`databases\` setting says more)`,
            { cause: error },
          ),
        );
      else if (client.status !== "ready") settle();
    };
    client.on("ready", onReady);
    client.on("error", onError);
  });
}

/**
 * BullMQ needs every key it writes to stay: with an evicting maxmemory-policy Redis may drop a job or its
 * lock under memory pressure, and the job is then lost or run twice. Warns (never stops): a managed Redis
 * may refuse CONFIG, and the operator may know better.
 * Resolves the policy read, or undefined when it could not be read.
 */
export async function checkEvictionPolicy(redis: Redis, logger: Logger): Promise<string | undefined> {
  let policy: string | undefined;
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as unknown;
    policy = Array.isArray(reply) && typeof reply[1] === "string" ? reply[1] : undefined;
  } catch (error) {
    logger.warn(
      { err: error },
      "could not read Redis maxmemory-policy (CONFIG refused?): BullMQ needs noeviction, check it by hand",
    );
    return undefined;
  }
  if (policy !== "noeviction") {
    logger.warn(
      { policy },
      `Redis maxmemory-policy is ${policy ?? "unknown"}: BullMQ needs noeviction, or queued forecasts ` +
        "may be lost or run twice under memory pressure (redis-cli CONFIG SET maxmemory-policy noeviction)",
    );
  }
  return policy;
}
