import { ENGLISH, type I18n } from "../i18n/index.js";
import type { FleetStatus } from "./queue-runner.js";

/** The fleet in a few lines (a split of the bots' stores first), for `coincast status` (English) and admins' `/model` (their language). */
export function fleetStatusLines(
  status: FleetStatus,
  { t }: I18n = ENGLISH,
  now: number = Date.now(),
): string[] {
  // First: the one line that asks the operator to change something.
  const lines = status.stores > 1 ? [t("fleet.splitStores", { count: status.stores })] : [];
  lines.push(
    t("fleet.queues", {
      forecastWaiting: status.forecast.waiting,
      forecastActive: status.forecast.active,
      trainingWaiting: status.training.waiting,
      trainingActive: status.training.active,
    }),
  );
  if (status.workers.length === 0) return [...lines, t("fleet.noWorker")];
  lines.push(t("fleet.workersSeen", { count: status.workers.length }));
  for (const w of status.workers) {
    const ago = Math.max(0, Math.round((now - w.at) / 1000));
    lines.push(t("fleet.worker", { ...w, ago }));
  }
  return lines;
}

/** The operator's words for bots writing `count` stores (count > 1), in English: the log and /readyz say it so. */
export function splitStoresMessage(count: number): string {
  return ENGLISH.t("fleet.splitStores", { count });
}
