import type { CommandSpec } from "../../commands/types.js";

/** Discord shows at most 25 suggestions; other platforms take the same. */
export const SUGGESTION_LIMIT = 25;

/** Prefix matches first, then substring matches, case-insensitive; at most 25. */
export function suggestSymbols(symbols: readonly string[], typed: string): string[] {
  const query = typed.trim().toUpperCase();
  const prefix = symbols.filter((s) => s.toUpperCase().startsWith(query));
  const inside = symbols.filter((s) => !prefix.includes(s) && s.toUpperCase().includes(query));
  return [...prefix, ...inside].slice(0, SUGGESTION_LIMIT);
}

/** What autocomplete offers from: the commands, and the symbols their symbol options take. */
export interface SuggestSource {
  specs: readonly CommandSpec[];
  /** Canonical symbols ("BTC/USDT"). */
  symbols: readonly string[];
  /** Suggestions from a wider list (the exchange's pairs, most liquid first); default: `symbols` by prefix. */
  suggest?: ((typed: string) => string[]) | undefined;
}

/**
 * What to offer while someone types `option` of `command`: symbols where the spec asks for them, nothing
 * elsewhere. At most 40 typed characters are looked at.
 */
export function suggestionsFor(
  source: SuggestSource,
  command: string,
  option: { name: string; value: string },
): string[] {
  const spec = source.specs.find((s) => s.name === command);
  if (spec?.options.find((o) => o.name === option.name)?.autocomplete !== "symbol") return [];
  const text = option.value.slice(0, 40);
  return (source.suggest?.(text) ?? suggestSymbols(source.symbols, text)).slice(0, SUGGESTION_LIMIT);
}
