import type { Reply } from "../../commands/types.js";
import { type Markup, packBlocks, replyCaption, replyMessages } from "./text-fit.js";

/**
 * Telegram HTML (parse_mode "HTML"). Every string is escaped; markup is only ours: the title in <b>, the
 * footer in <i>. Limits are measured on the HTML we send, which is never shorter than what Telegram counts
 * after parsing, so a text within them is within Telegram's. A runaway reply stops at five messages.
 */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
const LIMITS = { message: MESSAGE_LIMIT, caption: CAPTION_LIMIT, maxMessages: 5 };

/** Escapes the three characters Telegram's HTML parser needs escaped outside attributes. */
export const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const TAG = { title: "b", footer: "i" } as const;
const HTML: Markup = {
  escape: escapeHtml,
  render: (text, style) => {
    const html = escapeHtml(text);
    return style === undefined || html === "" ? html : `<${TAG[style]}>${html}</${TAG[style]}>`;
  },
};

export const formatMessages = (reply: Reply): string[] => replyMessages(reply, HTML, LIMITS);
export const formatPhoto = (reply: Reply, description: string) =>
  replyCaption(reply, description, HTML, LIMITS);

/** The interim "⏳ …" message a long command shows. */
export const formatProgress = (text: string): string =>
  packBlocks([{ text: `⏳ ${text}` }], HTML, MESSAGE_LIMIT, 1).chunks[0] ?? "⏳";
