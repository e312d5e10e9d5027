/**
 * The vocabulary every chat-facing layer shares (commands, schedule, chat adapters, the composition root):
 * what a reply is, who asked, which platforms exist, and what an adapter offers. It imports nothing, so no
 * two layers need to import each other to speak about a reply.
 */

/** A reply in platform-neutral form: adapters turn it into an embed, HTML or plain text, escaping every string. */
export interface Reply {
  /** Short headline (embed title, bold line on Telegram). */
  title?: string;
  /** Body, plain text lines: no markup, adapters escape it for their platform. */
  lines: string[];
  /** Label/value pairs (embed fields; "label: value" lines elsewhere). */
  fields?: { name: string; value: string }[];
  /** Small print (embed footer; last line elsewhere). */
  footer?: string;
  /** A PNG to attach or send as a photo; the console writes it to a file and prints the path. */
  image?: { png: Buffer; filename: string; description: string };
  /** Where the platform can, only the asking user sees it (Discord ephemeral replies). */
  private?: boolean;
  /**
   * The reader's language tag as the platform gave it, where a platform's rendering depends on it: a post
   * carries its subscriber's, a Discord command reply its interaction's (Discord names commands per locale).
   */
  locale?: string | undefined;
}

/** Who asked, where. */
export interface Caller {
  platform: "discord" | "telegram" | "console";
  /** Platform user id (console: "console"). */
  userId: string;
  /** Display name, for logs only: never echoed unescaped. */
  userName: string;
  /** Where to answer and, for scheduled posts, what to subscribe: Discord channel id, Telegram chat id, "console". */
  channelId: string;
  /** A direct message (Discord DM, Telegram private chat, console) or a shared channel or group. */
  channelKind: "direct" | "group";
  /** Whether the caller may run "admin" commands here; the adapter works it out from the platform. */
  isAdmin: boolean;
  /** The user's language as the platform tells it (Discord "es-ES", Telegram "de", LANG); absent: English. */
  locale?: string;
}

/** A chat platform, as subscriptions name it. */
export type Platform = Caller["platform"];

/**
 * Where scheduled posts go on one platform: each chat adapter implements it over its own client, so the
 * scheduler never touches discord.js or grammY.
 */
export interface PostTarget {
  /**
   * Posts `reply` in the channel (Discord channel id, Telegram chat id, "console"), rendered as the
   * adapter renders command replies. Resolves once the platform has accepted it.
   * @throws ChannelGoneError when the bot can no longer post there (removed, blocked, channel deleted).
   */
  send(channelId: string, reply: Reply): Promise<void>;
}

/**
 * One chat platform as the composition root sees it (grammY's frameworks.ts is the model): Discord,
 * Telegram and the console each map their client onto it, so starting, posting and stopping read the same.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Scheduled posts to this platform's channels. */
  readonly post: PostTarget;
  /** Stops taking commands and lets running ones answer; resolves once the client is closed. */
  stop(): Promise<void>;
}
