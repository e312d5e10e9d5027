import type { CommandServices, RecordedEvaluation } from "../../commands/types.js";
import type { Config } from "../config.js";
import { evaluationDir, readReport } from "../evaluation/report.js";
import { crpsSkill } from "../evaluation/skill.js";
import {
  LEAVE_ONE_COIN_OUT_SUFFIX,
  type UnseenCoinFigures,
  unseenCoinFigures,
} from "../evaluation/unseen-coins.js";
import type { FleetStatus } from "../fleet/queue-runner.js";
import type { ForecastService } from "../forecast/service.js";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import type { Alerts } from "../schedule/alerts.js";
import type { Subscriptions } from "../schedule/subscriptions.js";

/** What chat commands may use, over the forecast core. The evaluation reports are read once each. */
export function createCommandServices(
  config: Pick<Config, "symbols" | "modelsDir">,
  logger: Logger,
  service: ForecastService,
  extras: {
    subscriptions?: Subscriptions;
    alerts?: Alerts;
    /** With REDIS_URL: the live workers and queue depth, for /model. */
    fleetStatus?: () => Promise<FleetStatus>;
  } = {},
): CommandServices {
  const reports = new Map<ModelTimeframe, Promise<RecordedEvaluation | null>>();
  const unseen = new Map<ModelTimeframe, Promise<UnseenCoinFigures[] | null>>();
  const { subscriptions, alerts, fleetStatus } = extras;
  return {
    ...(subscriptions === undefined ? {} : { subscriptions }),
    ...(alerts === undefined ? {} : { alerts }),
    ...(fleetStatus === undefined ? {} : { fleetStatus }),
    forecasts: service,
    chart: (forecast) => service.chart(forecast),
    symbols: config.symbols,
    logger,
    evaluation: (timeframe) => {
      let report = reports.get(timeframe);
      if (report === undefined) {
        report = readReport(evaluationDir(config.modelsDir, timeframe))
          .then((read) => (read === null ? null : { entries: read.entries, skill: crpsSkill(read) }))
          .catch((error: unknown) => {
            // A damaged report costs the verdict line, not the forecast.
            logger.warn({ err: error, timeframe }, "could not read the recorded evaluation");
            reports.delete(timeframe);
            return null;
          });
        reports.set(timeframe, report);
      }
      return report;
    },
    unseenCoins: (timeframe) => {
      let figures = unseen.get(timeframe);
      if (figures === undefined) {
        figures = readReport(evaluationDir(config.modelsDir, `${timeframe}${LEAVE_ONE_COIN_OUT_SUFFIX}`))
          .then((read) => (read === null ? null : unseenCoinFigures(read)))
          .catch((error: unknown) => {
            logger.warn({ err: error, timeframe }, "could not read the leave-one-coin-out evaluation");
            unseen.delete(timeframe);
            return null;
          });
        unseen.set(timeframe, figures);
      }
      return figures;
    },
  };
}
