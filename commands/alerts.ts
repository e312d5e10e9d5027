import { alertState, alertsOf, describeAlert } from "./alert-format.js";
import { defineCommand } from "./types.js";

export const alertsCommand = defineCommand(
  {
    name: "alerts",
    description: "This channel's alerts, with their IDs and states",
    options: [],
    permission: "everyone",
  },
  async (_args, { caller, services }) => {
    const alerts = alertsOf(services);
    const found = await alerts.list({ platform: caller.platform, channelId: caller.channelId });
    if (found.length === 0)
      return {
        lines: ["This channel has no alerts. /alert price BTC above 100000 sets one; /help lists the kinds."],
      };
    return {
      title: `Alerts here: ${found.length} of at most ${alerts.limit}`,
      lines: found.map((a) => `#${a.id} ${describeAlert(a)}: ${alertState(a)}.`),
      footer: "Checked after every 4h close. /alert remove ID removes one.",
    };
  },
);
