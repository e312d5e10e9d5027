import { describeSubscription, nextPost, pauseNote, subscriptionsOf } from "./subscription-format.js";
import { defineCommand } from "./types.js";

export const subscriptionsCommand = defineCommand(
  {
    name: "subscriptions",
    description: "This channel's daily forecast post; for an admin in a direct chat, every channel's",
    options: [],
    permission: "everyone",
  },
  async (_args, { caller, services }) => {
    const all = caller.isAdmin && caller.channelKind === "direct";
    const subscriptions = subscriptionsOf(services);
    const found = await subscriptions.list(
      all ? {} : { platform: caller.platform, channelId: caller.channelId },
    );
    const now = subscriptions.now();
    const describe = (s: (typeof found)[number]) => {
      const state = pauseNote(s) || nextPost(s, now);
      return all
        ? `${s.platform} ${s.channelId}: ${describeSubscription(s)}; ${state}.`
        : `${describeSubscription(s)}; ${state}.`;
    };
    if (found.length === 0) {
      return {
        lines: [
          all ? "No channel has a daily post." : "This channel has no daily post. /subscribe starts one.",
        ],
      };
    }
    return {
      title: all ? `Daily posts: ${found.length} channel${found.length === 1 ? "" : "s"}` : "Daily post here",
      lines: found.map(describe),
    };
  },
);
