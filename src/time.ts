import { setTimeout as sleep } from "node:timers/promises";

/** `2025-12-08`: the UTC day of an epoch-ms time. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2025-12-08 16:00`: UTC to the minute, or "-" when there is no time. */
export function utcMinute(ms: number | null): string {
  if (ms === null) return "-";
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * What `task` resolves to if it settles within `ms`, else undefined; the task is left to settle unheard. The
 * timer keeps no process alive. For waits that must not outlast a deadline (a lease, a stop, a close).
 */
export async function within<T>(task: Promise<T>, ms: number): Promise<T | undefined> {
  const timer = new AbortController();
  return Promise.race([
    task,
    sleep(Math.max(0, ms), undefined, { signal: timer.signal, ref: false }).catch(() => undefined),
  ]).finally(() => timer.abort());
}
