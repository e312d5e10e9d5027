import type { Platform, PostTarget } from "../contracts/chat.js";
import { CoincastError } from "../errors.js";

export type { Platform, PostTarget } from "../contracts/chat.js";

/**
 * The platform says we can never post in this channel again (HTTP 403 or 404, "bot was blocked", "chat not
 * found", "Unknown Channel", "Missing Access"): the subscription is paused rather than retried daily.
 */
export class ChannelGoneError extends CoincastError {
  override readonly name = "ChannelGoneError";

  constructor(
    readonly platform: Platform,
    readonly channelId: string,
    /** The platform's own words, kept as the subscription's pause reason. */
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${platform} channel ${channelId} can no longer be posted in: ${reason}`, {
      code: "channel-gone",
      retryable: false,
      cause: options.cause,
    });
  }
}

export const isChannelGone = (error: unknown): error is ChannelGoneError => error instanceof ChannelGoneError;

/**
 * A platform's post target over its `send`: a failure that `gone` recognises as the platform's "never
 * again" (it returns the platform's words; undefined for any other failure) becomes a ChannelGoneError.
 */
export function postTarget(
  platform: Platform,
  send: PostTarget["send"],
  gone: (error: unknown) => string | undefined,
): PostTarget {
  return {
    async send(channelId, reply) {
      try {
        await send(channelId, reply);
      } catch (error) {
        const reason = gone(error);
        if (reason === undefined) throw error;
        throw new ChannelGoneError(platform, channelId, reason, { cause: error });
      }
    },
  };
}
