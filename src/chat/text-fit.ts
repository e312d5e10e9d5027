import type { Reply } from "../contracts/chat.js";

/**
 * Fitting a reply into a platform's limits, written once for every adapter: cutting text, laying styled
 * lines out as messages of a given length, naming an attached file. Platforms differ only in how a
 * string is escaped and marked up, which they pass in as a {@link Markup}.
 */

export const ELLIPSIS = "…";

/** A line's emphasis; each platform renders it its own way (Telegram <b>/<i>). */
export type Style = "title" | "footer";

/** One line of the reply before markup. */
export interface Block {
  text: string;
  style?: Style;
}

/** How a platform writes a line: escapes it and wraps it in its style's markup. */
export interface Markup {
  escape(text: string): string;
  /** The escaped text wrapped in the style's markup; must return "" for "". */
  render(text: string, style: Style | undefined): string;
}

/**
 * Cuts to at most `max` UTF-16 units, ending in "…". Never splits a surrogate pair, and never leaves a
 * lone escaping backslash (of escaped markdown) that would swallow the ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/** A file name every platform takes unquoted (multipart, attachment://): [A-Za-z0-9._-], ending in .png. */
export function safePngName(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_").slice(-100);
  return safe.toLowerCase().endsWith(".png") ? safe : `${safe || "chart"}.png`;
}

/** The reply as styled lines: the title, the lines, "name: value" fields, a blank line, the footer. */
export function blocksOf(reply: Reply): Block[] {
  const blocks: Block[] = [];
  if (reply.title) blocks.push({ text: reply.title, style: "title" });
  for (const line of reply.lines) blocks.push({ text: line });
  for (const field of reply.fields ?? []) blocks.push({ text: `${field.name}: ${field.value}` });
  if (reply.footer) {
    if (blocks.length > 0) blocks.push({ text: "" });
    blocks.push({ text: reply.footer, style: "footer" });
  }
  return blocks;
}

/** A platform's message limits: a text message, a picture's caption, and how many messages a reply may take. */
export interface MessageLimits {
  message: number;
  caption: number;
  maxMessages: number;
}

/** The reply as messages within the limits; "…" stands in for a reply with no text at all. */
export function replyMessages(reply: Reply, markup: Markup, limits: MessageLimits): string[] {
  const blocks = blocksOf(reply);
  const shown = blocks.length > 0 ? blocks : [{ text: ELLIPSIS }];
  return packBlocks(shown, markup, limits.message, limits.maxMessages).chunks;
}

/**
 * The reply as a picture's caption when it fits; otherwise the title, fields and footer (a forecast's
 * numbers and its disclaimer) as the caption and the lines as messages that follow the picture; when even
 * that does not fit, a short caption (the title, or the picture's description) and the full text after it.
 */
export function replyCaption(
  reply: Reply,
  description: string,
  markup: Markup,
  limits: MessageLimits,
): { caption: string; followUps: string[] } {
  const whole = packBlocks(blocksOf(reply), markup, limits.caption, 1);
  if (!whole.truncated) return { caption: whole.chunks[0] ?? "", followUps: [] };
  const numbers = packBlocks(blocksOf({ ...reply, lines: [] }), markup, limits.caption, 1);
  if (!numbers.truncated && reply.lines.length > 0 && (reply.fields?.length ?? 0) > 0) {
    const rest = packBlocks(
      reply.lines.map((text) => ({ text })),
      markup,
      limits.message,
      limits.maxMessages,
    );
    return { caption: numbers.chunks[0] ?? "", followUps: rest.chunks };
  }
  const short: Block = reply.title ? { text: reply.title, style: "title" } : { text: description };
  const caption = packBlocks([short], markup, limits.caption, 1).chunks[0] ?? "";
  return { caption, followUps: replyMessages(reply, markup, limits) };
}

/**
 * Lays the blocks out as lines of chunks within `limit` characters of marked-up text; a block too long
 * for one chunk is cut into pieces, each with its own markup, so no chunk ever ends inside a tag or an
 * escape. Beyond `maxChunks` the rest is dropped and the last chunk ends with "…".
 */
