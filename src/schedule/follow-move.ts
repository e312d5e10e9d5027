import type { Reply } from "../contracts/chat.js";
import type { Logger } from "../logger.js";
import type { ChannelMove } from "./channel-move.js";
import type { SubscriptionStore } from "./store-schema.js";
import { isChannelGone, type Platform, type PostTarget } from "./target.js";

/** Moves a chat's subscription and alerts to its new id, and logs it. */
export type ChannelMoves = (platform: Platform, from: string, to: string) => Promise<ChannelMove>;

/** The store's moveChannel, logged: the scheduler, the alert checker and Telegram's service message use it. */
export function channelMoves(store: Pick<SubscriptionStore, "moveChannel">, logger: Logger): ChannelMoves {
  return async (platform, from, to) => {
    const moved = await store.moveChannel(platform, from, to);
    if (moved.subscriptions + moved.alerts + moved.dropped > 0)
      logger.info(
        { platform, from, to, ...moved },
        "chat moved to a new id (a group upgraded to a supergroup): its subscription and alerts follow it",
      );
    return moved;
  };
}

/**
 * Sends `reply` to the channel; when the platform answers that the chat moved (a ChannelGoneError with
 * `movedTo`), moves the chat's subscription and alerts there and sends there once. Resolves false, unsent,
 * when `stillThere` no longer finds what is being sent at the new id: the new chat held the same one
 * already, which posts for itself. A second refusal at the new id is thrown as it comes.
 */
export async function sendFollowingMove(options: {
  target: PostTarget;
  moves: ChannelMoves;
  platform: Platform;
  channelId: string;
  reply: Reply;
  stillThere(channelId: string): Promise<boolean>;
}): Promise<boolean> {
  const { target, reply } = options;
  try {
    await target.send(options.channelId, reply);
    return true;
  } catch (error) {
    if (!isChannelGone(error) || error.movedTo === undefined) throw error;
    // Another sender (a replica, the service message) may have moved it already: moving is idempotent.
    await options.moves(options.platform, options.channelId, error.movedTo);
    if (!(await options.stillThere(error.movedTo))) return false;
    await target.send(error.movedTo, reply);
    return true;
  }
}
