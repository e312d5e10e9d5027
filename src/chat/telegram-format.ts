import type { Reply } from "../../commands/types.js";

/**
 * Turns a Reply into Telegram HTML (parse_mode "HTML"). Every string is escaped; markup is only ours:
 * the title in <b>, the footer in <i>. Limits are measured on the HTML we send, which is never shorter
 * than what Telegram counts after parsing, so a text within them is within Telegram's.
 */

export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** A runaway reply stops here rather than flooding a group. */
export const MAX_MESSAGES = 5;

const ELLIPSIS = "…";

type Style = "b" | "i";

/** One line of the reply before markup. */
interface Block {
  text: string;
  style?: Style;
}

/** Escapes the three characters Telegram's HTML parser needs escaped outside attributes. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The reply as one or more HTML messages, each within MESSAGE_LIMIT, at most MAX_MESSAGES. */
export function formatMessages(reply: Reply): string[] {
  const blocks = blocksOf(reply);
  return pack(blocks.length > 0 ? blocks : [{ text: ELLIPSIS }], MESSAGE_LIMIT, MAX_MESSAGES).chunks;
}

/**
 * The reply as a photo caption when it fits; otherwise a short caption (the title, or the picture's
 * description) and the full text as messages that follow the photo.
 */
export function formatPhoto(reply: Reply, description: string): { caption: string; followUps: string[] } {
  const blocks = blocksOf(reply);
  const whole = pack(blocks, CAPTION_LIMIT, 1);
  if (!whole.truncated) return { caption: whole.chunks[0] ?? "", followUps: [] };
  const short: Block = reply.title ? { text: reply.title, style: "b" } : { text: description };
  return { caption: pack([short], CAPTION_LIMIT, 1).chunks[0] ?? "", followUps: formatMessages(reply) };
}

/** The interim "⏳ …" message a long command shows. */
export function formatProgress(text: string): string {
  return pack([{ text: `⏳ ${text}` }], MESSAGE_LIMIT, 1).chunks[0] ?? "⏳";
}

function blocksOf(reply: Reply): Block[] {
  const blocks: Block[] = [];
  if (reply.title) blocks.push({ text: reply.title, style: "b" });
  for (const line of reply.lines) blocks.push({ text: line });
  for (const field of reply.fields ?? []) blocks.push({ text: `${field.name}: ${field.value}` });
  if (reply.footer) {
    if (blocks.length > 0) blocks.push({ text: "" });
    blocks.push({ text: reply.footer, style: "i" });
  }
  return blocks;
}

function render(text: string, style: Style | undefined): string {
  const html = escapeHtml(text);
  return style === undefined || html === "" ? html : `<${style}>${html}</${style}>`;
}

/**
 * Lays the blocks out as lines of chunks within `limit`; a block too long for one chunk is cut into
 * pieces, each with its own markup, so no chunk ever ends inside a tag or an entity. Beyond `maxChunks`
 * the rest is dropped and the last chunk ends with "…".
 */
function pack(
  blocks: readonly Block[],
  limit: number,
  maxChunks: number,
): { chunks: string[]; truncated: boolean } {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  let truncated = false;
  outer: for (const block of blocks) {
    // Pieces leave room for "\n…", so that a truncated chunk always has space to say so.
    for (const piece of pieces(block, limit - 1 - ELLIPSIS.length)) {
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
  // Telegram refuses an empty text, and blank lines at a chunk's edge are only noise.
  const texts = chunks.map((lines) => lines.join("\n").trim()).filter((text) => text !== "");
  return { chunks: texts, truncated };
}

/** The block rendered, cut into pieces of at most `limit` characters of HTML, preferring whitespace. */
function pieces(block: Block, limit: number): string[] {
  const whole = render(block.text, block.style);
  if (whole.length <= limit) return [whole];
  const markup = block.style === undefined ? 0 : 2 * block.style.length + 5;
  const budget = limit - markup;
  const result: string[] = [];
  let rest = block.text;
  while (rest.length > 0) {
    let cut = fittingPrefix(rest, budget);
    if (cut < rest.length) {
      const space = rest.slice(0, cut).search(/\s\S*$/);
      if (space > cut / 2) cut = space + 1;
    }
    result.push(render(rest.slice(0, cut).trimEnd(), block.style));
    rest = rest.slice(cut).trimStart();
  }
  return result.filter((piece) => piece !== "");
}

/** Length (UTF-16 units) of the longest prefix whose escaped form fits `budget`, never halving a surrogate pair. */
function fittingPrefix(text: string, budget: number): number {
  let used = 0;
  let index = 0;
  for (const char of text) {
    const cost = char === "&" ? 5 : char === "<" || char === ">" ? 4 : char.length;
    if (used + cost > budget) break;
    used += cost;
    index += char.length;
  }
  // A budget too small for even one character still makes progress.
  if (index === 0 && text.length > 0) return (text.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
  return index;
}
