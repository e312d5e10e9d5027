import { ENGLISH } from "../src/i18n/index.js";
import { alertState, alertsOf, describeAlert } from "./alert-format.js";
import { defineCommand } from "./types.js";

export const alertsCommand = defineCommand(
  {
    name: "alerts",
    description: "This channel's alerts, with their IDs and states",
    options: [],
    permission: "everyone",
  },
  async (_args, { caller, services, i18n = ENGLISH }) => {
    const { t } = i18n;
    const alerts = alertsOf(services);
    const found = await alerts.list({ platform: caller.platform, channelId: caller.channelId });
    if (found.length === 0) return { lines: [t("alert.none")] };
    return {
      title: t("alert.listTitle", { count: found.length, limit: alerts.limit }),
      lines: found.map((a) =>
        t("alert.listLine", { id: a.id, alert: describeAlert(a, i18n), state: alertState(a, i18n) }),
      ),
      footer: t("alert.listFooter"),
    };
  },
);
