import type { CommandServices } from "../../commands/types.js";
import type { Config } from "../config.js";
import type { FleetStatus } from "../fleet/queue-runner.js";
import type { ForecastService } from "../forecast/service.js";
import type { Logger } from "../logger.js";
import type { Alerts } from "../schedule/alerts.js";
import type { Subscriptions } from "../schedule/subscriptions.js";

/** What chat commands may use: the forecast core, and the channel features where they are wired. */
export function createCommandServices(
  config: Pick<Config, "symbols">,
  logger: Logger,
  service: ForecastService,
  extras: {
    subscriptions?: Subscriptions;
    alerts?: Alerts;
    /** With REDIS_URL: the live workers and queue depth, for /model. */
    fleetStatus?: () => Promise<FleetStatus>;
  } = {},
): CommandServices {
  const { subscriptions, alerts, fleetStatus } = extras;
  return {
    ...(subscriptions === undefined ? {} : { subscriptions }),
    ...(alerts === undefined ? {} : { alerts }),
    ...(fleetStatus === undefined ? {} : { fleetStatus }),
    forecasts: service,
    symbols: config.symbols,
    logger,
  };
}
