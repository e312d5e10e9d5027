import { UserError } from "../src/errors.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import {
  ALERT_KINDS,
  type AlertDirection,
  type AlertKind,
  type AlertRule,
  formatLevel,
} from "../src/schedule/alert-rules.js";
import { utcMinute } from "../src/time.js";
import { alertState, alertsOf, describeAlert, rearmRule } from "./alert-format.js";
import { NOT_ADVICE } from "./forecast.js";
import { defineCommand, type Reply } from "./types.js";

/** Digits with optional thousands separators and decimals: "100000", "100,000", "0.6", ".6", "60%". */
const NUMBER = /^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/;
const MAX_ECHO = 20;
const echo = (text: string) => text.replace(/[^A-Za-z0-9.,%-]/g, "").slice(0, MAX_ECHO);

/**
 * A price level (positive, finite) or, for pup, a probability strictly between 0 and 1 ("0.6" or "60%").
 * @throws UserError naming what was wrong and what is accepted.
 */
export function parseLevel(kind: "price" | "pup", text: string | undefined): number {
  const example = kind === "price" ? "100000 or 2.05" : "0.6 or 60%";
  if (text === undefined)
    throw new UserError(
      `A ${kind} alert needs a level, e.g. /alert ${kind} BTC above ${kind === "price" ? "100000" : "0.6"}.`,
      {
        code: "missing-option",
      },
    );
  const trimmed = text.trim();
  const digits = trimmed.replace(/%$/, "");
  if (!NUMBER.test(trimmed) || digits === "" || digits === ".") {
    throw new UserError(
      `"${echo(trimmed)}" is not a number I can use as a level. Write it like ${example}.`,
      {
        code: "bad-number",
      },
    );
  }
  const value = Number(digits.replace(/,/g, "")) / (trimmed.endsWith("%") ? 100 : 1);
  if (kind === "pup") {
    if (!(value > 0 && value < 1))
      throw new UserError(
        `P(up) is a probability: give a level between 0 and 1 (not included), like ${example}.`,
        {
          code: "bad-number",
        },
      );
    return value;
  }
  if (trimmed.endsWith("%"))
    throw new UserError(`A price level is a price, not a percentage: write it like ${example}.`, {
      code: "bad-number",
    });
  if (!(Number.isFinite(value) && value > 0))
    throw new UserError(`A price level must be above zero, like ${example}.`, { code: "bad-number" });
  return value;
}

/** The rule the arguments describe. @throws UserError for a missing or superfluous direction or level. */
export function parseRule(
  kind: AlertKind,
  direction: string | undefined,
  level: string | undefined,
): AlertRule {
  if (kind === "band" || kind === "volatility") {
    if (direction !== undefined || level !== undefined)
      throw new UserError(`A ${kind} alert takes only a coin, e.g. /alert ${kind} BTC.`, {
        code: "bad-option",
      });
    return { kind };
  }
  if (direction === undefined)
    throw new UserError(
      `A ${kind} alert needs above or below, e.g. /alert ${kind} BTC above ${kind === "price" ? "100000" : "0.6"}.`,
      {
        code: "missing-option",
      },
    );
  return { kind, direction: direction as AlertDirection, level: parseLevel(kind, level) };
}

/** "3" or "#3" as an alert id. */
function parseId(text: string | undefined): number {
  const match = /^#?(\d{1,9})$/.exec(text?.trim() ?? "");
  if (match === null)
    throw new UserError(
      text === undefined
        ? "Which alert? /alert remove ID, with an ID from /alerts."
        : `"${echo(text)}" is not an alert ID. /alerts lists this channel's alerts with their IDs.`,
      { code: "unknown-alert" },
    );
  return Number(match[1]);
}

export const alertCommand = defineCommand(
  {
    name: "alert",
    description:
      "Alert here when a coin crosses a price, leaves its 80% band, turns volatile, or P(up) crosses",
    options: [
      {
        name: "kind",
        description: "price, band, volatility or pup; remove deletes one",
        required: true,
        choices: [...ALERT_KINDS, "remove"],
      },
      {
        name: "symbol",
        description: "A coin, e.g. BTC (for remove: the alert's ID)",
        autocomplete: "symbol",
        maxLength: 40,
      },
      { name: "direction", description: "For price and pup: above or below", choices: ["above", "below"] },
      {
        name: "level",
        description: "price: a price, e.g. 100000; pup: a probability, e.g. 0.6",
        maxLength: 24,
      },
    ],
    permission: "admin-in-groups",
  },
  async (args, { caller, services, progress }): Promise<Reply> => {
    const alerts = alertsOf(services);
    if (args.kind === "remove") {
      if (args.direction !== undefined || args.level !== undefined)
        throw new UserError("/alert remove takes only the alert's ID, e.g. /alert remove 3.", {
          code: "bad-option",
        });
      const id = parseId(args.symbol);
      const removed = await alerts.remove(caller.platform, caller.channelId, id);
      if (!removed)
        throw new UserError(`This channel has no alert #${id}. /alerts lists this channel's alerts.`, {
          code: "unknown-alert",
        });
      return { lines: [`Alert #${id} removed.`] };
    }
    const kind = args.kind as AlertKind;
    if (args.symbol === undefined)
      throw new UserError(
        `Which coin? e.g. /alert ${kind} BTC${kind === "price" ? " above 100000" : kind === "pup" ? " above 0.6" : ""}.`,
        {
          code: "missing-symbol",
        },
      );
    const rule = parseRule(kind, args.direction, args.level);
    if (kind === "volatility")
      await progress("Working out the forecast volatility of the last year (a few seconds, the first time)…");
    const { alert, observation } = await alerts.add(
      {
        platform: caller.platform,
        channelId: caller.channelId,
        symbol: args.symbol,
        rule,
        createdBy: caller.userId,
      },
      {
        onFetching: (pair) =>
          progress(`Fetching the history of ${pair} from the exchange (its first request here)…`),
      },
    );
    const f = observation.forecast;
    const now = [
      `Last 4h close ${formatLevel(f.lastPrice)} at ${utcMinute(f.asOf + TIMEFRAME_MS[f.timeframe])} UTC.`,
    ];
    if (rule.kind === "pup") now.push(`P(up) for the next 4h: ${(f.probabilityUp * 100).toFixed(0)}%.`);
    if (rule.kind === "band")
      now.push(
        `The 80% interval for the next close: ${formatLevel(f.interval80.low)} to ${formatLevel(f.interval80.high)}.`,
      );
    if (rule.kind === "volatility" && observation.volatility !== undefined) {
      const v = observation.volatility;
      now.push(
        `Forecast volatility ${(v.value * 100).toFixed(2)}% per 4h; over the last year (${v.days} days) its 80th ` +
          `percentile is ${(v.p80 * 100).toFixed(2)}%, its 90th ${(v.p90 * 100).toFixed(2)}%.`,
      );
    }
    const when =
      rule.kind === "volatility"
        ? `Now: ${alertState(alert)}.`
        : alert.state.armed
          ? `Fires once at the next crossing, then again only after re-arming ${rearmRule(rule)}.`
          : `The condition holds already: it fires at the next crossing, after re-arming ${rearmRule(rule)}.`;
    return {
      title: `Alert #${alert.id} set: ${describeAlert(alert)}`,
      lines: [...now, when],
      footer: `Checked after every 4h close. /alerts lists them; /alert remove ${alert.id} removes it. ${NOT_ADVICE}`,
    };
  },
);
