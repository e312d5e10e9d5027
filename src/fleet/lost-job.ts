import type { Redis } from "ioredis";
import { UserError } from "../errors.js";
import type { RedisHealth } from "./redis-health.js";

/** How often a caller waiting for a training asks whether its job is still in Redis: one EXISTS. */
export const LOST_JOB_CHECK_MS = 30_000;

export const TRAINING_LOST_MESSAGE =
  "The queue lost the training when Redis restarted (its job is gone); run it again.";

export function trainingLost(): UserError {
  return new UserError(TRAINING_LOST_MESSAGE, { code: "training-lost" });
}

/** A watch on a queued job's key: `lost` rejects once the key is gone; `stop` ends the watch. */
export interface JobWatch {
  lost: Promise<never>;
  stop(): void;
}

/**
 * Watches job key `key` while a caller waits hours for its answer. A Redis that comes back without its keys
 * (restarted with no persistence, failed over to a replica that lacked them, keys evicted) has lost the
 * job: its worker's result then has nowhere to go and no event ever tells the caller, who would wait out
 * the whole training timeout. Asked whenever Redis answers again and every `everyMs` while it answers; a
 * check that fails on the connection is left to the next one.
 */
export function watchJobKey(redis: Redis, health: RedisHealth, key: string, everyMs: number): JobWatch {
  let stopped = false;
  let reject: (error: UserError) => void = () => undefined;
  const lost = new Promise<never>((_, rejectLost) => {
    reject = rejectLost;
  });
  const check = async () => {
    if (stopped || !health.up) return;
    const found = await redis.exists(key).catch(() => undefined);
    if (found === 0 && !stopped) reject(trainingLost());
  };
  const off = health.onChange((up) => {
    if (up) void check();
  });
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return {
    lost,
    stop() {
      stopped = true;
      off();
      clearInterval(timer);
    },
  };
}
