import type { ForecastService } from "../src/forecast/service.js";
import { staleNotice } from "../src/format.js";
import type { Logger } from "../src/logger.js";
import type { AlertFiring } from "../src/schedule/alert-checker.js";
import { describeAlert } from "./alert-format.js";
import { withChart } from "./chart-attachment.js";
import { summaryLine } from "./daily-post.js";
import { NOT_ADVICE } from "./forecast.js";
import type { Reply } from "./types.js";

/** One alert's message: what crossed, the 4h forecast now, and its chart. */
export async function buildAlertPost(
  forecasts: Pick<ForecastService, "chart">,
  firing: AlertFiring,
  logger: Logger,
): Promise<Reply> {
  const { alert, message, observation } = firing;
  const f = observation.forecast;
  const reply: Reply = {
    title: `Alert #${alert.id}: ${describeAlert(alert)}`,
    lines: [
      message,
      `Next 4h: ${summaryLine(f)}.`,
      ...(f.data.stale ? [staleNotice(f.data, f.timeframe)] : []),
    ],
    footer: `Model ${f.modelVersion}. /alert remove ${alert.id} stops this alert. ${NOT_ADVICE}`,
  };
  return withChart(reply, f, () => forecasts.chart(f), logger);
}
