import { autoRetry } from "@grammyjs/auto-retry";
import { Api, GrammyError, InputFile } from "grammy";
import type { Reply } from "../../commands/types.js";
import { type PostTarget, postTarget } from "../schedule/target.js";
import { formatMessages, formatPhoto } from "./telegram-format.js";
import { safePngName } from "./text-fit.js";

/** Telegram's words for a chat the bot can never post in again (it answers 403, or 400 for a lost chat). */
const GONE =
  /bot was blocked|kicked|chat not found|user is deactivated|not a member|(have no|not enough) rights to send|upgraded to a supergroup/i;

/** Longest 429 wait a scheduled post sits out: nobody waits for it, and the day's post is worth 15 minutes. */
const POST_MAX_DELAY_SECONDS = 15 * 60;

/** Retries 429 (after retry_after, up to `maxDelaySeconds`) and 5xx; network errors are rethrown, else forever. */
export const retrying = (maxDelaySeconds: number) =>
  autoRetry({ maxRetryAttempts: 3, maxDelaySeconds, rethrowHttpErrors: true });

/**
 * Scheduled posts to Telegram chats through an Api of their own on the bot's token, whose auto-retry waits
 * out a 429 of up to 15 minutes (a command's reply gives up after one). The reply is rendered as command
 * replies are. A group upgraded to a supergroup names its new chat id, where its subscription and alerts
 * follow it (src/schedule/follow-move.ts).
 */
export function telegramPostTarget(botApi: Api): PostTarget {
  const api = new Api(botApi.token, botApi.options);
  api.config.use(retrying(POST_MAX_DELAY_SECONDS));
  return postTarget("telegram", (chatId, reply) => sendReply(api, chatId, reply), gone);
}

/**
 * The pause reason when Telegram says the chat is gone for good, with the new chat id of a group upgraded
 * to a supergroup (400 with `migrate_to_chat_id`); undefined for any other failure.
 */
function gone(error: unknown): string | { reason: string; movedTo: string } | undefined {
  if (!(error instanceof GrammyError)) return undefined;
  const movedTo = error.parameters.migrate_to_chat_id;
  if (movedTo !== undefined) return { reason: error.description, movedTo: String(movedTo) };
  return error.error_code === 403 || GONE.test(error.description) ? error.description : undefined;
}

/** A reply as HTML: a photo with its caption (and any text that did not fit after it), or messages. */
export async function sendReply(
  api: Api,
  chatId: number | string,
  reply: Reply,
  extra: Pick<NonNullable<Parameters<Api["sendMessage"]>[2]>, "reply_parameters"> = {},
): Promise<void> {
  const html = { parse_mode: "HTML" as const, ...extra };
  let messages = formatMessages(reply);
  if (reply.image !== undefined) {
    const { caption, followUps } = formatPhoto(reply, reply.image.description);
    const photo = new InputFile(reply.image.png, safePngName(reply.image.filename));
    await api.sendPhoto(chatId, photo, caption === "" ? html : { ...html, caption });
    messages = followUps;
  }
  for (const text of messages)
    await api.sendMessage(chatId, text, { ...html, link_preview_options: { is_disabled: true } });
}
