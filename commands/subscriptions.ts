import { ENGLISH } from "../src/i18n/index.js";
import {
  channelLabel,
  describeSubscription,
  nextPost,
  pauseNote,
  subscriptionsOf,
} from "./subscription-format.js";
import { defineCommand } from "./types.js";

export const subscriptionsCommand = defineCommand(
  {
    name: "subscriptions",
    description: "This channel's daily forecast post; for an admin in a direct chat, every channel's",
    options: [],
    permission: "everyone",
  },
  async (_args, { caller, services, i18n = ENGLISH }) => {
    const { t } = i18n;
    const all = caller.isAdmin && caller.channelKind === "direct";
    const subscriptions = subscriptionsOf(services);
    const found = await subscriptions.list(
      all ? {} : { platform: caller.platform, channelId: caller.channelId },
    );
    const now = subscriptions.now();
    const describe = async (s: (typeof found)[number]) => {
      const state = pauseNote(s, i18n) || nextPost(s, await subscriptions.nextPost(s, now), i18n);
      const subscription = describeSubscription(s, i18n);
      return all
        ? t("subscriptions.lineOf", { channel: channelLabel(s), subscription, state })
        : t("subscriptions.line", { subscription, state });
    };
    if (found.length === 0)
      return { lines: [t(all ? "subscriptions.noneAnywhere" : "subscriptions.noneHere")] };
    return {
      title: all ? t("subscriptions.titleAll", { count: found.length }) : t("subscriptions.titleHere"),
      lines: await Promise.all(found.map(describe)),
    };
  },
);
