import { Bot, type Transformer, webhookCallback } from "grammy";
import type { LanguageCode } from "grammy/types";
import type { CommandSpec } from "../../commands/types.js";
import type { Config } from "../config.js";
import type { ChatAdapter } from "../contracts/chat.js";
import { errorReason, scrubbedError } from "../error-report.js";
import type { Candidacy, LeaderRole } from "../fleet/leader.js";
import { commandMenus } from "../i18n/index.js";
import { parseCommandLine } from "./parse.js";
import { linkReporter, type SurfaceHooks, startBound } from "./surface-link.js";
import { formatProgress } from "./telegram-format.js";
import { retrying, sendReply, telegramPostTarget } from "./telegram-post.js";
import { createTurnRunner, type TurnOptions, type TurnRunner } from "./turn.js";
import { serveWebhook } from "./webhook-server.js";

export type TelegramDispatcher = TurnOptions["dispatcher"];

/** Where and how to connect (see Config["telegram"]) and the commands. */
export interface TelegramOptions extends TurnOptions, SurfaceHooks, Partial<Config["telegram"]> {
  token: string;
  commands: readonly CommandSpec[];
  /**
   * With several bot replicas on one token: polls only while this replica is the elected poller (Telegram
   * answers 409 to a second getUpdates consumer). Every replica still sends posts and replies.
   */
  poller?: (role: LeaderRole) => Candidacy;
  /** How long one start-up try waits for the Bot API; default {@link TELEGRAM_START_TIMEOUT_MS}. */
  startTimeoutMs?: number;
  /** A group became a supergroup (Telegram's service message): its subscription and alerts follow it. */
  onChatMoved?: (from: string, to: string) => Promise<unknown>;
}

/**
 * How long one start-up try waits for the Bot API: grammY retries getMe and deleteWebhook on network errors
 * for ever, which would hold the start (and every surface behind it) for good; start-surface.ts tries again.
 */
export const TELEGRAM_START_TIMEOUT_MS = 10_000;

/** The bot, and when its running commands have answered (they run beside the update loop). */
export interface TelegramBot extends Pick<TurnRunner, "idle"> {
  bot: Bot;
}

/** Posts go through the bot's Api (429 retried by auto-retry); stop() waits a while for running commands. */
export interface TelegramHandle extends ChatAdapter {
  readonly platform: "telegram";
  /** The port the webhook server listens on; undefined with long polling. */
  webhookPort: number | undefined;
}

type GrammySignal = NonNullable<Parameters<Bot["init"]>[0]>;

/**
 * Builds the bot without starting it: each command message becomes a ChatTurn, run beside grammY's update
 * loop, which handles polled updates one by one (a 30 s retrain would hold up every chat).
 */
export function createTelegramBot(options: TelegramOptions): TelegramBot {
  const { logger, token } = options;
  const bot = new Bot(token, options.apiRoot === undefined ? {} : { client: { apiRoot: options.apiRoot } });
  // Someone waits for a command's reply: a 429 asking for more than a minute fails it (posts wait longer).
  bot.api.config.use(retrying(60));
  // Turns catch their own errors; this only sees grammY's own (a malformed update).
  bot.catch((error) => logger.error({ err: scrubbedError(error.error, [token]) }, "telegram: update failed"));
  const turns = createTurnRunner({ ...options, platform: "telegram" });
  const admins = new Set(options.adminUserIds);
  const specs = new Map(options.commands.map((spec) => [spec.name, spec]));

  bot.chatType(["private", "group", "supergroup"]).on("message:text", (ctx) => {
    // Null for plain text and for /command@OtherBot; the username comes from getMe.
    const parsed = parseCommandLine(ctx.message.text, { botUsername: ctx.me.username });
    if (parsed === null) return;
    // Telegram sends /start when someone opens the bot, with a deep link's payload (?start=x): show help.
    const start = parsed.name === "start" && !specs.has("start") && specs.has("help");
    const name = start ? "help" : parsed.name;
    const spec = specs.get(name);
    // An unknown command in a group is most likely another bot's, unless it names ours; elsewhere a hint.
    if (spec === undefined && ctx.chat.type !== "private" && !parsed.named) return;
    const { chat, from, sender_chat: sender } = ctx.message;
    const answer = { reply_parameters: { message_id: ctx.msgId, allow_sending_without_reply: true } };
    let progressId: number | undefined;
    turns.run({
      command: name,
      args: start ? [] : parsed.words,
      locale: from.language_code,
      secrets: [token],
      caller: async () => {
        // Anonymous admins and channels post with one shared `from` in every group: the chat is the caller.
        const userId = String(sender?.id ?? from.id);
        // Only admin commands cost a getChatMember call; anonymous admins post as the group itself.
        const needsAdmin = spec?.permission === "admin" || spec?.permission === "admin-in-groups";
        const isAdmin =
          admins.has(userId) ||
          (needsAdmin &&
            chat.type !== "private" &&
            (sender?.id === chat.id ||
              ["creator", "administrator"].includes((await ctx.getChatMember(from.id)).status)));
        const userName =
          sender?.title ?? from.username ?? [from.first_name, from.last_name].filter(Boolean).join(" ");
        const channelKind = chat.type === "private" ? "direct" : "group";
        return { platform: "telegram", userId, userName, channelId: String(chat.id), channelKind, isAdmin };
      },
      progress: async (text) => {
        const html = formatProgress(text);
        if (progressId !== undefined) return ctx.api.editMessageText(chat.id, progressId, html, HTML);
        progressId = (await ctx.reply(html, { ...HTML, ...answer })).message_id;
      },
      reply: (reply) => sendReply(ctx.api, chat.id, reply, answer),
      // Deleted rather than edited into the answer: an edit would not notify whoever waited for it.
      clearProgress: async () => progressId !== undefined && ctx.api.deleteMessage(chat.id, progressId),
      apologise: async (text) => void (await ctx.reply(text, answer)),
    });
  });

  // Telegram's service messages when a group becomes a supergroup, in the old chat and in the new one:
  // whichever comes first moves the chat's subscription and alerts (moving again changes nothing).
  bot.on(["message:migrate_to_chat_id", "message:migrate_from_chat_id"], async (ctx) => {
    const { chat, migrate_to_chat_id: to, migrate_from_chat_id: from } = ctx.message;
    const [oldId, newId] = to === undefined ? [from, chat.id] : [chat.id, to];
    if (options.onChatMoved === undefined || oldId === undefined) return;
    await options.onChatMoved(String(oldId), String(newId)).catch((error: unknown) => {
      logger.error(
        { err: error, from: oldId, to: newId },
        "telegram: a group became a supergroup, but its subscription and alerts could not follow it",
      );
    });
  });

  return { bot, idle: turns.idle };
}

