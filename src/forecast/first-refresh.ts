import type { Logger } from "../logger.js";
import type { Ensured } from "../market/on-demand.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { type SeriesCache, STALE_AFTER_PERIODS } from "./series-cache.js";

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

/**
 * Resolves true when `work` succeeds within `ms`; false when it fails, or past `ms` (it goes on; a failure is
 * logged either way, never thrown: the forecast is then served from what is stored, stale).
 */
export async function within(work: Promise<unknown>, ms: number, logger: Logger): Promise<boolean> {
  const settled = work.then(
    () => true,
    (error: unknown) => {
      logger.error({ err: error }, "a forecast's own refresh failed; serving what is stored");
      return false;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Brings the pair a forecast is about up to date, waiting on the exchange `waitMs` at most per refresh; true
 * when the forecast must be served stale (a refresh failed or is late: a slow exchange never slows an answer
 * further). A pair outside SYMBOLS is not refreshed on schedule: it catches up here once a 4h candle closed.
 * A configured pair whose data are stale by age (a process that never refreshes: a piped console, the command
 * line; or an exchange away for hours) is asked for once too, so that "could not be fetched" is true; not for
 * a post at a close (`byAge` false), which has its own rule (closed-candle.ts).
 */
export async function catchUp(
  deps: {
    series: SeriesCache;
    firstRefresh: { wait(): Promise<void> };
    waitMs: number;
    logger: Logger;
    now: () => number;
  },
  ensured: Ensured,
  byAge: boolean,
): Promise<boolean> {
  const { series, waitMs, logger } = deps;
  const { symbol } = ensured;
  const refreshLate = async () =>
    !(await within(series.refresh(symbol, undefined, { asked: true }), waitMs, logger));
  const late = ensured.due && (await refreshLate());
  await deps.firstRefresh.wait();
  if (ensured.due || ensured.onDemand || !byAge) return late;
  const step = TIMEFRAME_MS["4h"];
  const { asOf } = (await series.get(symbol, "4h")).provenance;
  return deps.now() - (asOf + step) > STALE_AFTER_PERIODS * step ? refreshLate() : false;
}
