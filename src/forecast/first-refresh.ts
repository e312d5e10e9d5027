/**
 * The process's first data refresh, which a forecast asked meanwhile waits for, up to `waitMs`: the stored
 * candles may be a year old (a fresh install). Later refreshes are never waited for (the data are then at
 * most one period behind).
 */
export function createFirstRefresh(waitMs: number): {
  /** Takes `run` as the first refresh if none was started before; later runs are ignored. */
  track(run: Promise<unknown>): void;
  /** Resolves when the first refresh ended, after `waitMs`, or at once when none is running. */
  wait(): Promise<void>;
} {
  // The first refresh while it runs, then undefined for good.
  let running: Promise<void> | undefined;
  let started = false;
  return {
    track(run) {
      if (started) return;
      started = true;
      // Waiters only need to know it ended; its failure is the caller's to handle.
      running = run.then(
        () => undefined,
        () => undefined,
      );
      void running.then(() => {
        running = undefined;
      });
    },
    async wait() {
      if (running === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        running,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
