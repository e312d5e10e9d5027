import { distance } from "fastest-levenshtein";
import { UserError } from "../errors.js";
import { cleanTyped } from "../typed-text.js";

/** The quote a bare base such as `btc` is paired with. */
export const DEFAULT_QUOTE = "USDT";

/** Longer input is not a symbol anyone typed by hand; refusing it early bounds the work done on junk. */
const MAX_INPUT = 40;
const MAX_ECHO = 20;
const MAX_SUGGESTIONS = 3;
const SEPARATORS = /[\s/\-_:.]+/;
/** What a user typed as a symbol, bounded, cleaned as every typed word is (see cleanTyped), upper case. */
function cleanInput(input: string): string {
  return cleanTyped(input, MAX_INPUT * 4).toUpperCase();
}

/**
 * Resolves what a user typed to one of the `known` canonical symbols (`BASE/QUOTE`). Case, surrounding
 * space and the separator are free: `btc`, `BTCUSDT`, `BTC/USDT`, `btc-usdt` and ` Btc/usdt ` all give
 * `BTC/USDT`. A bare base means {@link DEFAULT_QUOTE}; failing that, the one known pair with that base,
 * if there is exactly one. Pure: no network, no state.
 * @throws UserError with a message safe to show in a chat (at most 20 characters of the input, restricted
 * to letters, digits and `/.-`, so no mention or markup survives) and up to three suggestions, closest
 * by edit distance first.
 */
export function resolveSymbol(input: string, known: readonly string[]): string {
  const cleaned = cleanInput(input);
  if (cleaned === "")
    throw new UserError("Please name a coin, for example BTC or BTC/USDT.", { code: "missing-symbol" });
  if (cleaned.length > MAX_INPUT) {
    throw new UserError(`That is too long for a symbol. ${knownList(known)}`, {
      code: "input-too-long",
      params: known.length > 0 ? { context: "listed", symbols: shownSymbols(known) } : {},
    });
  }

  const parts = cleaned.split(SEPARATORS).filter((part) => part !== "");
  const match = findMatch(parts, known);
  if (match !== undefined) return match;

  // The pair as typed, and its base alone: `ETH/BTC` is unknown, but ETH/USDT is worth suggesting; so is it
  // for `ETHBTC`, whose base is the longest known base it starts with.
  const base = parts.length === 1 ? leadingBase(parts[0] ?? "", known) : parts[0];
  const suggestions = suggest([parts.join(""), parts[0] ?? "", base ?? ""], known);
  const echo = safeEcho(cleaned);
  const what = echo === "" ? "That is not a symbol I know." : `I don't know the symbol "${echo}".`;
  const hint = suggestions.length > 0 ? `Did you mean ${suggestions.join(", ")}?` : knownList(known);
  // A translation names the input too (its `_named` variants) when any of it is safe to echo, and lists
  // the known symbols (`_listed`) as English does when there is nothing to suggest.
  const symbols = suggestions.length === 0 && known.length > 0 ? shownSymbols(known) : undefined;
  const context = [...(echo === "" ? [] : ["named"]), ...(symbols === undefined ? [] : ["listed"])].join("_");
  const params = {
    ...(context === "" ? {} : { context }),
    ...(echo === "" ? {} : { input: echo }),
    ...(symbols === undefined ? {} : { symbols }),
  };
  throw new UserError(`${what} ${hint}`, { code: "unknown-symbol", suggestions, params });
}

/**
 * The pair a user typed, canonical, whether or not anyone lists it: `nope` and `NOPEUSDT` give
 * `NOPE/USDT`, `eth-btc` gives `ETH/BTC`; a compact form (`ETHBTC`) is split where it matches one of `known`.
 * Undefined when the input is not shaped like a pair (empty, too long, three words, or characters outside
 * A-Z and 0-9), so the result is always safe to echo.
 */
