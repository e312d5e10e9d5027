import type { Reply } from "../../commands/types.js";

/** Intl's no-break space before the per cent sign (German and Spanish), written plainly in expectations. */
export const nb = (text: string): string => text.replaceAll(" %", "\u00a0%");

/** A reply the dispatcher must give (null is for lines that are not commands). */
export function must(reply: Reply | null): Reply {
  if (reply === null) throw new Error("no reply");
  return reply;
}

/** A reply's title, lines and footer as one text, for matching. */
export const text = (reply: Reply | null): string =>
  [reply?.title ?? "", ...(reply?.lines ?? []), reply?.footer ?? ""].join("\n");
