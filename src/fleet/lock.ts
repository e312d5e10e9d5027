import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { fleetKey } from "./redis.js";

/** Deletes the lock only if this holder still owns it: an expired lock taken by another is left alone. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extends the lock only if this holder still owns it. */
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Takes a claim (SET NX with expiry) or finds it taken by the same holder: a claim Redis applied but whose
 * answer was lost (a command timeout) is the holder's when it asks again, not a post lost for everyone.
 */
const CLAIM = `if redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") then return 1 end
if redis.call("get", KEYS[1]) == ARGV[1] then return 1 else return 0 end`;

/** What a guarded task ended in: run here, or skipped because another process holds the lock. */
export type LockOutcome<T> = { ran: true; value: T } | { ran: false };

/**
 * Fleet-wide mutual exclusion for work one replica should do (the data refresh, a retrain): SET NX PX
 * with a random token, extended every third of its expiry while the task runs, released by token. A
 * holder that dies stops extending, so the lock frees itself after `ttlMs`.
 */
export interface FleetLock {
  run<T>(name: string, ttlMs: number, task: () => Promise<T>): Promise<LockOutcome<T>>;
  /**
   * Takes `name` without extending it: for "once per period" claims (SET NX with expiry). True to the first
   * process to ask, and again to that process if it asks again (its first answer may have been lost).
   */
  claim(name: string, ttlMs: number): Promise<boolean>;
}

export function createFleetLock(redis: Redis, prefix: string): FleetLock {
  const key = (name: string) => fleetKey(prefix, "lock", name);
  // Who holds a claim: this process, so that a claim it made whose answer it never got is its own still.
  const holder = randomUUID();
  return {
    async run(name, ttlMs, task) {
      const token = randomUUID();
      if ((await redis.set(key(name), token, "PX", ttlMs, "NX")) !== "OK") return { ran: false };
      const extend = setInterval(
        () => {
          redis.eval(EXTEND, 1, key(name), token, String(ttlMs)).catch(() => undefined);
        },
        Math.max(100, Math.floor(ttlMs / 3)),
      );
      try {
        return { ran: true, value: await task() };
      } finally {
        clearInterval(extend);
        await redis.eval(RELEASE, 1, key(name), token).catch(() => undefined);
      }
    },
    async claim(name, ttlMs) {
      return (await redis.eval(CLAIM, 1, key(name), holder, String(ttlMs))) === 1;
    },
  };
}

/** A claimed slot outlives any clock skew between replicas (their cron fires within seconds of each other). */
const SLOT_CLAIM_MS = 3600_000;

/**
 * Runs a scheduled task once per scheduled minute across the fleet: the first replica to claim
 * `<task>:<minute>` (SET NX with a one-hour expiry, never released) runs it; the others, firing at the
 * same minute, resolve false. A replica that dies mid-task leaves that slot undone: the next slot runs.
 */
export function fleetOnce(lock: FleetLock, now: () => number = Date.now) {
  return async (task: string, run: () => Promise<void>): Promise<boolean> => {
    const minute = new Date(Math.floor(now() / 60_000) * 60_000).toISOString();
    if (!(await lock.claim(`${task}@${minute}`, SLOT_CLAIM_MS))) return false;
    await run();
    return true;
  };
}
