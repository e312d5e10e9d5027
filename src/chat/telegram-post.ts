import { type Api, GrammyError, InputFile } from "grammy";
import type { Reply } from "../../commands/types.js";
import { ChannelGoneError, type PostTarget } from "../schedule/target.js";
import { formatMessages, formatPhoto } from "./telegram-format.js";

/** Telegram's words for a chat the bot can never post in again (it answers 403, or 400 for a lost chat). */
const GONE =
  /bot was blocked|bot was kicked|kicked|chat not found|user is deactivated|not a member|have no rights to send/i;

/**
 * Scheduled posts to Telegram chats through the bot's own Api, so that the auto-retry plugin configured on
 * it retries 429 (after retry_after) and 5xx. The reply is rendered as command replies are.
 */
export function telegramPostTarget(api: Api): PostTarget {
  return {
    async send(channelId, reply) {
      try {
        await sendTo(api, channelId, reply);
      } catch (error) {
        if (error instanceof GrammyError && (error.error_code === 403 || GONE.test(error.description))) {
          throw new ChannelGoneError("telegram", channelId, error.description, { cause: error });
        }
        throw error;
      }
    },
  };
}

async function sendTo(api: Api, chatId: string, reply: Reply): Promise<void> {
  const html = { parse_mode: "HTML" as const };
  let messages = formatMessages(reply);
  if (reply.image !== undefined) {
    const { caption, followUps } = formatPhoto(reply, reply.image.description);
    const filename = reply.image.filename.replace(/[^A-Za-z0-9._-]/g, "_") || "chart.png";
    await api.sendPhoto(
      chatId,
      new InputFile(reply.image.png, filename),
      caption === "" ? html : { ...html, caption },
    );
    messages = followUps;
  }
  for (const text of messages)
    await api.sendMessage(chatId, text, { ...html, link_preview_options: { is_disabled: true } });
}
