import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  REST,
  type RESTGetCurrentApplicationResult,
  Routes,
  type RESTPostAPIChatInputApplicationCommandsJSONBody as SlashCommand,
} from "discord.js";
import type { CommandSpec } from "../../commands/types.js";
import type { Config } from "../config.js";
import { commandWords, discordLocalizations } from "../i18n/index.js";
import { DEFAULT_MAX_LENGTH } from "./parse.js";

const { Guild, BotDM } = InteractionContextType;

/**
 * Our command specs as Discord application commands (checkCommands in commands/index.ts has already held
 * names, lengths, choices and the order of required options to Discord's rules). Admin commands are hidden
 * from members without Manage Server; "admin" ones are offered in servers only (a DM has no server
 * permissions), "admin-in-groups" ones in the bot's DM too, where anyone may use them (the dispatcher
 * checks both cases again).
 */
export function toSlashCommands(specs: readonly CommandSpec[]): SlashCommand[] {
  return specs.map((spec) => ({
    type: ApplicationCommandType.ChatInput,
    name: spec.name,
    description: spec.description,
    // Discord shows each member the words of their client's language; the interaction still names `name`.
    name_localizations: discordLocalizations((lng) => commandWords(spec, lng).name),
    description_localizations: discordLocalizations((lng) => commandWords(spec, lng).description),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: spec.permission === "admin" ? [Guild] : [Guild, BotDM],
    ...(spec.permission === "everyone"
      ? {}
      : { default_member_permissions: `${PermissionFlagsBits.ManageGuild}` }),
    options: spec.options.map((option) => ({
      type: ApplicationCommandOptionType.String,
      name: option.name,
      description: option.description,
      description_localizations: discordLocalizations((lng) => commandWords(spec, lng).options[option.name]),
      required: option.required === true,
      max_length: option.maxLength ?? DEFAULT_MAX_LENGTH,
      ...(option.autocomplete === "symbol"
        ? { autocomplete: true as const }
        : option.choices && { choices: option.choices.map((value) => ({ name: value, value })) }),
    })),
  }));
}

/** Where the commands went, for the command line to report. */
export interface RegisteredCommands {
  applicationId: string;
  guildId: string | undefined;
  names: string[];
}

/**
 * Replaces the application's command set (bulk overwrite, so removed commands disappear too): in one
 * server (`guildId`, instant, for development) or globally. On READY with the client's REST; from
 * `coincast discord register` with a token alone, the application id then asked of Discord.
 */
export async function registerCommands(
  options: Partial<Config["discord"]> & { rest?: REST; token?: string; specs: readonly CommandSpec[] },
): Promise<RegisteredCommands> {
  const { guildId } = options;
  // A REST of our own (the command line) sweeps nothing: it is used once and leaves no timer behind.
  const rest =
    options.rest ??
    new REST({
      hashSweepInterval: 0,
      handlerSweepInterval: 0,
      ...(options.apiUrl && { api: options.apiUrl }),
    }).setToken(options.token ?? "");
  const applicationId =
    options.applicationId ??
    ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const body = toSlashCommands(options.specs);
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  return { applicationId, guildId, names: body.map((command) => command.name) };
}