/**
 * Starts the bot: long polling by default, or a webhook server. Resolves once updates are being received;
 * rejects, saying so, when the Bot API has not answered within `startTimeoutMs` or `signal` aborts.
 */
export async function startTelegram(options: TelegramOptions): Promise<TelegramHandle> {
  const { bot, idle } = createTelegramBot(options);
  const { logger, token, webhook } = options;
  const link = linkReporter(options.onLink);
  bot.api.config.use(watchPolls(link, token));
  const api = `Telegram's Bot API (${options.apiRoot ?? "https://api.telegram.org"})`;
  const timeoutMs = options.startTimeoutMs ?? TELEGRAM_START_TIMEOUT_MS;
  const bound = () => startBound(api, { signal: options.signal, timeoutMs }, [token]);
  const starting = bound();
  // grammY types its signals with the abort-controller shim's AbortSignal; Node's is the same at run time.
  const signal = starting.signal as GrammySignal;
  const menus = async () => {
    await bot.init(signal);
    // The menu in each shipped language: Telegram picks by the user's language_code, English by default.
    for (const { languageCode, commands } of commandMenus(options.commands)) {
      const language = languageCode === undefined ? {} : { language_code: languageCode as LanguageCode };
      await bot.api.setMyCommands(commands, language, signal);
    }
  };
  await starting.wait("getMe and setMyCommands", menus());
  const username = bot.botInfo.username;
  const allowed_updates = ["message" as const];
  const handle = (stopUpdates: () => Promise<void>, webhookPort?: number): TelegramHandle => ({
    platform: "telegram",
    post: telegramPostTarget(bot.api),
    webhookPort,
    stop: async () => {
      await stopUpdates();
      await idle();
    },
  });

  if (webhook !== undefined) {
    const server = await serveWebhook({
      path: new URL(webhook.url).pathname,
      port: webhook.port,
      handle: webhookCallback(bot, "http", { secretToken: webhook.secretToken }),
      // Commands run beside the update, so only a malformed body or a failing getMe lands here.
      onError: (error) =>
        logger.warn({ err: scrubbedError(error, [token]) }, "telegram: webhook update refused"),
    });
    const registered = bot.api.setWebhook(
      webhook.url,
      { secret_token: webhook.secretToken, allowed_updates },
      signal,
    );
    await starting.wait("setWebhook", registered, server.close);
    link(undefined);
    logger.info({ username, port: server.port }, "telegram: webhook server listening");
    // The webhook stays registered: Telegram keeps updates while we restart.
    return handle(server.close, server.port);
  }

  // bot.start deletes any webhook first, retrying for ever: bounded like getMe, it stops polling when late.
  const poll = async () => {
    let started = false;
    const polling = new Promise<void>((resolve, reject) => {
      const onStart = () => {
        started = true;
        link(undefined);
        resolve();
      };
      bot.start({ allowed_updates, onStart }).catch((error: unknown) => {
        // Before onStart this rejects the start; after it (401, 409) polling has ended for good.
        logger.error({ err: scrubbedError(error, [token]) }, "telegram: long polling stopped");
        if (started) link(`long polling stopped: ${errorReason(error, [token])}`);
        reject(error);
      });
    });
    await bound().wait("deleteWebhook", polling, () => bot.stop());
    logger.info({ username }, "telegram: long polling");
  };
  if (options.poller === undefined) {
    await poll();
    return handle(() => bot.stop());
  }
  const candidacy = options.poller({
    elected: poll,
    deposed: async () => {
      await bot.stop();
      // Another replica polls now (its getUpdates may have ended ours with 409): this one still sends.
      link(undefined);
    },
  });
  // A replica not polling still sends replies and posts: the Bot API answered getMe.
  link(undefined);
  logger.info({ username }, "telegram: replica, polls when elected");
  return handle(() => candidacy.stop());
}

/**
 * Long polling as readiness sees it: every getUpdates that answers says "up", one that fails (network error,
 * 5xx, 429) says "down" with its reason. grammY keeps polling through such failures without telling anyone.
 */
function watchPolls(link: (down: string | undefined) => void, token: string): Transformer {
  return async (prev, method, payload, signal) => {
    const polled = method === "getUpdates";
    try {
      const response = await prev(method, payload, signal);
      if (polled) link(response.ok ? undefined : `getUpdates answered ${response.error_code}`);
      return response;
    } catch (error) {
      // Aborted: bot.stop cancelled the long poll; not the link's fault.
      if (polled && signal?.aborted !== true) link(`getUpdates failed: ${errorReason(error, [token])}`);
      throw error;
    }
  };
}

const HTML = { parse_mode: "HTML" as const };
