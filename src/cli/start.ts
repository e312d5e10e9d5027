import type { Command } from "commander";
import { ConfigError } from "../errors.js";
import type { StartRole } from "../services.js";

/** `coincast start` (npm start): runs the bot the composition root wires (startBot in src/main.ts). */
export function registerStartCommand(program: Command, startBot: (role: StartRole) => Promise<void>): void {
  program
    .command("start")
    .description(
      "the bot: Discord and Telegram where their tokens are set, a console on a terminal; " +
        "piped lines (echo '/forecast BTC 1d' | coincast start) are answered, then it exits",
    )
    .option(
      "--role <role>",
      "all: chat and model work here; bot: chat only, model work to `coincast worker`",
      "all",
    )
    .action(async (flags: { role: string }) => {
      if (flags.role !== "all" && flags.role !== "bot")
        throw new ConfigError(`--role is all or bot, not "${flags.role.slice(0, 20)}"`);
      await startBot(flags.role);
    });
}
