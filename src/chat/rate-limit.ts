import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** `points` commands per user in any window of `seconds` (config RATE_LIMIT_POINTS, RATE_LIMIT_SECONDS). */
export interface RateLimitOptions {
  points: number;
  seconds: number;
}

export type RateDecision = { ok: true } | { ok: false; retryInSeconds: number };

export interface RateLimiter {
  /** Takes one point from `key`'s budget, or says how long until one is free again. */
  take(key: string): Promise<RateDecision>;
}

/** A per-key limit kept in this process's memory (one bot process serves each platform). */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.seconds });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (rejection) {
        // The memory store never fails; a rejection is the limit, anything else a bug worth seeing.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { ok: false, retryInSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}
