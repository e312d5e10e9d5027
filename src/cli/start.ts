import type { Command } from "commander";
import { ConfigError } from "../errors.js";

/**
 * `all` (default): chat, schedules and the model work in this process, as a single bot always ran; with
 * REDIS_URL it also takes jobs from the fleet's queues. `bot`: chat and schedules only, the model work
 * goes to `coincast worker` processes through BullMQ (needs REDIS_URL).
 */
export type StartRole = "all" | "bot";

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
