import type { Chat, Update, User, UserFromGetMe } from "grammy/types";

// What the fake Telegram (fake-telegram.ts) tells about its bot, and the updates it delivers.

/** The bot the fake answers getMe with. */
export const FAKE_BOT: UserFromGetMe = {
  id: 777_000_111,
  is_bot: true,
  first_name: "Coincast",
  username: "OurBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface TextMessageInput {
  text: string;
  from?: Partial<User> & { id: number };
  /** Defaults to the private chat with `from`. */
  chat?: Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat;
  /** Set for messages sent on behalf of a chat (anonymous group administrators, a channel posting). */
  senderChat?: Chat.SupergroupChat | Chat.GroupChat | Chat.ChannelChat;
}

/** Builds a message update the way Telegram shapes it, with the bot_command entity grammY matches on. */
export function textUpdate(updateId: number, messageId: number, input: TextMessageInput): Update {
  const from = { is_bot: false, first_name: "Ada", ...input.from } as User;
  const chat = input.chat ?? { id: from.id, type: "private" as const, first_name: from.first_name };
  const command = /^\/\S+/.exec(input.text)?.[0];
  const message = {
    message_id: messageId,
    date: Math.floor(Date.now() / 1000),
    chat,
    from,
    text: input.text,
    ...(command === undefined
      ? {}
      : { entities: [{ type: "bot_command", offset: 0, length: command.length }] }),
    ...(input.senderChat === undefined ? {} : { sender_chat: input.senderChat }),
  };
  return { update_id: updateId, message } as Update;
}
