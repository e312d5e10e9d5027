import { ENGLISH, type I18n } from "../i18n/index.js";
import type { FleetStatus } from "./queue-runner.js";

/** The fleet in a few lines, for `coincast status` (English) and admins' `/model` (their language). */
export function fleetStatusLines(
  status: FleetStatus,
  { t }: I18n = ENGLISH,
  now: number = Date.now(),
): string[] {
  const lines = [
    t("fleet.queues", {
      forecastWaiting: status.forecast.waiting,
      forecastActive: status.forecast.active,
      trainingWaiting: status.training.waiting,
      trainingActive: status.training.active,
    }),
  ];
  if (status.workers.length === 0) return [...lines, t("fleet.noWorker")];
  lines.push(t("fleet.workersSeen", { count: status.workers.length }));
  for (const w of status.workers) {
    const ago = Math.max(0, Math.round((now - w.at) / 1000));
    lines.push(t("fleet.worker", { ...w, ago }));
  }
  return lines;
}
