import type { Command } from "commander";

/** `coincast start` (npm start): runs the bot the composition root wires (startBot in src/main.ts). */
export function registerStartCommand(program: Command, startBot: () => Promise<void>): void {
  program
    .command("start")
    .description(
      "the bot: Discord and Telegram where their tokens are set, a console on a terminal; " +
        "piped lines (echo '/forecast BTC 1d' | coincast start) are answered, then it exits",
    )
    .action(startBot);
}
