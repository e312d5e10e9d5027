import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, BotError, type ChatTypeContext, type Context, InputFile, webhookCallback } from "grammy";
import type { CommandSpec } from "../../commands/types.js";
import type { Caller, ChatAdapter, Reply } from "../contracts/chat.js";
import { newErrorId, scrubbedError } from "../error-report.js";
import type { Logger } from "../logger.js";
import type { PostTarget } from "../schedule/target.js";
import type { Dispatcher } from "./dispatch.js";
import { parseCommandLine } from "./parse.js";
import { createProgressThrottle, PROGRESS_INTERVAL_MS } from "./progress-throttle.js";
import { formatMessages, formatPhoto, formatProgress } from "./telegram-format.js";
import { telegramPostTarget } from "./telegram-post.js";

/** What the adapter uses of the dispatcher, which never throws: every outcome is a Reply. */
export type TelegramDispatcher = Pick<Dispatcher, "dispatch">;

export interface TelegramWebhookOptions {
  /** The public HTTPS URL Telegram posts to; its path is the one the local server answers. */
  url: string;
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token: 1-256 of [A-Za-z0-9_-]. */
  secretToken: string;
  /** Local port of the HTTP server (behind the TLS proxy); 0 picks a free one. */
  port: number;
}

export interface TelegramOptions {
  token: string;
  /** Bot API server, e.g. a local Bot API server or a test fake; grammY's default is https://api.telegram.org */
  apiRoot?: string;
  dispatcher: TelegramDispatcher;
  commands: readonly CommandSpec[];
  /** Telegram user ids that may run admin commands everywhere. */
  adminUserIds: readonly string[];
  /** Webhook mode; long polling when absent. */
  webhook?: TelegramWebhookOptions;
  /**
   * With several bot replicas on one token: polls only while this replica is the elected poller (Telegram
   * answers 409 to a second getUpdates consumer). Every replica still sends posts and replies.
   */
  poller?: PollerElection;
  logger: Logger;
  /** Least time between two edits of the progress message. Default 2 s. */
  progressIntervalMs?: number;
}

/** Campaigns to be the one poller (src/fleet/leader.ts over Redis): starts `elected`, stops `deposed`. */
export type PollerElection = (role: { elected(): Promise<void>; deposed(): Promise<void> }) => {
  stop(): Promise<void>;
};

export interface TelegramBot {
  bot: Bot;
  /** Resolves once no command is running (commands run beside the update loop, see below). */
  idle(): Promise<void>;
}

export interface TelegramHandle extends ChatAdapter {
  readonly platform: "telegram";
  bot: Bot;
  /** Scheduled posts to chats, through the bot's Api (429 retried by its auto-retry plugin). */
  post: PostTarget;
  /** Stops polling or the webhook server, then waits (a while) for running commands to answer. */
  stop(): Promise<void>;
  /** The port the webhook server listens on; undefined with long polling. */
  webhookPort: number | undefined;
}

type CommandCtx = ChatTypeContext<Context, "private" | "group" | "supergroup"> & {
  message: NonNullable<Context["message"]>;
};

const ALLOWED_UPDATES = ["message"] as const;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Builds the bot without starting it: commands are routed to the dispatcher, replies rendered as HTML.
 * A command runs beside grammY's update loop rather than inside it: grammY handles polled updates one by
 * one, so a 30 s retrain would hold up every chat, and a webhook answered after 10 s makes Telegram send
 * the update again. Errors from those runs reach the same handler as grammY's (`bot.catch`).
 */
