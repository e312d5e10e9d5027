import { AttachmentBuilder, EmbedBuilder, escapeMarkdown, MessageFlags } from "discord.js";
import type { Reply } from "../../commands/types.js";

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;
/** A message's plain content, used for progress lines and apologies. */
export const CONTENT_LIMIT = 2000;
const ATTACHMENT_DESCRIPTION_LIMIT = 1024;

/** Mentions are never parsed from our output: a symbol or a quoted error can not ping anyone. */
export const NO_MENTIONS = { parse: [] as [] };

/** Discord refuses empty embed strings; a zero-width space stands in for an empty name or value. */
const BLANK = "\u200b";

/**
 * Cuts to at most `max` UTF-16 units, ending in "…". Never splits a surrogate pair, and never leaves a
 * lone escaping backslash that would swallow the ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Reply strings are plain text: every markdown construct Discord renders is made inert. */
export const plain = (text: string): string =>
  escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });

/**
 * Plain text, escaped and cut to `max`; blank when empty (Discord refuses empty strings). Cut before
 * escaping too: escaping only lengthens, and escapeMarkdown's regexes are slow on long input.
 */
const fitText = (text: string, max: number): string => truncate(plain(truncate(text, max)), max) || BLANK;

/** attachment:// names must be simple; the chart's own name is kept where it already is. */
function attachmentName(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_").slice(-100);
  return safe.toLowerCase().endsWith(".png") ? safe : `${safe || "chart"}.png`;
}

/** The embed, within every per-part limit and the 6,000-character total (fields are dropped last-first). */
export function toEmbed(reply: Reply): EmbedBuilder {
  const embed = new EmbedBuilder();
  let budget: number = EMBED_LIMITS.total;
  const take = (text: string, max: number): string => {
    const fitted = fitText(text, Math.min(max, budget));
    budget -= fitted.length;
    return fitted;
  };
  if (reply.title !== undefined && reply.title !== "") embed.setTitle(take(reply.title, EMBED_LIMITS.title));
  // The footer is small print: Discord renders it without markdown, so it is cut but not escaped.
  if (reply.footer !== undefined && reply.footer !== "") {
    const footer = truncate(reply.footer, Math.min(EMBED_LIMITS.footer, budget));
    budget -= footer.length;
    if (footer !== "") embed.setFooter({ text: footer });
  }
  const description = reply.lines.join("\n");
  if (description.trim() !== "" && budget > 1) {
    embed.setDescription(take(description, EMBED_LIMITS.description));
  }
  for (const field of (reply.fields ?? []).slice(0, EMBED_LIMITS.fields)) {
    const name = fitText(field.name, EMBED_LIMITS.fieldName);
    // Room for the name and at least "…" of the value, or the field (and those after it) are dropped.
    if (name.length + 1 > budget) break;
    budget -= name.length;
    embed.addFields({ name, value: take(field.value, EMBED_LIMITS.fieldValue), inline: true });
  }
  return embed;
}

/** What interaction.reply / editReply / followUp take: the embed, the chart file and the flags. */
export interface DiscordMessage {
  embeds: EmbedBuilder[];
  files: AttachmentBuilder[];
  allowedMentions: typeof NO_MENTIONS;
  flags?: MessageFlags.Ephemeral;
}

/** A Reply as a Discord message: one embed, the chart attached and shown as the embed's image. */
export function toDiscordMessage(reply: Reply): DiscordMessage {
  const embed = toEmbed(reply);
  const files: AttachmentBuilder[] = [];
  if (reply.image !== undefined) {
    const name = attachmentName(reply.image.filename);
    files.push(
      new AttachmentBuilder(reply.image.png, {
        name,
        description: truncate(reply.image.description, ATTACHMENT_DESCRIPTION_LIMIT),
      }),
    );
    embed.setImage(`attachment://${name}`);
  }
  // An embed needs some content; a Reply with nothing at all still answers.
  if (embed.data.title === undefined && embed.data.description === undefined && files.length === 0) {
    if ((embed.data.fields ?? []).length === 0) embed.setDescription(BLANK);
  }
  return {
    embeds: [embed],
    files,
    allowedMentions: NO_MENTIONS,
    ...(reply.private === true ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
