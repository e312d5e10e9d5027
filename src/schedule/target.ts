import type { Caller, Reply } from "../../commands/types.js";

/** A chat platform, as subscriptions name it. */
export type Platform = Caller["platform"];

/**
 * Where scheduled posts go on one platform: each chat adapter implements it over its own client, so the
 * scheduler never touches discord.js or grammY.
 */
export interface PostTarget {
  /**
   * Posts `reply` in the channel (Discord channel id, Telegram chat id, "console"), rendered as the
   * adapter renders command replies. Resolves once the platform has accepted it.
   * @throws ChannelGoneError when the bot can no longer post there (removed, blocked, channel deleted).
   */
  send(channelId: string, reply: Reply): Promise<void>;
}

/**
 * The platform says we can never post in this channel again (HTTP 403 or 404, "bot was blocked", "chat not
 * found", "Unknown Channel", "Missing Access"): the subscription is paused rather than retried daily.
 */
export class ChannelGoneError extends Error {
  override readonly name = "ChannelGoneError";

  constructor(
    readonly platform: Platform,
    readonly channelId: string,
    /** The platform's own words, kept as the subscription's pause reason. */
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${platform} channel ${channelId} can no longer be posted in: ${reason}`, options);
  }
}

export const isChannelGone = (error: unknown): error is ChannelGoneError => error instanceof ChannelGoneError;
