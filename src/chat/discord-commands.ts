import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  REST,
  type RESTGetCurrentApplicationResult,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
  SlashCommandBuilder,
  type SlashCommandStringOption,
} from "discord.js";
import type { CommandSpec, OptionSpec } from "../../commands/types.js";

/** OptionSpec's documented default. */
const DEFAULT_MAX_LENGTH = 64;

function buildOption(option: SlashCommandStringOption, spec: OptionSpec): SlashCommandStringOption {
  option
    .setName(spec.name)
    .setDescription(spec.description)
    .setRequired(spec.required === true)
    .setMaxLength(spec.maxLength ?? DEFAULT_MAX_LENGTH);
  if (spec.choices !== undefined) option.addChoices(...spec.choices.map((value) => ({ name: value, value })));
  if (spec.autocomplete === "symbol") option.setAutocomplete(true);
  return option;
}

/**
 * Our command specs as Discord application commands (the builder validates names, lengths and the
 * 25-choice limit, and throws on a spec Discord would refuse). Admin commands are hidden from members
 * without Manage Server and offered in servers only: in a DM nobody has server permissions.
 */
export function toSlashCommands(
  specs: readonly CommandSpec[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return specs.map((spec) => {
    const builder = new SlashCommandBuilder()
      .setName(spec.name)
      .setDescription(spec.description)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    if (spec.permission === "admin") {
      builder
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
        .setContexts(InteractionContextType.Guild);
    } else if (spec.permission === "admin-in-groups") {
      // Hidden from members without Manage Server in a server; in the bot's DM there are no server
      // permissions, so anyone has it there (the dispatcher checks both cases again).
      builder
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
        .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
    } else {
      builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
    }
    // Discord refuses an optional option ahead of a required one; arguments arrive by name, so order is free.
    const options = [...spec.options].sort(
      (a, b) => Number(b.required === true) - Number(a.required === true),
    );
    for (const option of options) builder.addStringOption((o) => buildOption(o, option));
    return builder.toJSON();
  });
}

export interface RegisterCommandsOptions {
  token: string;
  /** Defaults to the token's own application (GET /applications/@me). */
  applicationId?: string | undefined;
  /** Registers in this server only: instant, for development. Otherwise globally. */
  guildId?: string | undefined;
  /** REST base without the version, e.g. https://discord.com/api (the default). */
  apiUrl?: string | undefined;
  specs: readonly CommandSpec[];
}

/** Where the commands went, for the command line to report. */
export interface RegisteredCommands {
  applicationId: string;
  guildId: string | undefined;
  names: string[];
}

/** Replaces the application's command set (bulk overwrite, so removed commands disappear too). */
export async function putCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  specs: readonly CommandSpec[],
): Promise<RegisteredCommands> {
  const body = toSlashCommands(specs);
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  await rest.put(route, { body });
  return { applicationId, guildId, names: body.map((command) => command.name) };
}

/** `coincast discord register`: one bulk PUT, without connecting to the gateway. */
export async function registerCommands(options: RegisterCommandsOptions): Promise<RegisteredCommands> {
  const rest = new REST(options.apiUrl === undefined ? {} : { api: options.apiUrl }).setToken(options.token);
  try {
    const applicationId =
      options.applicationId ??
      ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
    return await putCommands(rest, applicationId, options.guildId, options.specs);
  } finally {
    // The sweepers are unref'd, but a CLI run should leave nothing behind.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
