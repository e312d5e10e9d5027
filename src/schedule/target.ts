import type { Platform, PostTarget } from "../contracts/chat.js";
import { CoincastError } from "../errors.js";
import { type PauseReason, pauseReasonText, platformSaid } from "./pause-reason.js";

export type { Platform, PostTarget } from "../contracts/chat.js";

/**
 * The platform says we can never post in this channel again (HTTP 403 or 404, "bot was blocked", "chat not
 * found", "Unknown Channel", "Missing Access"): the subscription is paused rather than retried daily.
 */
export class ChannelGoneError extends CoincastError {
  override readonly name = "ChannelGoneError";
  /** The chat's new id, when it lives on under one (see the constructor's `movedTo`). */
  readonly movedTo: string | undefined;

  constructor(
    readonly platform: Platform,
    readonly channelId: string,
    /** Kept as the subscription's pause reason: the platform's own words, or a code of Coincast's own. */
    readonly reason: PauseReason,
    /**
     * `movedTo`: the chat lives on under this id (a Telegram group upgraded to a supergroup); its
     * subscription and alerts follow it there (follow-move.ts) instead of pausing.
     */
    options: { cause?: unknown; movedTo?: string | undefined } = {},
  ) {
    super(`${platform} channel ${channelId} can no longer be posted in: ${pauseReasonText(reason)}`, {
      code: "channel-gone",
      retryable: false,
      cause: options.cause,
    });
    this.movedTo = options.movedTo;
  }
}

export const isChannelGone = (error: unknown): error is ChannelGoneError => error instanceof ChannelGoneError;

/**
 * A platform's post target over its `send`: a failure that `gone` recognises as the platform's "never
 * again" (it returns the platform's words, and the chat's new id if it has one; undefined for any other
 * failure) becomes a ChannelGoneError.
 */
export function postTarget(
  platform: Platform,
  send: PostTarget["send"],
  gone: (error: unknown) => string | { reason: string; movedTo: string } | undefined,
): PostTarget {
  return {
    async send(channelId, reply) {
      try {
        await send(channelId, reply);
      } catch (error) {
        const verdict = gone(error);
        if (verdict === undefined) throw error;
        const { reason, movedTo } = typeof verdict === "string" ? { reason: verdict } : verdict;
        throw new ChannelGoneError(platform, channelId, platformSaid(reason), { cause: error, movedTo });
      }
    },
  };
}
