import { usageOf as usage } from "../../commands/help.js";
import type { CommandArgs, CommandSpec, OptionSpec } from "../../commands/types.js";
import { ENGLISH, type I18n } from "../i18n/index.js";
import { cleanTyped, quotable } from "../typed-text.js";

/** What an option may hold when its spec says nothing (OptionSpec.maxLength). */
export const DEFAULT_MAX_LENGTH = 64;
/** At most this many characters of what a user typed come back in a reply. */
export const MAX_ECHO = 32;

/** What an echo may show: letters, digits, space and `/.:+-`; no mention, markup or link character. */
const SAFE = /[\p{L}\p{N} /.:+-]/u;

/**
 * Up to {@link MAX_ECHO} characters of user input, safe to put in any reply: shown only when it holds
 * nothing but letters, digits, spaces and `/.:+-`, so `@everyone`, `<b>`, `*`, `_` and backticks never
 * come back (adapters still escape). Empty, for the caller to say "that" instead, otherwise (see quotable).
 */
export function echoInput(text: string): string {
  return quotable(text, SAFE, MAX_ECHO);
}

/**
 * Splits a typed command, `/forecast BTC 1d` or `/forecast@OurBot btc 1d` (Telegram, in groups), into its
 * cleaned, lowercased name and its words. Null when the text is not a command for us: no leading slash, or
 * addressed to another bot (`/forecast@OtherBot`; with no `botUsername`, any @-suffix is another bot's).
 * `named`: the command names this bot (`/forecast@OurBot`), so it is ours even in a group of bots.
 */
export function parseCommandLine(
  text: string,
  options: { botUsername?: string } = {},
): { name: string; words: string[]; named: boolean } | null {
  const [head, ...words] = text.trim().split(/\s+/);
  if (head === undefined || !head.startsWith("/")) return null;
  const at = head.indexOf("@");
  // Cleaned as every typed word is: `/fore\u200bcast` (a pasted zero-width space) and full-width
  // `/ｆｏｒｅｃａｓｔ` name /forecast, as `ＢＴＣ` names BTC.
  const name = cleanTyped(at === -1 ? head.slice(1) : head.slice(1, at), MAX_ECHO * 8).toLowerCase();
  if (name === "") return null;
  if (at !== -1) {
    const addressee = head.slice(at + 1).toLowerCase();
    if (options.botUsername === undefined || addressee !== options.botUsername.toLowerCase()) return null;
  }
  return { name, words: withPercentJoined(words.filter((word) => word !== "")), named: at !== -1 };
}

/**
 * A lone "%" belongs to the number before it: German, Spanish and French write "60,4 %", and so do the
 * bot's replies in those languages, so a level copied from one is still one word.
 */
function withPercentJoined(words: readonly string[]): string[] {
  const joined: string[] = [];
  for (const word of words) {
    const last = joined.length - 1;
    if (word === "%" && last >= 0) joined[last] = `${joined[last]}%`;
    else joined.push(word);
  }
  return joined;
}

export type ArgsResult<A> = { ok: true; args: A } | { ok: false; message: string };

/**
 * The one set of argument rules, for named values (Discord options) and typed words alike: required
 * options present, at most `maxLength` characters, choices matched case-insensitively and returned as
 * written in the spec. Blank values count as missing. Messages are safe to show (see echoInput).
 */
export function validateArgs<S extends CommandSpec>(
  spec: S,
  named: Readonly<Record<string, string | undefined>>,
  { t }: I18n = ENGLISH,
): ArgsResult<CommandArgs<S>> {
  const known = new Set(spec.options.map((o) => o.name));
  const stray = Object.keys(named).find((key) => !known.has(key) && named[key] !== undefined);
  if (stray !== undefined) {
    const option = echoInput(stray);
    return { ok: false, message: t("chat.noSuchOption", { command: spec.name, option, usage: usage(spec) }) };
  }
  const args: Record<string, string | undefined> = {};
  for (const option of spec.options) {
    const checked = checkOption(spec, option, named[option.name], applies(option, named), t);
    if (!checked.ok) return checked;
    args[option.name] = checked.value;
  }
  return { ok: true, args: args as CommandArgs<S> };
}

/** Whether the option's choices bind, given the other options' values (OptionSpec.appliesWhen). */
function applies(option: OptionSpec, named: Readonly<Record<string, string | undefined>>): boolean {
  if (option.appliesWhen === undefined) return true;
  const value = named[option.appliesWhen.option]?.trim().toLowerCase();
  return value === undefined || option.appliesWhen.values.some((v) => v.toLowerCase() === value);
}

function checkOption(
  spec: CommandSpec,
  option: OptionSpec,
  raw: string | undefined,
  applicable: boolean,
  t: I18n["t"],
): { ok: true; value: string | undefined } | { ok: false; message: string } {
  // Cleaned as a symbol is (NFKC, invisible characters out): `１d` or `1d` plus a zero-width space is `1d`.
  const value = raw === undefined ? undefined : cleanTyped(raw);
  const words = { command: spec.name, option: option.name, usage: usage(spec) };
  if (value === undefined || value === "") {
    return option.required === true
      ? { ok: false, message: t("chat.needsOption", words) }
      : { ok: true, value: undefined };
  }
  const max = option.maxLength ?? DEFAULT_MAX_LENGTH;
  const length = [...value].length;
  if (length > max) return { ok: false, message: t("chat.tooLong", { ...words, length, max }) };
  if (option.choices !== undefined && applicable) {
    const choice = option.choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (choice === undefined) {
      const echo = echoInput(value);
      const what = echo === "" ? t("chat.thatOption", words) : t("chat.quoted", { text: echo });
      return {
        ok: false,
        message: t("chat.notAChoice", { ...words, what, choices: option.choices.join(", ") }),
      };
    }
    return { ok: true, value: choice };
  }
  return { ok: true, value };
}

/** Typed words bound to a spec's options in order, then checked by {@link validateArgs}. */
export function bindArgs<S extends CommandSpec>(
  spec: S,
  words: readonly string[],
  i18n: I18n = ENGLISH,
): ArgsResult<CommandArgs<S>> {
  if (words.length > spec.options.length) {
    const count = spec.options.length;
    const key = count === 0 ? "chat.takesNothing" : "chat.takesWords";
    return { ok: false, message: i18n.t(key, { command: spec.name, count, usage: usage(spec) }) };
  }
  const named: Record<string, string | undefined> = {};
  spec.options.forEach((option, i) => {
    named[option.name] = words[i];
  });
  return validateArgs(spec, named, i18n);
}
