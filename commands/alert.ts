import { UserError } from "../src/errors.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import { ALERT_KINDS, type AlertKind, formatLevel } from "../src/schedule/alert-rules.js";
import { utcMinute } from "../src/time.js";
import { alertState, alertsOf, describeAlert, rearmRule } from "./alert-format.js";
import { parseId, parseRule, refuseRemoveExtras } from "./alert-parse.js";
import { NOT_ADVICE } from "./forecast.js";
import { defineCommand, type Reply } from "./types.js";

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
      {
        name: "direction",
        description: "For price and pup: above or below",
        choices: ["above", "below"],
        // After `remove` a second word is most likely another ID: the handler answers that, not "not a direction".
        appliesWhen: { option: "kind", values: ["price", "pup"] },
      },
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
      refuseRemoveExtras(args.symbol, [args.direction, args.level]);
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
