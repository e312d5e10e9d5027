import { subscriptionsOf } from "./subscription-format.js";
import { defineCommand } from "./types.js";

export const unsubscribeCommand = defineCommand(
  {
    name: "unsubscribe",
    description: "Stop this channel's daily forecast post",
    options: [],
    permission: "admin",
  },
  async (_args, { caller, services }) => {
    const removed = await subscriptionsOf(services).unsubscribe(caller.platform, caller.channelId);
    return {
      lines: [
        removed
          ? "Unsubscribed: no more daily posts here."
          : "Nothing to stop: this channel has no daily post. /subscribe starts one.",
      ],
    };
  },
);
