import { type Api, GrammyError, InputFile } from "grammy";
import type { Reply } from "../../commands/types.js";
import { type PostTarget, postTarget } from "../schedule/target.js";
import { formatMessages, formatPhoto } from "./telegram-format.js";
import { safePngName } from "./text-fit.js";

/** Telegram's words for a chat the bot can never post in again (it answers 403, or 400 for a lost chat). */
const GONE = /bot was blocked|kicked|chat not found|user is deactivated|not a member|have no rights to send/i;

/**
 * Scheduled posts to Telegram chats through the bot's own Api, so that the auto-retry plugin configured on
 * it retries 429 (after retry_after) and 5xx. The reply is rendered as command replies are.
 */
export function telegramPostTarget(api: Api): PostTarget {
  return postTarget(
    "telegram",
    (chatId, reply) => sendReply(api, chatId, reply),
    (error) =>
      error instanceof GrammyError && (error.error_code === 403 || GONE.test(error.description))
        ? error.description
        : undefined,
  );
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
