import { type Client, DiscordAPIError } from "discord.js";
import type { Reply } from "../../commands/types.js";
import { ChannelGoneError, type PostTarget, postTarget } from "../schedule/target.js";
import { toDiscordMessage } from "./discord-format.js";

/** Discord's JSON error codes for a channel we can not post in: Unknown Channel, Missing Access, Missing Permissions. */
const GONE_CODES = new Set([10003, 50001, 50013]);

/** Scheduled posts to Discord channels, as embeds with the chart attached, mentions never parsed. */
export function discordPostTarget(client: Client): PostTarget {
  const send = async (channelId: string, reply: Reply) => {
    // allowUnknownGuild: a guild not in the cache yet (a catch-up right after login, before its
    // GUILD_CREATE) or unavailable (a Discord outage) would otherwise give null, and pause for good a
    // channel that is still there. The REST answer decides whether the channel exists.
    const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true });
    if (channel === null || !channel.isSendable()) {
      throw new ChannelGoneError("discord", channelId, { code: "not-sendable" });
    }
    const { flags: _ephemeral, ...message } = toDiscordMessage({ ...reply, private: false });
    await channel.send(message);
  };
  const gone = (error: unknown) =>
    error instanceof DiscordAPIError &&
    (error.status === 403 || error.status === 404 || GONE_CODES.has(Number(error.code)))
      ? error.message
      : undefined;
  return postTarget("discord", send, gone);
}
