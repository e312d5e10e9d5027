import type { Command } from "commander";
import type { CommandSpec } from "../../commands/types.js";
import type { Config } from "../config.js";
import { errorReason } from "../error-report.js";
import { ConfigError, UserError } from "../errors.js";

/** The part of Config this command reads. */
export type DiscordCliConfig = Pick<Config, "discordToken" | "discord">;

export interface DiscordCliDeps {
  config: DiscordCliConfig;
  /** The registry's specs; by default commands/index.ts, loaded only when the command runs. */
  specs?: () => Promise<readonly CommandSpec[]>;
  /** Where the one-line summary goes (stdout by default). */
  write?: (text: string) => void;
}

const registrySpecs = async (): Promise<readonly CommandSpec[]> => {
  const { COMMANDS } = await import("../../commands/index.js");
  return COMMANDS.map((command) => command.spec);
};

/**
 * `coincast discord register`: puts the slash commands to Discord once, without starting the bot
 * (`coincast start` registers on every start too). In DISCORD_GUILD_ID when set, which is instant.
 */
export function registerDiscordCommand(program: Command, deps: DiscordCliDeps): void {
  const discord = program.command("discord").description("Discord bot set-up");
  discord
    .command("register")
    .description("register the slash commands: in DISCORD_GUILD_ID (instant) when set, else globally")
    .option("--guild <id>", "register in this server instead of DISCORD_GUILD_ID")
    .option("--global", "register globally even when DISCORD_GUILD_ID is set")
    .action(async (flags: { guild?: string; global?: boolean }) => {
      const { config } = deps;
      // As DISCORD_GUILD_ID is checked (config.ts): Discord would answer a 400 or a 404 with a stack.
      if (flags.guild !== undefined && !/^\d{5,25}$/.test(flags.guild)) {
        throw new UserError(
          `--guild expects a Discord server id (digits, like DISCORD_GUILD_ID), not "${flags.guild.slice(0, 40)}".`,
          { code: "bad-option" },
        );
      }
      if (config.discordToken === undefined) {
        throw new ConfigError(
          "DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot tab).",
        );
      }
      // Loaded here: discord.js costs start-up time that every other command would pay.
      const { DiscordAPIError } = await import("discord.js");
      const { registerCommands } = await import("../chat/discord-commands.js");
      const guildId = flags.global === true ? undefined : (flags.guild ?? config.discord.guildId);
      try {
        const registered = await registerCommands({
          token: config.discordToken,
          applicationId: config.discord.applicationId,
          guildId,
          apiUrl: config.discord.apiUrl,
          specs: await (deps.specs ?? registrySpecs)(),
        });
        const where =
          registered.guildId === undefined
            ? "globally (Discord clients may take a while to show changes)"
            : `in server ${registered.guildId}`;
        (deps.write ?? ((text) => process.stdout.write(text)))(
          `Registered /${registered.names.join(", /")} ${where} for application ${registered.applicationId}.\n`,
        );
      } catch (error) {
        // Translated, not handled: the command line's one catch point shows a UserError's text as it is.
        if (error instanceof DiscordAPIError && (error.status === 401 || error.status === 403)) {
          throw new UserError(
            `Discord refused the request (${error.status}: ${error.message}): check DISCORD_TOKEN and, for a ` +
              "server, that the bot was invited to it with the applications.commands scope.",
            { code: "platform-refused", cause: error },
          );
        }
        if (error instanceof DiscordAPIError) throw error;
        // No answer from Discord: refused or timed-out connections, DNS, 5xx after discord.js's retries.
        throw unreachable(config.discord.apiUrl, error, config.discordToken);
      }
    });
}

/** Discord's REST API did not answer: where it was asked (DISCORD_API_URL or Discord's own) and why. */
function unreachable(apiUrl: string | undefined, error: unknown, token: string): UserError {
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  const why = [errorReason(error, [token]), typeof cause === "string" ? cause : undefined]
    .filter((part) => part !== undefined)
    .join(": ");
  const where =
    apiUrl === undefined
      ? "Discord's API (https://discord.com/api)"
      : `Discord's API at DISCORD_API_URL (${errorReason(apiUrl)})`;
  return new UserError(
    `${where} could not be reached (${why}): check the network${apiUrl === undefined ? "" : " and DISCORD_API_URL"}, then try again.`,
    { code: "platform-unreachable", cause: error },
  );
}