export function createTelegramBot(options: TelegramOptions): TelegramBot {
  const { logger, dispatcher } = options;
  const bot = new Bot(
    options.token,
    options.apiRoot === undefined ? {} : { client: { apiRoot: options.apiRoot } },
  );
  // Retries 429 (after retry_after) and 5xx; network errors are rethrown, else the plugin retries them forever.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));

  const admins = new Set(options.adminUserIds);
  const progressIntervalMs = options.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
  const running = new Set<Promise<void>>();

  const onError = async (error: BotError) => {
    const errorId = newErrorId();
    logger.error(
      { errorId, updateId: error.ctx.update.update_id, err: scrubbedError(error.error, [options.token]) },
      "telegram: command failed",
    );
    if (error.ctx.chatId === undefined) return;
    try {
      await error.ctx.reply(`Sorry, something went wrong (error id ${errorId}).`, replyTo(error.ctx.msgId));
    } catch (sendError) {
      logger.warn({ errorId, err: scrubbedError(sendError, [options.token]) }, "telegram: apology not sent");
    }
  };
  bot.catch(onError);

  const callerOf = async (ctx: CommandCtx, spec: CommandSpec | undefined): Promise<Caller> => {
    const { chat, from } = ctx.message;
    const userId = String(from.id);
    let isAdmin = admins.has(userId);
    // Only admin commands cost a getChatMember call; anonymous admins post as the group itself.
    const needsAdmin = spec?.permission === "admin" || spec?.permission === "admin-in-groups";
    if (!isAdmin && needsAdmin && chat.type !== "private") {
      isAdmin = ctx.message.sender_chat?.id === chat.id || (await isChatAdmin(ctx, from.id));
    }
    return {
      platform: "telegram",
      userId,
      userName: from.username ?? [from.first_name, from.last_name].filter(Boolean).join(" "),
      channelId: String(chat.id),
      channelKind: chat.type === "private" ? "direct" : "group",
      isAdmin,
    };
  };

  const runCommand = async (
    ctx: CommandCtx,
    name: string,
    spec: CommandSpec | undefined,
    words: string[],
  ) => {
    const caller = await callerOf(ctx, spec);
    const progress = createProgress(ctx, progressIntervalMs, logger, options.token);
    const reply = await dispatcher.dispatch(name, words, caller, progress.update);
    const progressMessageId = await progress.close();
    await sendReply(ctx, reply);
    if (progressMessageId !== undefined) {
      // Deleted rather than edited into the answer: an edit would not notify whoever waited for it.
      await ctx.api.deleteMessage(ctx.chat.id, progressMessageId).catch((error: unknown) => {
        logger.warn({ err: scrubbedError(error, [options.token]) }, "telegram: progress message not deleted");
      });
    }
  };

  const specs = new Map(options.commands.map((spec) => [spec.name, spec]));
  bot.chatType(["private", "group", "supergroup"]).on("message:text", (ctx) => {
    // Null for plain text and for /command@OtherBot; the username comes from getMe.
    const parsed = parseCommandLine(ctx.message.text, { botUsername: ctx.me.username });
    if (parsed === null) return;
    // Telegram sends /start when someone opens the bot: show them help.
    const name = parsed.name === "start" && !specs.has("start") && specs.has("help") ? "help" : parsed.name;
    const spec = specs.get(name);
    // An unknown command in a group is most likely another bot's; in a private chat it earns a hint.
    if (spec === undefined && ctx.chat.type !== "private") return;
    const task = runCommand(ctx, name, spec, parsed.words)
      .catch((error: unknown) => onError(new BotError(error, ctx)))
      .finally(() => running.delete(task));
    running.add(task);
  });

  return {
    bot,
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** Starts the bot: long polling by default, or a webhook server. Resolves once updates are being received. */
export async function startTelegram(options: TelegramOptions): Promise<TelegramHandle> {
  const { bot, idle } = createTelegramBot(options);
  const { logger } = options;
  await bot.init();
  // Names and descriptions already meet Telegram's rules (checkCommands in commands/index.ts).
  await bot.api.setMyCommands(
    options.commands.map((spec) => ({ command: spec.name, description: spec.description })),
  );
  const drain = () =>
    Promise.race([idle(), new Promise<void>((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS).unref())]);

  if (options.webhook !== undefined) {
    const server = await serveWebhook(bot, options.webhook, logger, options.token);
    await bot.api.setWebhook(options.webhook.url, {
      secret_token: options.webhook.secretToken,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    const webhookPort = (server.address() as AddressInfo).port;
    logger.info({ username: bot.botInfo.username, port: webhookPort }, "telegram: webhook server listening");
    return {
      platform: "telegram",
      bot,
      post: telegramPostTarget(bot.api),
      webhookPort,
      stop: async () => {
        // The webhook stays registered: Telegram keeps updates while we restart.
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await drain();
      },
    };
  }

  const poll = () =>
    new Promise<void>((resolve, reject) => {
      bot
        .start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() })
        .catch((error: unknown) => {
          // Before onStart this rejects the start; after it (401, 409) polling has ended for good.
          logger.error({ err: scrubbedError(error, [options.token]) }, "telegram: long polling stopped");
          reject(error);
        });
    });
  let stopPolling: () => Promise<void>;
  if (options.poller !== undefined) {
    const candidacy = options.poller({
      elected: async () => {
        await poll();
        logger.info({ username: bot.botInfo.username }, "telegram: elected poller, long polling");
      },
      deposed: () => bot.stop(),
    });
    logger.info({ username: bot.botInfo.username }, "telegram: replica, polls when elected");
    stopPolling = () => candidacy.stop();
  } else {
    await poll();
    logger.info({ username: bot.botInfo.username }, "telegram: long polling");
    stopPolling = () => bot.stop();
  }
  return {
    platform: "telegram",
    bot,
    post: telegramPostTarget(bot.api),
    webhookPort: undefined,
    stop: async () => {
      await stopPolling();
      await drain();
    },
  };
}

async function serveWebhook(
  bot: Bot,
  webhook: TelegramWebhookOptions,
  logger: Logger,
  token: string,
): Promise<Server> {
  const path = new URL(webhook.url).pathname;
  const callback = webhookCallback(bot, "http", { secretToken: webhook.secretToken });
  const server = createServer((request, response) => {
    if (request.method !== "POST" || new URL(request.url ?? "/", "http://localhost").pathname !== path) {
      response.writeHead(404).end();
      return;
    }
    callback(request, response).catch((error: unknown) => {
      // Commands run beside the update, so only a malformed body or a failing getMe lands here.
      logger.warn({ err: scrubbedError(error, [token]) }, "telegram: webhook update refused");
      if (!response.headersSent) response.writeHead(error instanceof SyntaxError ? 400 : 500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(webhook.port, () => resolve());
  });
  return server;
}

async function isChatAdmin(ctx: CommandCtx, userId: number): Promise<boolean> {
  const member = await ctx.getChatMember(userId);
  return member.status === "creator" || member.status === "administrator";
}

async function sendReply(ctx: CommandCtx, reply: Reply): Promise<void> {
  const answer = { parse_mode: "HTML" as const, ...replyTo(ctx.msgId) };
  const asText = { ...answer, link_preview_options: { is_disabled: true } };
  let messages = formatMessages(reply);
  if (reply.image !== undefined) {
    const { caption, followUps } = formatPhoto(reply, reply.image.description);
    const file = new InputFile(reply.image.png, safeFilename(reply.image.filename));
    await ctx.replyWithPhoto(file, caption === "" ? answer : { ...answer, caption });
    messages = followUps;
  }
  for (const text of messages) await ctx.reply(text, asText);
}

/** The "⏳ …" message: sent on the first call, edited on later ones at most once per interval. */
function createProgress(ctx: CommandCtx, intervalMs: number, logger: Logger, token: string) {
  let messageId: number | undefined;
  let lastText = "";
  let closed = false;
  let queue = Promise.resolve();
  const throttle = createProgressThrottle(intervalMs);
  const show = async (html: string) => {
    if (closed || html === lastText || !throttle.take()) return;
    if (messageId === undefined) {
      const message = await ctx.reply(html, { parse_mode: "HTML", ...replyTo(ctx.msgId) });
      messageId = message.message_id;
    } else {
      await ctx.api.editMessageText(ctx.chat.id, messageId, html, { parse_mode: "HTML" });
    }
    lastText = html;
  };
  return {
    // Progress is cosmetic: a failed update is logged and the command carries on.
    update: (text: string): Promise<void> => {
      queue = queue
        .then(() => show(formatProgress(text)))
        .catch((error: unknown) => {
          logger.warn({ err: scrubbedError(error, [token]) }, "telegram: progress not shown");
        });
      return queue;
    },
    close: async (): Promise<number | undefined> => {
      await queue;
      closed = true;
      return messageId;
    },
  };
}

function replyTo(messageId: number | undefined) {
  return messageId === undefined
    ? {}
    : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
}

/** grammY writes the multipart filename unquoted, so keep it to characters that need no quoting. */
function safeFilename(filename: string): string {
  return filename.replace(/[^A-Za-z0-9._-]/g, "_") || "chart.png";
}
