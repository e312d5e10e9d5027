import type { UserError } from "../errors.js";
import type { I18n } from "./index.js";
import { refusalVariants } from "./refusal-params.js";

/**
 * A UserError in `i18n`'s language, as lines: its code's translation where there is one, else its English
 * message, then "Did you mean …?" for the suggestions the text does not name yet. A translation quotes the
 * error's params (with `context` in them, i18next picks the code's variant, as `_named`, which quotes what
 * was typed) and may place `{{hint}}`, the "Did you mean …? " sentence or "", itself: before a long list of
 * pairs, which may name a suggestion without suggesting it.
 */
export function userErrorLines(error: UserError, i18n: I18n): string[] {
  const didYouMean = (symbols: readonly string[]) =>
    i18n.t("chat.didYouMean", { suggestions: symbols.join(", ") });
  const key = `errors.${error.code}`;
  const hint = error.suggestions.length > 0 ? `${didYouMean(error.suggestions)} ` : "";
  const translated = i18n.locale !== "en" && i18n.has(key) && quotable(error);
  const text = translated ? i18n.t(key, { ...error.params, hint }) : error.message;
  const missing = error.suggestions.filter((symbol) => !text.includes(symbol));
  return missing.length > 0 ? [text, didYouMean(missing)] : [text];
}

/**
 * Whether `error` carries every value its translation quotes (refusal-params.ts): one made without them (a
 * test's stand-in, a thrower that forgot) reads in English rather than with holes where they go.
 */
function quotable(error: UserError): boolean {
  const variants = refusalVariants(error.code);
  const { context } = error.params;
  const quoted = variants[String(context ?? "")] ?? variants[""] ?? [];
  return quoted.every((name) => error.params[name] !== undefined);
}
