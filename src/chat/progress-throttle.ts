/**
 * How often a chat may show a command's progress: the first update passes, later ones at most one per
 * `intervalMs`; the rest are dropped (progress is cosmetic, the final answer is never throttled). Discord
 * and Telegram both edit one message with it, and both platforms rate-limit edits.
 */
export interface ProgressThrottle {
  /** True when an update may be shown now (and counts it as shown). */
  take(): boolean;
}

/** Default least time between two progress edits. */
export const PROGRESS_INTERVAL_MS = 2_000;

export function createProgressThrottle(
  intervalMs: number = PROGRESS_INTERVAL_MS,
  now: () => number = Date.now,
): ProgressThrottle {
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    take() {
      const at = now();
      if (at - lastAt < intervalMs) return false;
      lastAt = at;
      return true;
    },
  };
}
