import { UserError } from "../src/errors.js";
import { formatDateTime } from "../src/format.js";
import { ENGLISH } from "../src/i18n/index.js";
import { TIMEFRAME_MS } from "../src/market/types.js";
import { ALERT_KINDS, type AlertKind, formatClose } from "../src/schedule/alert-rules.js";
import { alertState, alertsOf, describeAlert, rearmRule, shareBeside } from "./alert-format.js";
import { alertExample, parseId, parseRule, refuseRemoveExtras } from "./alert-parse.js";
import { formatPrice, share } from "./format.js";
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
  async (args, { caller, services, progress, i18n = ENGLISH }): Promise<Reply> => {
    const { t, locale } = i18n;
    const alerts = alertsOf(services);
    if (args.kind === "remove") {
      refuseRemoveExtras(args.symbol, [args.direction, args.level]);
      const id = parseId(args.symbol);
      const removed = await alerts.remove(caller.platform, caller.channelId, id);
      if (!removed)
        throw new UserError(`This channel has no alert #${id}. /alerts lists this channel's alerts.`, {
          code: "unknown-alert",
          params: { context: "id", id },
        });
      return { lines: [t("alert.removed", { id })] };
    }
    const kind = args.kind as AlertKind;
    if (args.symbol === undefined) {
      const example = alertExample(kind, locale);
      throw new UserError(`Which coin? e.g. ${example}.`, {
        code: "missing-symbol",
        params: { context: "alert", example },
      });
    }
    const rule = parseRule(kind, args.direction, args.level, locale);
    if (kind === "volatility") await progress(t("alert.working"));
    const { alert, observation } = await alerts.add(
      {
        platform: caller.platform,
        channelId: caller.channelId,
        symbol: args.symbol,
        rule,
        createdBy: caller.userId,
        // Its posts speak the language of whoever set it.
        ...(caller.locale === undefined ? {} : { locale: caller.locale }),
      },
      { onFetching: (pair) => progress(t("forecast.fetching", { symbol: pair })) },
    );
    const f = observation.forecast;
    const price = (value: number) => formatPrice(value, locale);
    const now = [
      t("alert.lastClose", {
        // Beside a price level, with the digits that tell the two apart.
        price: rule.kind === "price" ? formatClose(f.lastPrice, rule.level, locale) : price(f.lastPrice),
        time: formatDateTime(f.asOf + TIMEFRAME_MS[f.timeframe], locale),
      }),
    ];
    if (rule.kind === "pup")
      now.push(t("alert.pUpNow", { share: shareBeside(f.probabilityUp, rule.level, locale) }));
    if (rule.kind === "band")
      now.push(t("alert.bandNow", { low: price(f.interval80.low), high: price(f.interval80.high) }));
    if (rule.kind === "volatility" && observation.volatility !== undefined) {
      const v = observation.volatility;
      now.push(
        t("alert.volatilityNow", {
          value: share(v.value, 2, locale),
          days: v.days,
          p80: share(v.p80, 2, locale),
          p90: share(v.p90, 2, locale),
        }),
      );
    }
    const rearm = rearmRule(rule, i18n);
    const when =
      rule.kind === "volatility"
        ? t("alert.now", { state: alertState(alert, i18n) })
        : t(alert.state.armed ? "alert.firesOnce" : "alert.holdsAlready", { rearm });
    return {
      title: t("alert.set", { id: alert.id, alert: describeAlert(alert, i18n) }),
      lines: [...now, when],
      footer: t("alert.setFooter", { id: alert.id, notAdvice: t("forecast.notAdvice") }),
    };
  },
);
