import type { Platform } from "../contracts/chat.js";
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
