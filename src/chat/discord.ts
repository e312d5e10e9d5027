import { setTimeout as sleep } from "node:timers/promises";
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import type { CommandSpec } from "../../commands/types.js";
import type { Caller, ChatAdapter } from "../contracts/chat.js";
import { newErrorId, scrubbedError as scrub } from "../error-report.js";
import type { Logger } from "../logger.js";
import { putCommands } from "./discord-commands.js";
import { CONTENT_LIMIT, NO_MENTIONS, plain, toDiscordMessage, truncate } from "./discord-format.js";
import { discordPostTarget } from "./discord-post.js";
import type { Dispatcher } from "./dispatch.js";
import { createProgressThrottle } from "./progress-throttle.js";

export { toSlashCommands } from "./discord-commands.js";

export interface DiscordOptions {
  token: string;
  /** Defaults to the application named in the gateway's READY. */
  applicationId?: string | undefined;
  /** Commands are registered in this server only (instant, for development); otherwise globally. */
  guildId?: string | undefined;
  /** REST base without the version (default https://discord.com/api); the gateway URL is fetched from it. */
  apiUrl?: string | undefined;
  /** Checks permissions, rate limits and arguments, and never throws. */
  dispatcher: Pick<Dispatcher, "dispatch">;
  specs: readonly CommandSpec[];
  /** Canonical symbols ("BTC/USDT") offered by autocomplete. */
  symbols: readonly string[];
  /** Autocomplete from a wider list (the exchange's pairs, most liquid first); default: `symbols` by prefix. */
  suggest?: (typed: string) => string[];
  logger: Logger;
  /** A command still running after this long is deferred ("thinking…"); Discord allows 3 s. */
  deferAfterMs?: number;
  /**
   * The gateway shards this replica opens, of `count` (DISCORD_SHARDS): each guild's events reach the one
   * replica holding its shard; REST (replies, scheduled posts) works from any. Absent: one shard.
   */
  shards?: { ids: number[]; count: number } | undefined;
}

export interface DiscordAdapter extends ChatAdapter {
  readonly platform: "discord";
  client: Client;
}

const DEFAULT_DEFER_AFTER_MS = 1_500;
const AUTOCOMPLETE_LIMIT = 25;

/** Prefix matches first, then substring matches, case-insensitive; Discord shows at most 25. */
export function suggestSymbols(symbols: readonly string[], typed: string): string[] {
  const query = typed.trim().toUpperCase();
  const prefix = symbols.filter((s) => s.toUpperCase().startsWith(query));
  const inside = symbols.filter((s) => !prefix.includes(s) && s.toUpperCase().includes(query));
  return [...prefix, ...inside].slice(0, AUTOCOMPLETE_LIMIT);
}

function toCaller(interaction: ChatInputCommandInteraction): Caller {
  return {
    platform: "discord",
    userId: interaction.user.id,
    userName: interaction.user.username,
    channelId: interaction.channelId,
    channelKind: interaction.guildId === null ? "direct" : "group",
    // Checked here as well as by default_member_permissions: server admins can override the latter.
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

function collectOptions(interaction: ChatInputCommandInteraction): Record<string, string | undefined> {
  const args: Record<string, string | undefined> = {};
  for (const option of interaction.options.data) {
    if (option.value !== undefined && option.value !== null) args[option.name] = String(option.value);
  }
  return args;
}

/**
 * Runs the command and answers within Discord's 3 s: directly when the dispatcher settles within
 * `deferAfterMs`, otherwise as a deferred reply edited when it settles. Progress defers at once.
 */
async function answerCommand(
  interaction: ChatInputCommandInteraction,
  options: DiscordOptions,
  reportProgressFailure: (error: unknown) => void,
): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  const defer = () => {
    deferral ??= interaction.deferReply();
    return deferral;
  };
  let finished = false;
  const throttle = createProgressThrottle();
  // Edits of @original go out in order, so a late progress line never overwrites the answer.
  let edits: Promise<unknown> = Promise.resolve();
  const showProgress = async (text: string): Promise<void> => {
    if (finished) return;
    await defer();
    if (finished || !throttle.take()) return;
    const edit = edits.then(() =>
      finished
        ? undefined
        : interaction.editReply({
            content: truncate(plain(text), CONTENT_LIMIT),
            allowedMentions: NO_MENTIONS,
          }),
    );
    edits = edit.catch(() => undefined);
    await edit;
  };
  // Best effort: a lost progress line must not cost the answer. Logged here, scrubbed of the interaction
  // token, rather than by the dispatcher, which would log the REST error's URL as it is.
  const progress = (text: string) => showProgress(text).catch(reportProgressFailure);

  const pending = options.dispatcher.dispatch(
    interaction.commandName,
    collectOptions(interaction),
    toCaller(interaction),
    progress,
  );
  const timer = new AbortController();
  const early = await Promise.race([
    pending.then((reply) => ({ reply })),
    sleep(options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS, undefined, { signal: timer.signal }).catch(
      () => undefined,
    ),
  ]).finally(() => timer.abort());
  if (early === undefined) await defer();
  const reply = early?.reply ?? (await pending);
  finished = true;
  const message = toDiscordMessage(reply);
  if (deferral === undefined) {
    await interaction.reply(message);
    return;
  }
  await deferral;
  await edits;
  if (reply.private === true) {
    // A public deferral can not turn ephemeral: answer privately, then remove the public placeholder.
    await interaction.followUp(message);
    await interaction.deleteReply();
  } else {
    // The ephemeral flag is fixed by the deferral; content "" clears any progress line.
    const { flags: _ephemeral, ...edit } = message;
    await interaction.editReply({ ...edit, content: "" });
  }
}

async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  options: DiscordOptions,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const spec = options.specs.find((s) => s.name === interaction.commandName);
  const wantsSymbols = spec?.options.find((o) => o.name === focused.name)?.autocomplete === "symbol";
  const typed = focused.value.slice(0, 40);
  const matches = !wantsSymbols
    ? []
    : (options.suggest?.(typed) ?? suggestSymbols(options.symbols, typed)).slice(0, AUTOCOMPLETE_LIMIT);
  await interaction.respond(matches.map((symbol) => ({ name: symbol, value: symbol })));
}

