import type { Backoff } from "../../src/market/fetch-candles.js";

/**
 * A backoff in milliseconds for tests over the fake exchange: delays from `min` to `max` growing by `factor`,
 * no random spread; every caller waits out a Retry-After of up to `waitMs` (the scheduled refresh too).
 */
export function fastBackoff(min: number, max: number, factor: number, waitMs = max): Backoff {
  return {
    minTimeoutMs: min,
    maxTimeoutMs: max,
    factor,
    randomize: false,
    maxRetryAfterMs: waitMs,
    maxScheduledRetryAfterMs: waitMs,
  };
}
