import { AttachmentBuilder, EmbedBuilder, escapeMarkdown, MessageFlags } from "discord.js";
import type { Reply } from "../../commands/types.js";
import { withDiscordCommandNames } from "./discord-command-names.js";
import { type CardLimits, fitCard, safePngName, truncate } from "./text-fit.js";

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const satisfies CardLimits;
/** A message's plain content, used for progress lines and apologies. */
export const CONTENT_LIMIT = 2000;

/** Discord refuses empty embed strings; a zero-width space stands in for an empty name or value. */
const BLANK = "\u200b";

/** Reply strings are plain text: every markdown construct Discord renders is made inert. */
export const plain = (text: string): string =>
  escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });

/** The embed, within every per-part limit and the 6,000-character total (fields are dropped last-first). */
export function toEmbed(reply: Reply): EmbedBuilder {
  const { footer, fields, ...parts } = fitCard(reply, EMBED_LIMITS, plain, BLANK);
  const embed = new EmbedBuilder({ ...parts, fields: fields.map((f) => ({ ...f, inline: true })) });
  return footer === undefined ? embed : embed.setFooter({ text: footer });
}

/**
 * What interaction.reply / editReply / followUp take: the embed, the chart file and the flags. Mentions
 * are never parsed: the client's allowedMentions default (startDiscord) covers every message it sends.
 */
export interface DiscordMessage {
  embeds: EmbedBuilder[];
  files: AttachmentBuilder[];
  flags?: MessageFlags.Ephemeral;
}

/**
 * A Reply as a Discord message: one embed, the chart attached and shown as the embed's image, commands
 * named as the reader's client lists them.
 */
export function toDiscordMessage(written: Reply): DiscordMessage {
  const reply = withDiscordCommandNames(written);
  const embed = toEmbed(reply);
  const files: AttachmentBuilder[] = [];
  if (reply.image !== undefined) {
    const name = safePngName(reply.image.filename);
    const description = truncate(reply.image.description, 1024);
    files.push(new AttachmentBuilder(reply.image.png, { name, description }));
    embed.setImage(`attachment://${name}`);
  }
  const flags = reply.private === true ? { flags: MessageFlags.Ephemeral as const } : {};
  return { embeds: [embed], files, ...flags };
}
