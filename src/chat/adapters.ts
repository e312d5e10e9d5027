import type { CommandSpec } from "../../commands/types.js";
import type { Config } from "../config.js";
import type { ChatAdapter } from "../contracts/chat.js";
import type { Logger } from "../logger.js";
import type { Dispatcher } from "./dispatch.js";

/**
 * Starts the chat platforms whose tokens are configured (Discord, Telegram), each onto the one ChatAdapter
 * interface. Each client library is imported only when its token is set: discord.js alone takes a second
 * to load, which a console session or a one-shot command would otherwise pay.
 */
export async function startChatAdapters(deps: {
  config: Config;
  dispatcher: Dispatcher;
  specs: readonly CommandSpec[];
  logger: Logger;
}): Promise<ChatAdapter[]> {
  const { config, dispatcher, specs, logger } = deps;
  const adapters: ChatAdapter[] = [];
  try {
    if (config.discordToken !== undefined) {
      const { startDiscord } = await import("./discord.js");
      adapters.push(
        await startDiscord({
          token: config.discordToken,
          guildId: config.discord.guildId,
          applicationId: config.discord.applicationId,
          apiUrl: config.discord.apiUrl,
          dispatcher,
          specs,
          symbols: config.symbols,
          logger,
        }),
      );
    }
    if (config.telegramToken !== undefined) {
      const { startTelegram } = await import("./telegram.js");
      adapters.push(
        await startTelegram({
          token: config.telegramToken,
          ...(config.telegram.apiRoot === undefined ? {} : { apiRoot: config.telegram.apiRoot }),
          dispatcher,
          commands: specs,
          adminUserIds: config.telegram.adminUserIds,
          ...(config.telegram.webhook === undefined ? {} : { webhook: config.telegram.webhook }),
          logger,
        }),
      );
    }
  } catch (error) {
    // One platform failing to start stops the ones already running, so the process can exit.
    for (const adapter of adapters.reverse()) await adapter.stop().catch(() => undefined);
    throw error;
  }
  return adapters;
}
