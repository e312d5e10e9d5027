import { Client, Routes } from "discord.js";
import type { Candidacy, LeaderRole } from "../fleet/leader.js";
import { type DiscordAdapter, type DiscordOptions, startDiscord } from "./discord.js";
import { discordPostTarget } from "./discord-post.js";
import { startBound } from "./surface-link.js";

/** How long the elected replica waits for its gateway login before it gives the role to another. */
export const ELECTED_LOGIN_TIMEOUT_MS = 10_000;

/**
 * Discord with several bot replicas and no DISCORD_SHARDS: every replica that logged in would receive each
 * interaction (one shard, 0 of 1, per connection), and answer it. Only the replica elected through
 * `campaign` holds the gateway (receives and answers slash commands, registers them); a replica that goes
 * away stops renewing its lease and another logs in. Every replica sends scheduled posts over REST.
 */
export async function startElectedDiscord(
  options: DiscordOptions,
  campaign: (role: LeaderRole) => Candidacy,
): Promise<DiscordAdapter> {
  const { token } = options;
  // REST only, never logged in: posts, and a check of the token (a refused one is said at once, 401).
  const rest = new Client({
    intents: [],
    allowedMentions: { parse: [] },
    ...(options.apiUrl === undefined ? {} : { rest: { api: options.apiUrl } }),
  });
  rest.rest.setToken(token);
  const api = `Discord (${options.apiUrl ?? "https://discord.com/api"})`;
  const bound = startBound(api, { signal: options.signal, timeoutMs: ELECTED_LOGIN_TIMEOUT_MS }, [token]);
  await bound.wait("GET /users/@me", rest.rest.get(Routes.user()), () => rest.destroy());

  let gateway: DiscordAdapter | undefined;
  const candidacy = campaign({
    elected: async () => {
      const timeout = AbortSignal.timeout(ELECTED_LOGIN_TIMEOUT_MS);
      const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
      const started = await startDiscord({ ...options, signal });
      gateway = started;
    },
    deposed: async () => {
      const stopping = gateway;
      gateway = undefined;
      await stopping?.stop();
      // Another replica holds the gateway now: this one still posts.
      options.onLink?.(undefined);
    },
  });
  // A replica without the gateway still posts: Discord's REST answered.
  options.onLink?.(undefined);
  options.logger.info("discord: replica, holds the gateway when elected");
  return {
    platform: "discord",
    post: discordPostTarget(rest),
    stop: async () => {
      await candidacy.stop();
      await rest.destroy();
    },
  };
}
