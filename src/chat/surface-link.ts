import { scrubbedError } from "../error-report.js";

/** What the bot gives every chat platform's start (adapters.ts), whatever the platform. */
export interface SurfaceHooks {
  /** Aborted when the bot stops: ends a start-up still waiting for the platform's API. */
  signal?: AbortSignal | undefined;
  /**
   * Hears the link to the platform change after start-up: undefined once it answers, a reason when it stops
   * answering (the client library reconnects or polls on, telling no one) or is lost for good.
   */
  onLink?: ((down: string | undefined) => void) | undefined;
}

/** `onLink`, told each change once: a client library repeats itself (every failed poll, every retry). */
export function linkReporter(onLink: SurfaceHooks["onLink"]): (down: string | undefined) => void {
  let state: string | undefined = "starting";
  return (down) => {
    if (down === state) return;
    state = down;
    onLink?.(down);
  };
}

/**
 * One start-up try, bounded: `signal` aborts when the bot stops or after `timeoutMs` (none if absent), and
 * `wait` settles as `work` does, or rejects once the signal aborts first, saying what `api` kept waiting for.
 * A step that fails runs `undo` first, so that a failed try leaves nothing running (a retry starts afresh).
 */
export function startBound(
  api: string,
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
  secrets: readonly string[],
) {
  const { timeoutMs } = options;
  const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout].filter((s) => s !== undefined));
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  return {
    signal,
    async wait<T>(step: string, work: Promise<T>, undo?: () => Promise<unknown>): Promise<T> {
      try {
        return await Promise.race([work, aborted]);
      } catch (error) {
        await undo?.().catch(() => undefined);
        if (!signal.aborted) throw error;
        const why = timeout?.aborted
          ? `did not answer ${step} within ${Number(timeoutMs) / 1000} s`
          : "start-up stopped";
        throw new Error(`${api} ${why}`, { cause: scrubbedError(error, secrets) });
      }
    },
  };
}
