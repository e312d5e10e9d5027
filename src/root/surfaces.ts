import type { ChatAdapter, Platform } from "../contracts/chat.js";
import { UserError } from "../errors.js";
import type { SurfaceState } from "../ops/serve.js";
import type { ChannelMoves } from "../schedule/follow-move.js";
import type { Services, StartRole } from "../services.js";
import type { Answering } from "./answering.js";

/**
 * Starts Discord and Telegram where their tokens are set, each on its own (see startSurface); `onStarted`
 * gets each adapter as it comes up, now or later. Refused tokens are reported; with every surface refused
 * and no console to answer on, the start ends with what to do instead of idling.
 */
export async function startSurfaces(
  services: Services,
  answering: Answering,
  options: {
    role: StartRole;
    surfaces: Map<Platform, SurfaceState>;
    interactive: boolean;
    signal: AbortSignal;
    onStarted: (adapter: ChatAdapter) => void;
    /** A chat that has a new id (a Telegram group upgraded to a supergroup): its subscription and alerts move. */
    moves?: ChannelMoves;
  },
): Promise<void> {
  const { config, logger } = services;
  const { surfaces } = options;
  const { startChatAdapters } = await import("../chat/adapters.js");
  if (config.discordToken !== undefined) surfaces.set("discord", "connecting");
  if (config.telegramToken !== undefined) surfaces.set("telegram", "connecting");
  const refused = await startChatAdapters({
    config,
    dispatcher: answering.consoleOptions.dispatcher,
    specs: answering.commands.map((command) => command.spec),
    suggestSymbols: await services.marketData().then((market) => (typed: string) => market.suggest(typed)),
    logger,
    signal: options.signal,
    replica: options.role === "bot",
    ...(answering.shared === undefined ? {} : { election: answering.shared.election }),
    ...(options.moves === undefined ? {} : { moves: options.moves }),
    onStarted: (adapter) => {
      surfaces.set(adapter.platform, "connected");
      options.onStarted(adapter);
    },
    onFirstTry: (platform, status) => {
      if (status !== "started") surfaces.set(platform, status);
    },
    onLink: (platform, down) =>
      surfaces.set(platform, down === undefined ? "connected" : `disconnected (${down})`),
  });
  const configured = Number(config.discordToken !== undefined) + Number(config.telegramToken !== undefined);
  // Nothing left to answer on: end with what to do instead of idling.
  if (!options.interactive && refused.length === configured) {
    throw new UserError(refused.join("\n"), { code: "platform-refused" });
  }
  for (const message of refused) {
    logger.error(message);
    process.stderr.write(`${message}\n`);
  }
}