/**
 * Connects to the gateway with the Guilds intent only (slash commands need no message content),
 * registers the commands once ready, and answers interactions through the dispatcher.
 */
export async function startDiscord(options: DiscordOptions): Promise<DiscordAdapter> {
  const { logger, token } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    ...(options.apiUrl === undefined ? {} : { rest: { api: options.apiUrl } }),
    ...(options.shards === undefined ? {} : { shards: options.shards.ids, shardCount: options.shards.count }),
  });

  /** The adapter's one catch point: log without secrets, and apologise where the user is still waiting. */
  const fail = async (error: unknown, event: string, interaction?: Interaction): Promise<void> => {
    const errorId = newErrorId();
    const secrets = [token, interaction?.token ?? ""];
    const command =
      interaction?.isCommand() || interaction?.isAutocomplete() ? interaction.commandName : undefined;
    logger.error({ error: scrub(error, secrets), errorId, event, command }, "discord handler failed");
    if (interaction === undefined || !interaction.isRepliable()) return;
    const content = `Sorry, something went wrong (error id ${errorId}).`;
    try {
      if (interaction.deferred && !interaction.replied) {
        await interaction.editReply({ content, embeds: [], files: [], allowedMentions: NO_MENTIONS });
      } else if (interaction.replied) {
        await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      } else {
        await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      }
    } catch (replyError) {
      logger.warn({ error: scrub(replyError, secrets), errorId }, "could not tell the user about the error");
    }
  };
  const guard =
    <A extends unknown[]>(
      event: string,
      handler: (...args: A) => Promise<void>,
      interactionOf?: (...args: A) => Interaction,
    ) =>
    (...args: A): void => {
      handler(...args).catch((error: unknown) => fail(error, event, interactionOf?.(...args)));
    };

  client.on(Events.Error, (error) => void fail(error, "client"));
  client.on(Events.Warn, (message) => logger.warn({ event: "client" }, message));
  client.once(
    Events.ClientReady,
    guard("ready", async (ready: Client<true>) => {
      const registered = await putCommands(
        ready.rest,
        options.applicationId ?? ready.application.id,
        options.guildId,
        options.specs,
      );
      logger.info({ ...registered, user: ready.user.tag }, "discord ready, commands registered");
    }),
  );
  client.on(
    Events.InteractionCreate,
    guard(
      "interaction",
      async (interaction: Interaction) => {
        if (interaction.isAutocomplete()) return answerAutocomplete(interaction, options);
        if (!interaction.isChatInputCommand()) return;
        await answerCommand(interaction, options, (error) => {
          logger.warn({ error: scrub(error, [token, interaction.token]) }, "a progress update failed");
        });
      },
      (interaction) => interaction,
    ),
  );

  try {
    await client.login(token);
  } catch (error) {
    // A failed login leaves the client's timers and sockets behind; a retry builds a new client.
    await client.destroy();
    throw error;
  }
  return {
    platform: "discord",
    client,
    post: discordPostTarget(client),
    stop: async () => {
      await client.destroy();
    },
  };
}
