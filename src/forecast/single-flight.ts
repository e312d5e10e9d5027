/**
 * Concurrent calls with the same key share one computation: the first caller starts it, the others await
 * the same promise until it settles. Hand-written because it is a dozen lines over a Map; the libraries
 * that offer it bundle a cache we already have (keyv).
 */
export interface SingleFlight<T> {
  run(key: string, compute: () => Promise<T>): Promise<T>;
  /** Keys whose computation is running now. */
  readonly size: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const running = new Map<string, Promise<T>>();
  return {
    run(key, compute) {
      const shared = running.get(key);
      if (shared !== undefined) return shared;
      const started = (async () => compute())().finally(() => running.delete(key));
      running.set(key, started);
      return started;
    },
    get size() {
      return running.size;
    },
  };
}
