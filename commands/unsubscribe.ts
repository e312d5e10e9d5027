import { ENGLISH } from "../src/i18n/index.js";
import { subscriptionsOf } from "./subscription-format.js";
import { defineCommand } from "./types.js";

export const unsubscribeCommand = defineCommand(
  {
    name: "unsubscribe",
    description: "Stop this channel's daily forecast post",
    options: [],
    permission: "admin",
  },
  async (_args, { caller, services, i18n = ENGLISH }) => {
    const removed = await subscriptionsOf(services).unsubscribe(caller.platform, caller.channelId);
    return { lines: [i18n.t(removed ? "subscriptions.unsubscribed" : "subscriptions.nothingToStop")] };
  },
);
