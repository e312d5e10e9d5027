import type { FleetStatus } from "./queue-runner.js";

/** The fleet in a few lines, for `coincast status` and admins' `/model`. */
export function fleetStatusLines(status: FleetStatus, now: number = Date.now()): string[] {
  const lines = [
    `Forecast queue: ${status.forecast.waiting} waiting, ${status.forecast.active} running. ` +
      `Training queue: ${status.training.waiting} waiting, ${status.training.active} running.`,
  ];
  if (status.workers.length === 0) {
    lines.push(
      "No forecast worker is running (none seen in the last minute): start one with `coincast worker`.",
    );
    return lines;
  }
  lines.push(`Workers seen in the last minute: ${status.workers.length}.`);
  for (const w of status.workers) {
    const ago = Math.max(0, Math.round((now - w.at) / 1000));
    lines.push(
      `  ${w.id}: ${w.backend}, ${w.concurrency} at a time, ${w.jobs} jobs done, last seen ${ago} s ago`,
    );
  }
  return lines;
}
