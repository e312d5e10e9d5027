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
import { commandWords, discordLocalizations } from "../i18n/index.js";
import { DEFAULT_MAX_LENGTH } from "./parse.js";

const { Guild, BotDM } = InteractionContextType;

/**
 * Our command specs as Discord application commands (checkCommands in commands/index.ts has already held
 * names, lengths and choices to Discord's rules). Admin commands are hidden from members without Manage
 * Server; "admin" ones are offered in servers only (a DM has no server permissions), "admin-in-groups"
 * ones in the bot's DM too, where anyone may use them (the dispatcher checks both cases again).
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
    // Discord refuses an optional option ahead of a required one; arguments arrive by name, so order is free.
    options: [...spec.options]
      .sort((a, b) => Number(b.required === true) - Number(a.required === true))
      .map((option) => ({
        type: ApplicationCommandOptionType.String,
        name: option.name,
        description: option.description,
        description_localizations: discordLocalizations(
          (lng) => commandWords(spec, lng).options[option.name],
        ),
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
export async function registerCommands(options: {
  rest?: REST;
  token?: string;
  applicationId?: string | undefined;
  guildId?: string | undefined;
  /** REST base without the version, e.g. https://discord.com/api (the default). */
  apiUrl?: string | undefined;
  specs: readonly CommandSpec[];
}): Promise<RegisteredCommands> {
  const { guildId } = options;
  const rest =
    options.rest ?? new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token ?? "");
  try {
    const applicationId =
      options.applicationId ??
      ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
    const body = toSlashCommands(options.specs);
    const route = guildId
      ? Routes.applicationGuildCommands(applicationId, guildId)
      : Routes.applicationCommands(applicationId);
    await rest.put(route, { body });
    return { applicationId, guildId, names: body.map((command) => command.name) };
  } finally {
    // A REST of our own (the command line) should leave nothing behind; the sweepers are unref'd anyway.
    if (options.rest === undefined) {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  }
}
