import { Redis } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * The Redis connection options BullMQ wants: `maxRetriesPerRequest: null` so that a worker's blocking
 * commands wait through a Redis restart instead of failing the worker.
 */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** Coincast's own keys beside BullMQ's, under the same prefix: heartbeats, locks. */
export function fleetKey(prefix: string, ...parts: string[]): string {
  return [prefix, "coincast", ...parts].join(":");
}

/** A plain client for heartbeats, locks and the policy check; commands fail fast while Redis is away. */
export function openRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2000, lazyConnect: false });
  let warned = false;
  redis.on("error", (error) => {
    // ioredis retries on its own; one line per outage, not one per retry.
    if (!warned) logger.warn({ err: error }, "redis connection failed; retrying");
    warned = true;
  });
  redis.on("ready", () => {
    warned = false;
  });
  return redis;
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
