/** Control and format characters (zero-width, bidi overrides): never part of what anyone meant to type. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * What a user typed, cleaned the one way every typed word is (a symbol, a horizon, any option value):
 * normalised (NFKC, so full-width `１d` is `1d`), without invisible characters (a pasted zero-width space),
 * trimmed. `maxChars` bounds the work done on junk before normalising. Case is left to the caller.
 */
export function cleanTyped(input: string, maxChars = Number.POSITIVE_INFINITY): string {
  return input.slice(0, maxChars).normalize("NFKC").replace(INVISIBLE, "").trim();
}

/**
 * What a reply may quote of what a user typed: the text as typed (invisible characters out, runs of spaces
 * as one, trimmed), cut to `max` characters with an ellipsis, when every character shown is one `allowed`
 * matches (a character class, not global); else "", and the reply names it unquoted ("That is not a
 * number"). A quote is never a word with characters taken out of it: "1<b>0" quoted as "1b0", or
 * "100 000" as "100000", is a value nobody typed.
 */
export function quotable(text: string, allowed: RegExp, max: number): string {
  const chars = [
    ...text
      .slice(0, max * 8)
      .replace(INVISIBLE, "")
      .replace(/\s+/g, " ")
      .trim(),
  ];
  const shown = chars.slice(0, max);
  if (!shown.every((char) => allowed.test(char))) return "";
  return chars.length > max ? `${shown.join("").trimEnd()}…` : shown.join("");
}
