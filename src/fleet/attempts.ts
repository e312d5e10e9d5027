import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { fleetKey } from "./redis.js";

/**
 * One key's attempt and how it ended, "status|at|holder": `claimed` while its holder works on it (or for
 * good, when the holder died: it may have done the work), then `done` or `failed`; `skipped` when no one
 * attempted it in time. Anything else (a bare holder id, as claims were stored before) counts as claimed.
 */
const ATTEMPT = "^(%a+)|(%d+)|(.+)$";

/**
 * Takes the key (ARGV: status, at, holder, ttl, retryBefore) when no attempt is recorded, or when the last
 * one failed or was skipped before `retryBefore`; or finds it taken by this holder already, with the same
 * status (an answer lost to a command timeout). Read and written in one script: one caller wins.
 */
const TAKE = `local v = redis.call("get", KEYS[1])
local mine = ARGV[1] .. "|" .. ARGV[2] .. "|" .. ARGV[3]
if v then
  local status, at, holder = string.match(v, "${ATTEMPT}")
  if status == ARGV[1] and holder == ARGV[3] then return 1 end
  if not ((status == "failed" or status == "skipped") and tonumber(at) < tonumber(ARGV[5])) then return 0 end
end
redis.call("set", KEYS[1], mine, "PX", ARGV[4])
return 1`;

/** claimed -> ARGV[2] (done or failed), only while this holder (ARGV[1]) holds the claim; the expiry stays. */
const SETTLE = `local v = redis.call("get", KEYS[1])
if not v then return 0 end
local status, at, holder = string.match(v, "${ATTEMPT}")
if status ~= "claimed" or holder ~= ARGV[1] then return 0 end
redis.call("set", KEYS[1], ARGV[2] .. "|" .. at .. "|" .. holder, "KEEPTTL")
return 1`;

/**
 * Fleet-wide attempts at work done once per key, with their outcome, so that one that failed may be given
 * another chance fleet-wide, once: a day's scheduled post, for replicas without DATABASE_URL, whose SQLite
 * files are one only when they share a DATA_DIR (src/schedule/fleet-claims.ts). The record a shared store's
 * row would be, as a Redis key.
 */
export interface FleetAttempts {
  /**
   * Claims `name` at `at`: true to the one caller that finds no attempt recorded, or one that failed or was
   * skipped before `retryBefore`; and again to this process if it asks again (its answer may have been lost).
   */
  claim(name: string, at: number, ttlMs: number, retryBefore: number): Promise<boolean>;
  /** Records `name` skipped at `at`, unless an attempt is recorded already. */
  skip(name: string, at: number, ttlMs: number): Promise<boolean>;
  /** The attempt this process claimed ended: false when it holds no claim of `name`. */
  settle(name: string, outcome: "done" | "failed"): Promise<boolean>;
}

export function createFleetAttempts(redis: Redis, prefix: string): FleetAttempts {
  // The lock's namespace, where post claims have always been: keys written before attempts had outcomes
  // are still found, and count as claimed.
  const key = (name: string) => fleetKey(prefix, "lock", name);
  const holder = randomUUID();
  const take = async (name: string, status: string, at: number, ttlMs: number, retryBefore: number) =>
    (await redis.eval(TAKE, 1, key(name), status, String(at), holder, String(ttlMs), String(retryBefore))) ===
    1;
  return {
    claim: (name, at, ttlMs, retryBefore) => take(name, "claimed", at, ttlMs, retryBefore),
    skip: (name, at, ttlMs) => take(name, "skipped", at, ttlMs, 0),
    async settle(name, outcome) {
      return (await redis.eval(SETTLE, 1, key(name), holder, outcome)) === 1;
    },
  };
}
