import type { CommandSpec } from "../../commands/types.js";
import type { Config } from "../config.js";
import type { ChatAdapter } from "../contracts/chat.js";
import type { Election, LeaderRole } from "../fleet/leader.js";
import type { Logger } from "../logger.js";
import type { ChannelMoves } from "../schedule/follow-move.js";
import type { DiscordOptions } from "./discord.js";
import type { Dispatcher } from "./dispatch.js";
import { DISCORD_SURFACE, type SurfaceStart, startSurface, TELEGRAM_SURFACE } from "./start-surface.js";

/**
 * Starts the chat platforms whose tokens are configured (Discord, Telegram), each onto the one ChatAdapter
 * interface and each on its own: a refused token says what to do, an unreachable API is retried in the
 * background until `signal` aborts, and neither stops the other. `onStarted` gets each adapter when it
 * comes up, now or later. Resolves with the refusal messages. Each client library is imported only when
 * its token is set: discord.js alone takes a second to load.
 */
export async function startChatAdapters(deps: {
  config: Config;
  dispatcher: Dispatcher;
  specs: readonly CommandSpec[];
  /** Pairs offered by autocomplete for what was typed (listed pairs, most liquid first); default: SYMBOLS. */
  suggestSymbols?: (typed: string) => string[];
  logger: Logger;
  signal: AbortSignal;
  onStarted: (adapter: ChatAdapter) => void;
  /** How each platform's first try ended (started, refused, retrying in the background), for readiness. */
  onFirstTry?: (platform: "discord" | "telegram", status: SurfaceStart["status"]) => void;
  /**
   * A platform's link after it started: undefined when it answers again, a reason when it stopped
   * answering (Discord's gateway reconnecting, Telegram's getUpdates failing), for readiness.
   */
  onLink?: (platform: "discord" | "telegram", down: string | undefined) => void;
  /** One of several bot replicas (`coincast start --role bot`): warns where a platform allows one consumer. */
  replica?: boolean;
  /**
   * With a fleet (REDIS_URL): Telegram long polling, and Discord's gateway unless DISCORD_SHARDS splits it,
   * run on the one replica elected for each.
   */
  election?: Election;
  /** A chat that has a new id (a Telegram group upgraded to a supergroup): its subscription and alerts move. */
  moves?: ChannelMoves;
}): Promise<string[]> {
  const { config, dispatcher, specs, logger, signal, onStarted, election } = deps;
  const refused: string[] = [];
  const surfaces: Promise<void>[] = [];
  const note = (platform: "discord" | "telegram") => (started: SurfaceStart) => {
    deps.onFirstTry?.(platform, started.status);
    if (started.status === "refused") refused.push(started.message);
  };
  if (config.discordToken !== undefined) {
    const token = config.discordToken;
    // One gateway connection per shard: with bot replicas (role bot) and no DISCORD_SHARDS, only the elected
    // one connects. Role all is one process that serves on its own threads, Redis or not: it always connects.
    const gateway =
      election === undefined || deps.replica !== true || config.discord.shards !== undefined
        ? undefined
        : (role: LeaderRole) => election(`discord-gateway:${tokenId(token)}`, role);
    const { startDiscord } = await import("./discord.js");
    const { startElectedDiscord } = await import("./discord-elected.js");
    const start = (options: DiscordOptions) =>
      gateway === undefined ? startDiscord(options) : startElectedDiscord(options, gateway);
    surfaces.push(
      startSurface({
        surface: DISCORD_SURFACE,
        start: () =>
          start({
            token,
            ...config.discord,
            dispatcher,
            specs,
            symbols: config.symbols,
            ...(deps.suggestSymbols === undefined ? {} : { suggest: deps.suggestSymbols }),
            // A login still waiting ends when the bot stops; the gateway's link changes go to readiness.
            signal,
            onLink: (down) => deps.onLink?.("discord", down),
            logger,
          }),
        onStarted,
        logger,
        signal,
      }).then(note("discord")),
    );
  }
  if (config.telegramToken !== undefined) {
    const token = config.telegramToken;
    const { moves } = deps;
    const poller =
      election === undefined || config.telegram.webhook !== undefined
        ? undefined
        : (role: LeaderRole) => election(`telegram-poller:${tokenId(token)}`, role);
    if (deps.replica === true && poller === undefined && config.telegram.webhook === undefined)
      logger.warn(
        "telegram: long polling allows one consumer per token; with several bot replicas Telegram answers " +
          "409 to all but one: set TELEGRAM_WEBHOOK_URL and put the replicas behind a load balancer",
      );
    const { startTelegram } = await import("./telegram.js");
    surfaces.push(
      startSurface({
        surface: TELEGRAM_SURFACE,
        start: () =>
          startTelegram({
            token,
            ...config.telegram,
            dispatcher,
            commands: specs,
            ...(poller === undefined ? {} : { poller }),
            ...(moves === undefined
              ? {}
              : { onChatMoved: (from: string, to: string) => moves("telegram", from, to) }),
            // A try waiting for the Bot API ends when the bot stops; its link changes go to readiness.
            signal,
            onLink: (down) => deps.onLink?.("telegram", down),
            logger,
          }),
        onStarted,
        logger,
        signal,
      }).then(note("telegram")),
    );
  }
  await Promise.all(surfaces);
  return refused;
}

/**
 * The bot's id, which is not secret, for one elected role per bot: a Telegram token's part before ":", a
 * Discord token's first part (the application id, base64) before ".".
 */
function tokenId(token: string): string {
  return token.split(/[:.]/)[0] ?? "bot";
}
