import { UserError } from "../src/errors.js";
import {
  type AlertRule,
  describeRule,
  formatLevel,
  PRICE_REARM,
  PUP_REARM,
} from "../src/schedule/alert-rules.js";
import type { Alert } from "../src/schedule/alert-schema.js";
import { localMinute } from "../src/schedule/local-time.js";
import type { CommandServices } from "./types.js";

/** The alert service, or a clear answer where this run has none. */
export function alertsOf(services: CommandServices): NonNullable<CommandServices["alerts"]> {
  if (services.alerts === undefined) {
    throw new UserError("Alerts are not available here.", { code: "not-available" });
  }
  return services.alerts;
}

/** "BTC/USDT price above 100,000". */
export const describeAlert = (a: Pick<Alert, "symbol" | "rule">): string =>
  `${a.symbol} ${describeRule(a.rule)}`;

/** When an alert that fired (or started past its level) fires again. */
export function rearmRule(rule: AlertRule): string {
  switch (rule.kind) {
    case "price": {
      const back = rule.level * (rule.direction === "above" ? 1 - PRICE_REARM : 1 + PRICE_REARM);
      return `once a 4h close is back at or ${rule.direction === "above" ? "below" : "above"} ${formatLevel(back)}`;
    }
    case "pup": {
      const back = rule.level + (rule.direction === "above" ? -PUP_REARM : PUP_REARM);
      return `once P(up) is back at or ${rule.direction === "above" ? "below" : "above"} ${(back * 100).toFixed(0)}%`;
    }
    case "band":
      return "once a close is back well inside its interval (a tenth of its width in from the edges)";
    case "volatility":
      return "when the forecast volatility falls back below its 80th percentile (that fires too)";
  }
}

/** "armed", "fired, re-arms once …", "paused since …": an alert's state in a few words. */
export function alertState(a: Alert): string {
  if (a.pausedAt !== null)
    return `paused since ${localMinute(a.pausedAt, "UTC")} UTC: ${a.pauseReason ?? "the channel refused posts"}`;
  const fired = a.lastFiredAt === null ? "" : `; last fired ${localMinute(a.lastFiredAt, "UTC")} UTC`;
  if (a.rule.kind === "volatility")
    return `${a.state.armed ? "normal regime, fires when it turns high" : "high regime, fires when it is back to normal"}${fired}`;
  return `${a.state.armed ? "armed" : `waiting to re-arm ${rearmRule(a.rule)}`}${fired}`;
}
