import type { Logger } from "../logger.js";

/**
 * A circuit breaker for the forecast cache. The first failed operation opens it: from then on every
 * cache call is skipped (a miss, a set not made) at no cost, instead of each get and set waiting out its
 * own timeout on a refused port. While open, a probe is tried in the background every `retryMs`; the first
 * that succeeds closes it. Each outage is logged once when it opens and once when it ends.
 *
 * Hand-written: the libraries (opossum, cockatiel) wrap one function each, and the cache's namespaces
 * share one back-end, so they share one circuit here.
 */
export interface CacheCircuit {
  isOpen(): boolean;
  /** Opens the circuit after `error` (no-op when already open); `probe` is what the background retry runs. */
  trip(error: unknown, operation: string, probe: () => Promise<unknown>): void;
  /** Stops the background retry (closing the caches). */
  dispose(): void;
}

/** How long a down cache is skipped before the next background probe (ms). */
export const CACHE_RETRY_MS = 30_000;

export function createCacheCircuit(options: {
  kind: string;
  logger: Logger;
  retryMs?: number;
}): CacheCircuit {
  const { kind, logger } = options;
  const retryMs = options.retryMs ?? CACHE_RETRY_MS;
  let open = false;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const schedule = (probe: () => Promise<unknown>) => {
    if (disposed) return;
    timer = setTimeout(() => {
      timer = undefined;
      probe().then(
        () => {
          open = false;
          logger.info({ cache: kind }, "forecast cache is back");
        },
        () => schedule(probe),
      );
    }, retryMs);
    // A retry pending must not keep a finished process alive.
    timer.unref();
  };

  return {
    isOpen: () => open,
    trip: (error, operation, probe) => {
      if (open) return;
      open = true;
      logger.warn(
        { err: error, cache: kind, operation, retryMs },
        "forecast cache unavailable; computing without it and retrying in the background",
      );
      schedule(probe);
    },
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
