import { createFleetAttempts } from "../../src/fleet/attempts.js";
import { createFleetLock } from "../../src/fleet/lock.js";
import { serviceAnswers } from "./service-probe.js";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** Whether a Redis answers on 127.0.0.1:6379; tests that need one skip, saying so, where none does. */
export async function redisAvailable(): Promise<boolean> {
  return serviceAnswers("Redis", 6379);
}

/** A BullMQ / Coincast key prefix no other test run shares. */
export function uniquePrefix(label: string): string {
  return `coincast-test-${label}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Deletes every key under `prefix` (queues, heartbeats, locks, the cache), after a test. */
export async function deletePrefix(redis: import("ioredis").Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `*${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}

/** What fleetClaimedStore takes of one process's fleet: its lock and its attempts, over `redis`. */
export function fleetClaims(redis: import("ioredis").Redis, prefix: string) {
  return { lock: createFleetLock(redis, prefix), attempts: createFleetAttempts(redis, prefix) };
}
