import cron, { type ScheduledTask } from "node-cron";
import { isUserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ForecastService } from "./service.js";

/**
 * Candles close every 4 hours on the hour (UTC); the exchange needs a minute to settle them (see
 * fetch-candles.ts), so new data are fetched two minutes later.
 */
export const DATA_REFRESH_CRON = "2 */4 * * *";

export interface ForecastSchedules {
  readonly tasks: readonly ScheduledTask[];
  stop(): Promise<void>;
}

/**
 * The forecast core's own timetable: fetch new candles after each close (and score what came due), and
 * retrain on `retrainCron` because markets drift. Times are UTC; a run still going when the next is due
 * is skipped rather than doubled.
 */
export function startForecastSchedules(options: {
  service: Pick<ForecastService, "refreshData" | "retrainer">;
  retrainCron: string | undefined;
  logger: Logger;
  /**
   * Bot replicas: runs the scheduled retrain in one replica of the fleet and resolves false in the others
   * (see fleetOnce). Absent: this process is the only one.
   */
  once?: (task: string, run: () => Promise<void>) => Promise<boolean>;
  /** Runs after each scheduled refresh, on the fresh candles (the alert checks); its failure is logged. */
  afterRefresh?: () => Promise<void>;
}): ForecastSchedules {
  const { service, logger } = options;
  const every = (name: string, expression: string, job: () => Promise<void>) =>
    cron.schedule(
      expression,
      async () => {
        try {
          await job();
        } catch (error) {
          if (isUserError(error)) logger.info({ task: name }, error.message);
          else logger.error({ err: error, task: name }, "scheduled task failed");
        }
      },
      { name, timezone: "UTC", noOverlap: true },
    );
  const tasks = [
    every("data-refresh", DATA_REFRESH_CRON, async () => {
      // The alerts check what the exchange gave; a refresh that failed leaves them nothing new to check.
      try {
        await service.refreshData();
      } finally {
        await options.afterRefresh?.();
      }
    }),
  ];
  if (options.retrainCron !== undefined) {
    tasks.push(
      every("retrain", options.retrainCron, async () => {
        const retrain = async () => {
          for (const outcome of await service.retrainer.retrain()) {
            logger.info({ task: "retrain", ...outcome }, `scheduled retrain: ${outcome.decision}`);
          }
        };
        if (options.once === undefined) await retrain();
        else if (!(await options.once("retrain", retrain)))
          logger.info({ task: "retrain" }, "scheduled retrain runs in another replica");
      }),
    );
  }
  return {
    tasks,
    stop: async () => {
      for (const task of tasks) await task.destroy();
    },
  };
}