export function typedPair(input: string, known: readonly string[] = []): string | undefined {
  const cleaned = cleanInput(input);
  const parts = cleaned.split(SEPARATORS).filter((part) => part !== "");
  if (cleaned.length > MAX_INPUT || !parts.every((part) => /^[A-Z0-9]+$/.test(part))) return undefined;
  if (parts.length === 2) return `${parts[0]}/${parts[1]}`;
  const [token] = parts;
  if (parts.length !== 1 || token === undefined) return undefined;
  const compact = known.find((symbol) => symbol.replace("/", "") === token);
  if (compact !== undefined) return compact;
  const base =
    token.length > DEFAULT_QUOTE.length ? token.replace(new RegExp(`${DEFAULT_QUOTE}$`), "") : token;
  return `${base}/${DEFAULT_QUOTE}`;
}

function findMatch(parts: readonly string[], known: readonly string[]): string | undefined {
  const knownSet = new Set(known);
  if (parts.length === 2) {
    const symbol = `${parts[0]}/${parts[1]}`;
    return knownSet.has(symbol) ? symbol : undefined;
  }
  if (parts.length !== 1) return undefined;
  const token = parts[0] as string;
  const withDefault = `${token}/${DEFAULT_QUOTE}`;
  if (knownSet.has(withDefault)) return withDefault;
  // `BTCUSDT` has no separator to split on, so compare with each known pair written the same way.
  const compact = known.find((symbol) => symbol.replace("/", "") === token);
  if (compact !== undefined) return compact;
  const sameBase = known.filter((symbol) => symbol.split("/")[0] === token);
  return sameBase.length === 1 ? sameBase[0] : undefined;
}

/**
 * Known symbols whose base or compact pair (`BTCUSDT`) is within a small edit distance of one of the
 * input's forms, closest first; ties keep the order of `known`.
 */
function suggest(inputs: readonly string[], known: readonly string[]): string[] {
  const forms = inputs.filter((input) => input !== "");
  if (forms.length === 0) return [];
  const ranked: { symbol: string; score: number; index: number }[] = [];
  known.forEach((symbol, index) => {
    const base = symbol.split("/")[0] ?? symbol;
    let best = Number.POSITIVE_INFINITY;
    for (const target of [base, symbol.replace("/", "")]) {
      for (const form of forms) {
        const d = isAdjacentSwap(form, target) ? 1 : distance(form, target);
        // About one edit per three characters, at least one: `BTX` and `ETHUSD` are close, while between
        // three-letter bases two edits would make nearly anything (BTX and ETH) look alike.
        if (d <= Math.max(1, Math.floor(target.length / 3)) && d < best) best = d;
      }
    }
    if (best !== Number.POSITIVE_INFINITY) ranked.push({ symbol, score: best, index });
  });
  ranked.sort((a, b) => a.score - b.score || a.index - b.index);
  return ranked.slice(0, MAX_SUGGESTIONS).map((entry) => entry.symbol);
}

/** The longest base of `known` that `token` starts with and goes on past (`ETH` in `ETHBTC`), if any. */
function leadingBase(token: string, known: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const symbol of known) {
    const base = symbol.split("/")[0] ?? "";
    if (
      base !== "" &&
      token.length > base.length &&
      token.startsWith(base) &&
      base.length > (found?.length ?? 0)
    )
      found = base;
  }
  return found;
}

/** `XPR` for `XRP`: a common slip that plain Levenshtein counts as two edits. */
function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  const [i, j] = diff;
  return diff.length === 2 && j === (i as number) + 1 && a[i as number] === b[j] && a[j] === b[i as number];
}

function safeEcho(cleaned: string): string {
  // Letters, digits and `/.-` only: no mention (`@everyone`), markup (`_`, `*`, backticks) or link survives.
  const safe = cleaned.replace(/[^A-Z0-9/.-]/g, "");
  return safe.length > MAX_ECHO ? `${safe.slice(0, MAX_ECHO)}…` : safe;
}

/** The symbols a refusal names: the first ten known. */
const shownSymbols = (known: readonly string[]) => known.slice(0, 10).join(", ");

function knownList(known: readonly string[]): string {
  return known.length > 0 ? `Symbols I know: ${shownSymbols(known)}.` : "No symbols are configured.";
}
