import {
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  Status,
  WebSocketShardEvents,
} from "discord.js";
import type { Config } from "../config.js";
import type { ChatAdapter } from "../contracts/chat.js";
import { scrubbedError } from "../error-report.js";
import { registerCommands } from "./discord-commands.js";
import { CONTENT_LIMIT, plain, toDiscordMessage } from "./discord-format.js";
import { answerInTime, lateNotices, noticeDue } from "./discord-late.js";
import { discordPostTarget } from "./discord-post.js";
import { type SuggestSource, suggestionsFor } from "./suggest.js";
import { linkReporter, type SurfaceHooks, startBound } from "./surface-link.js";
import { truncate } from "./text-fit.js";
import { type ChatTurn, createTurnRunner, type TurnOptions } from "./turn.js";

/** Where and how to connect (see Config["discord"]), the commands, and what autocomplete offers. */
export interface DiscordOptions extends TurnOptions, SuggestSource, SurfaceHooks, Partial<Config["discord"]> {
  token: string;
}

export interface DiscordAdapter extends ChatAdapter {
  readonly platform: "discord";
}

type LateNotice = ReturnType<typeof lateNotices>["notice"];

/**
 * A slash command as a ChatTurn. Discord wants an answer within 3 s: a slow one is deferred ("thinking…")
 * and the answer edits the deferral; progress lines edit it too. One slower than the interaction token's
 * 15 minutes comes as a message of its own, the deferral saying so beforehand (discord-late.ts).
 */
function commandTurn(interaction: ChatInputCommandInteraction, token: string, late: LateNotice): ChatTurn {
  const args: Record<string, string> = {};
  for (const { name, value } of interaction.options.data) if (value != null) args[name] = String(value);
  let privateAnswer = false;
  const notice = late(interaction);
  return {
    command: interaction.commandName,
    args,
    locale: interaction.locale,
    secrets: [token, interaction.token],
    caller: () => ({
      platform: "discord",
      userId: interaction.user.id,
      userName: interaction.user.username,
      channelId: interaction.channelId,
      channelKind: interaction.guildId === null ? "direct" : "group",
      // Checked here as well as by default_member_permissions: server admins can override the latter.
      isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    }),
    defer: () => interaction.deferReply().then(notice.start),
    // Near the token's 15 minutes the placeholder says the answer will come on its own: no progress over that.
    progress: async (text) =>
      noticeDue(interaction) || interaction.editReply(truncate(plain(text), CONTENT_LIMIT)),
    reply: async (reply) => {
      notice.cancel();
      const message = toDiscordMessage({ locale: interaction.locale, ...reply });
      await answerInTime(interaction, message, async () => {
        if (!interaction.deferred) return void (await interaction.reply(message));
        if (reply.private === true) {
          // A public deferral can not turn ephemeral: answer privately; clearProgress removes the placeholder.
          await interaction.followUp(message);
          privateAnswer = true;
          return;
        }
        // The ephemeral flag is fixed by the deferral; content "" clears any progress line.
        const { flags: _ephemeral, ...edit } = message;
        await interaction.editReply({ ...edit, content: "" });
      });
    },
    // Best effort (turn.ts logs a failure): the answer is out, a placeholder already gone (10008) is no failure.
    clearProgress: async () => privateAnswer && interaction.deleteReply(),
    apologise: async (text) => {
      notice.cancel();
      const ephemeral = { content: text, flags: MessageFlags.Ephemeral } as const;
      await answerInTime(interaction, ephemeral, async () => {
        if (!interaction.deferred) return void (await interaction.reply(ephemeral));
        // The placeholder becomes the apology, also after a progress edit (which sets `replied`): "40%" must go.
        await interaction
          .editReply({ content: text, embeds: [], files: [] })
          .catch(() => interaction.followUp(ephemeral));
      });
    },
  };
}

/**
 * Connects to the gateway with the Guilds intent only (slash commands need no message content),
 * registers the commands once ready, and answers interactions through the dispatcher.
 */
export async function startDiscord(options: DiscordOptions): Promise<DiscordAdapter> {
  const { logger, token } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // The default of every message this client sends: a symbol or a quoted error can never ping anyone.
    allowedMentions: { parse: [] },
    ...(options.apiUrl === undefined ? {} : { rest: { api: options.apiUrl } }),
    ...(options.shards === undefined ? {} : { shards: options.shards.ids, shardCount: options.shards.count }),
  });
  const turns = createTurnRunner({ ...options, platform: "discord" });
  const failed =
    (event: string, secrets: string[] = []) =>
    (error: unknown) =>
      logger.error({ err: scrubbedError(error, [token, ...secrets]), event }, "discord: handler failed");
  const late = lateNotices((interaction) => failed("late notice", [interaction.token]));

  client.on(Events.Error, failed("client"));
  client.on(Events.Warn, (message) => logger.warn({ event: "client" }, message));
  client.once(Events.ClientReady, (ready) => {
    const applicationId = options.applicationId ?? ready.application.id;
    registerCommands({ ...options, rest: ready.rest, applicationId })
      .then((put) => logger.info({ ...put, user: ready.user.tag }, "discord ready, commands registered"))
      .catch(failed("ready"));
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) turns.run(commandTurn(interaction, token, late.notice));
    if (!interaction.isAutocomplete()) return;
    const choices = suggestionsFor(options, interaction.commandName, interaction.options.getFocused(true));
    interaction
      .respond(choices.map((symbol) => ({ name: symbol, value: symbol })))
      .catch(failed("autocomplete", [interaction.token]));
  });

  // No time bound of its own: discord.js bounds each handshake, and identifying many shards takes a while.
  const starting = startBound(`Discord (${options.apiUrl ?? "https://discord.com/api"})`, options, [token]);
  // A failed login leaves the client's timers and sockets behind; a retry builds a new client.
  await starting.wait("login", client.login(token), () => client.destroy());
  watchGateway(client, linkReporter(options.onLink));
  return {
    platform: "discord",
    post: discordPostTarget(client),
    stop: async () => {
      // No new command from here (a deposed gateway's successor answers those); running ones answer first
      // (for a while): their replies go out over this client's REST.
      client.removeAllListeners(Events.InteractionCreate);
      await turns.idle();
      late.stop();
      await client.destroy();
    },
  };
}

/**
 * The gateway link after start-up, for readiness: discord.js reconnects on its own and tells only through
 * events. Down on `shardReconnecting` (the socket closed, it is reconnecting) and `shardDisconnect` (closed
 * for good, e.g. a revoked token); up again once every shard is Ready (`shardReady` after a new session, a
 * shard's `resumed` after a resume, which the client itself does not re-emit).
 */
function watchGateway(client: Client, link: (down: string | undefined) => void): void {
  const up = () => {
    if (client.ws.shards.every((shard) => shard.status === Status.Ready)) link(undefined);
  };
  client.on(Events.ShardReconnecting, (id) => link(`gateway shard ${id} reconnecting`));
  client.on(Events.ShardDisconnect, ({ code }, id) =>
    link(`gateway shard ${id} closed (${code}) and will not reconnect`),
  );
  client.on(Events.ShardReady, up);
  for (const shard of client.ws.shards.values()) shard.on(WebSocketShardEvents.Resumed, up);
}
