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
