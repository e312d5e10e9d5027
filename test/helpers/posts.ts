import type { Reply } from "../../commands/types.js";
import type { NewSubscription } from "../../src/schedule/store.js";
import type { PostTarget } from "../../src/schedule/target.js";

/** A Telegram group's daily BTC/USDT post at 08:00 Berlin time, or what `over` changes of it. */
export const subscription = (over: Partial<NewSubscription> = {}): NewSubscription => ({
  platform: "telegram",
  channelId: "-100",
  symbols: ["BTC/USDT"],
  horizon: "1d",
  time: "08:00",
  timeZone: "Europe/Berlin",
  createdBy: "1",
  ...over,
});

/**
 * A post target that records what it was sent, or throws what `fail` says for a channel. `delayMs` makes
 * it a slow platform, which widens the window in which a second replica could send the same post.
 */
export function recordingTarget(
  options: { fail?: ((channelId: string) => Error | undefined) | undefined; delayMs?: number } = {},
): { target: PostTarget; sent: { channelId: string; reply: Reply }[] } {
  const sent: { channelId: string; reply: Reply }[] = [];
  const target: PostTarget = {
    async send(channelId, reply) {
      if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const error = options.fail?.(channelId);
      if (error !== undefined) throw error;
      sent.push({ channelId, reply });
    },
  };
  return { target, sent };
}