export function packBlocks(
  blocks: readonly Block[],
  markup: Markup,
  limit: number,
  maxChunks: number,
): { chunks: string[]; truncated: boolean } {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  let truncated = false;
  outer: for (const block of blocks) {
    // Pieces leave room for "\n…", so that a truncated chunk always has space to say so.
    for (const piece of pieces(block, markup, limit - 1 - ELLIPSIS.length)) {
      const added = current.length === 0 ? piece.length : piece.length + 1;
      if (current.length > 0 && length + added > limit) {
        if (chunks.length + 1 >= maxChunks) {
          truncated = true;
          break outer;
        }
        chunks.push(current);
        current = [];
        length = 0;
      }
      current.push(piece);
      length += current.length === 1 ? piece.length : piece.length + 1;
    }
  }
  if (truncated) {
    // Room for "\n…": drop whole lines until it fits (a line is never cut here, so markup stays whole).
    while (current.length > 1 && length + 1 + ELLIPSIS.length > limit) {
      length -= (current.pop() ?? "").length + 1;
    }
    current.push(ELLIPSIS);
  }
  chunks.push(current);
  // Platforms refuse an empty text, and blank lines at a chunk's edge are only noise.
  const texts = chunks.map((lines) => lines.join("\n").trim()).filter((text) => text !== "");
  return { chunks: texts, truncated };
}

/** The block rendered, cut into pieces of at most `limit` characters of markup, preferring whitespace. */
function pieces(block: Block, markup: Markup, limit: number): string[] {
  const whole = markup.render(block.text, block.style);
  if (whole.length <= limit) return [whole];
  const overhead = markup.render("x", block.style).length - markup.escape("x").length;
  const budget = limit - overhead;
  const result: string[] = [];
  let rest = block.text;
  while (rest.length > 0) {
    let cut = fittingPrefix(rest, markup, budget);
    if (cut < rest.length) {
      const space = rest.slice(0, cut).search(/\s\S*$/);
      if (space > cut / 2) cut = space + 1;
    }
    result.push(markup.render(rest.slice(0, cut).trimEnd(), block.style));
    rest = rest.slice(cut).trimStart();
  }
  return result.filter((piece) => piece !== "");
}

/** Length (UTF-16 units) of the longest prefix whose escaped form fits `budget`, never halving a surrogate pair. */
function fittingPrefix(text: string, markup: Markup, budget: number): number {
  let used = 0;
  let index = 0;
  for (const char of text) {
    const cost = markup.escape(char).length;
    if (used + cost > budget) break;
    used += cost;
    index += char.length;
  }
  // A budget too small for even one character still makes progress.
  if (index === 0 && text.length > 0) return (text.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
  return index;
}

/** A card's limits, per part and in total (Discord's embed has this shape). */
export interface CardLimits {
  title: number;
  description: number;
  fields: number;
  fieldName: number;
  fieldValue: number;
  footer: number;
  total: number;
}

/** A reply laid out as a card: absent parts are left out. */
export interface Card {
  title?: string;
  description?: string;
  footer?: string;
  fields: { name: string; value: string }[];
}

/**
 * The reply as a card within every part's limit and the total, spent in order: title, footer,
 * description, then fields (dropped last-first). Text is cut before and after `escape` (escaping only
 * lengthens; cutting first keeps slow escapers fast); the footer is small print, shown unrendered, so
 * it is cut but not escaped. `blank` stands in for an empty name or value, and is the description of a
 * reply with nothing at all, not even an image: it still answers.
 */
export function fitCard(
  reply: Reply,
  limits: CardLimits,
  escapeText: (text: string) => string,
  blank: string,
): Card {
  let budget = limits.total;
  const fitText = (text: string, max: number) => truncate(escapeText(truncate(text, max)), max) || blank;
  const take = (text: string, max: number): string => {
    const fitted = fitText(text, Math.min(max, budget));
    budget -= fitted.length;
    return fitted;
  };
  const card: Card = { fields: [] };
  if (reply.title) card.title = take(reply.title, limits.title);
  if (reply.footer) {
    const footer = truncate(reply.footer, Math.min(limits.footer, budget));
    budget -= footer.length;
    if (footer !== "") card.footer = footer;
  }
  const description = reply.lines.join("\n");
  if (description.trim() !== "" && budget > 1) card.description = take(description, limits.description);
  for (const field of (reply.fields ?? []).slice(0, limits.fields)) {
    const name = fitText(field.name, limits.fieldName);
    // Room for the name and at least "…" of the value, or the field (and those after it) are dropped.
    if (name.length + 1 > budget) break;
    budget -= name.length;
    card.fields.push({ name, value: take(field.value, limits.fieldValue) });
  }
  const empty = card.title === undefined && card.description === undefined && card.fields.length === 0;
  if (empty && reply.image === undefined) card.description = blank;
  return card;
}
