import { namedInput, UserError } from "../src/errors.js";
import { INTL_TAG } from "../src/format.js";
import type { Locale } from "../src/i18n/index.js";
import type { AlertDirection, AlertKind, AlertRule } from "../src/schedule/alert-rules.js";
import { quotable } from "../src/typed-text.js";

const MAX_ECHO = 20;
/** What was typed, quoted only when it holds letters and digits of any script, spaces and `.,%-` alone (see quotable). */
const echo = (text: string) => quotable(text, /[\p{L}\p{N} .,%\u066A-\u066C-]/u, MAX_ECHO);

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Digits of any script as ASCII (Arabic-Indic ٣٠٠٠٠, Persian ۳۰۰۰۰, Devanagari, fullwidth...), and the Arabic
 * decimal, thousands and percent signs as `.` `,` `%`, so "٣٠٠٠٠" is the level 30000. Unicode encodes every
 * script's decimal digits as a contiguous run 0-9, so a digit's value is its distance from its run's start.
 * Hand-written: no maintained library does only this.
 */
export function asciiDigits(text: string): string {
  return [...text.normalize("NFKC")]
    .map((char) => {
      if (char === "\u066B") return ".";
      if (char === "\u066C") return ",";
      if (char === "\u066A") return "%";
      if (char <= "\u007F" || !DECIMAL_DIGIT.test(char)) return char;
      let code = char.codePointAt(0) as number;
      let value = 0;
      while (value < 9 && DECIMAL_DIGIT.test(String.fromCodePoint(code - 1))) {
        code -= 1;
        value += 1;
      }
      return String(value);
    })
    .join("");
}

/** A language's group and decimal marks, as Intl writes 1,234,567.5 there: "," and "." in English, "." and "," in German. */
interface Marks {
  group: string;
  decimal: string;
}
const marksByLocale = new Map<Locale, Marks>();
function marksOf(locale: Locale): Marks {
  let marks = marksByLocale.get(locale);
  if (marks === undefined) {
    const parts = new Intl.NumberFormat(INTL_TAG[locale]).formatToParts(1_234_567.5);
    const mark = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
    marks = { group: mark("group"), decimal: mark("decimal") };
    marksByLocale.set(locale, marks);
  }
  return marks;
}

/**
 * The number `text` (ASCII digits and marks) writes in `locale`, or null when it writes none. The separators
 * are the language's group and decimal marks; which one a mark is, is read from where it stands:
 * - both marks: the last one is the decimal mark (once), the other groups by threes: "2.500,5" and "2,500.5"
 *   are 2500.5 in every language;
 * - one mark, more than once: it groups by threes ("1.000.000");
 * - one mark, once, followed by exactly three digits: ambiguous, read as the language reads it: German
 *   "100.000" is 100000, English "100.000" is 100; English "1,000" is 1000, German "1,000" is 1;
 * - one mark, once, followed by other than three digits, or after no digits or a 0: the decimal mark, in
 *   every language ("2.05" and "2,05" are 2.05, ".6" is 0.6, "0.001" is 0.001).
 * - spaces group by threes in every language (readSpaceGrouped);
 * Anything else (a group not of three digits, a mark with no digits after it, other characters) is no number:
 * a level read the wrong way would be set silently, a refusal is seen.
 */
function readNumber(text: string, locale: Locale): number | null {
  const { group, decimal } = marksOf(locale);
  if (text.includes(" ")) return readSpaceGrouped(text, group);
  const marks = text.replace(/\d/g, "");
  const last = marks.at(-1);
  if (last === undefined) return /^\d+$/.test(text) ? Number(text) : null;
  if (![...marks].every((mark) => mark === group || mark === decimal)) return null;
  const point = decimalMark(text, marks, last, decimal);
  const [whole = "", fraction] = point === null ? [text] : text.split(point);
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return null;
  if (!/^\d*$/.test(whole) && !groupedByThrees(whole)) return null;
  const digits = whole.replace(/\D/g, "");
  return Number(fraction === undefined ? digits : `${digits}.${fraction}`);
}

/** Digits grouped by threes with spaces, then perhaps a mark and a fraction: "100 000", "1 234,5". */
const SPACE_GROUPED = /^([1-9]\d{0,2}(?: \d{3})+)(?:([.,])(\d+))?$/;

/**
 * A number grouped with spaces, as French writes it and pt-BR and es keyboards and clients offer ("100 000",
 * no-break and narrow no-break spaces being plain ones after NFKC): a space never marks decimals, so it
 * groups by threes in every language, and a mark after the groups is the decimal one, unless it is also
 * the language's group mark before three digits ("1 234.567" in German), which is no reading.
 */
function readSpaceGrouped(text: string, group: string): number | null {
  const match = SPACE_GROUPED.exec(text);
  if (match === null) return null;
  const [, whole = "", mark, fraction = ""] = match;
  if (mark === group && fraction.length === 3) return null;
  return Number(`${whole.replaceAll(" ", "")}${mark === undefined ? "" : `.${fraction}`}`);
}

/** The decimal mark of `text`, whose marks in order are `marks` (`last` the last), or null where all group. */
function decimalMark(text: string, marks: string, last: string, decimal: string): string | null {
  if (marks.indexOf(last) < marks.length - 1) return null;
  if (marks.length > 1) return last;
  const at = text.indexOf(last);
  // Only 1-999 can lead a group: "0.001" and ".600" are decimals in every language.
  const canGroup = /^[1-9]\d{0,2}$/.test(text.slice(0, at)) && text.length - 1 - at === 3;
  return canGroup && last !== decimal ? null : last;
}

/** "100.000", "1,000,000": 1 to 999, then groups of three, all parted by the same mark ("0.000.001" is none). */
function groupedByThrees(whole: string): boolean {
  const [head = "", ...groups] = whole.split(whole.replace(/\d/g, "")[0] ?? "");
  return groups.length > 0 && /^[1-9]\d{0,2}$/.test(head) && groups.every((group) => /^\d{3}$/.test(group));
}

/**
 * Each level kind's two examples, passed apart (a translation joins them with its own "or"), with the
 * decimal mark of the reader's language: "2.05" in English, "2,05" in German.
 */
function levelExamples(kind: "price" | "pup", locale: Locale) {
  const { decimal } = marksOf(locale);
  const [example, otherExample] = (kind === "price" ? ["100000", "2.05"] : ["0.6", "60%"]).map((text) =>
    text.replace(".", decimal),
  ) as [string, string];
  return { example, otherExample };
}

/** A complete command setting an alert of `kind` on BTC, for a refusal to show: `/alert price BTC above 100000`. */
export function alertExample(kind: AlertKind, locale: Locale = "en"): string {
  return kind === "price" || kind === "pup"
    ? `/alert ${kind} BTC above ${levelExamples(kind, locale).example}`
    : `/alert ${kind} BTC`;
}

/**
 * A price level (positive, finite) or, for pup, a probability strictly between 0 and 1 ("0.6" or "60%"),
 * written as `locale` writes numbers (readNumber); the Arabic decimal and thousands signs are that language's
 * decimal and group marks.
 * @throws UserError naming what was wrong and what is accepted, with examples in `locale`'s marks.
 */
export function parseLevel(kind: "price" | "pup", text: string | undefined, locale: Locale = "en"): number {
  const examples = levelExamples(kind, locale);
  const example = `${examples.example} or ${examples.otherExample}`;
  if (text === undefined) {
    const command = alertExample(kind, locale);
    throw new UserError(`A ${kind} alert needs a level, e.g. ${command}.`, {
      code: "missing-option",
      params: { context: "level", kind, example: command },
    });
  }
  // "60,4 %" as German writes it (a no-break space in the bot's own replies) is "60,4%".
  const typed = text.trim().replace(/\s+%$/u, "%");
  const { group, decimal } = marksOf(locale);
  const trimmed = asciiDigits(typed.replace(/\u066B/g, decimal).replace(/\u066C/g, group));
  const percent = trimmed.endsWith("%");
  const number = readNumber(percent ? trimmed.slice(0, -1) : trimmed, locale);
  if (number === null) {
    const shown = echo(typed);
    throw new UserError(
      `${shown === "" ? "That" : `"${shown}"`} is not a number I can use as a level. Write it like ${example}.`,
      {
        code: "bad-number",
        params:
          shown === ""
            ? { context: "level", ...examples }
            : { context: "level_named", input: shown, ...examples },
      },
    );
  }
  const value = number / (percent ? 100 : 1);
  if (kind === "pup") {
    if (!(value > 0 && value < 1))
      throw new UserError(
        `P(up) is a probability: give a level between 0 and 1 (not included), like ${example}.`,
        { code: "bad-number", params: { context: "probability", ...examples } },
      );
    return value;
  }
  if (percent)
    throw new UserError(`A price level is a price, not a percentage: write it like ${example}.`, {
      code: "bad-number",
      params: { context: "percent", ...examples },
    });
  if (!(Number.isFinite(value) && value > 0))
    throw new UserError(`A price level must be above zero, like ${example}.`, {
      code: "bad-number",
      params: { context: "positive", ...examples },
    });
  return value;
}

/** The rule the arguments describe. @throws UserError for a missing or superfluous direction or level. */
export function parseRule(
  kind: AlertKind,
  direction: string | undefined,
  level: string | undefined,
  locale: Locale = "en",
): AlertRule {
  if (kind === "band" || kind === "volatility") {
    if (direction !== undefined || level !== undefined)
      throw new UserError(`A ${kind} alert takes only a coin, e.g. ${alertExample(kind, locale)}.`, {
        code: "bad-option",
        params: { context: "coinOnly", kind },
      });
    return { kind };
  }
  if (direction === undefined) {
    const command = alertExample(kind, locale);
    throw new UserError(`A ${kind} alert needs above or below, e.g. ${command}.`, {
      code: "missing-option",
      params: { context: "direction", kind, example: command },
    });
  }
  return { kind, direction: direction as AlertDirection, level: parseLevel(kind, level, locale) };
}

/** "3" or "#3" as an alert id. */
export function parseId(text: string | undefined): number {
  const match = /^#?(\d{1,9})$/.exec(asciiDigits(text?.trim() ?? ""));
  if (match === null && text === undefined)
    throw new UserError("Which alert? /alert remove ID, with an ID from /alerts.", {
      code: "unknown-alert",
      params: { context: "missing" },
    });
  if (match === null) {
    const shown = echo(text ?? "");
    throw new UserError(
      `${shown === "" ? "That" : `"${shown}"`} is not an alert ID. /alerts lists this channel's alerts with their IDs.`,
      { code: "unknown-alert", params: namedInput(shown) },
    );
  }
  return Number(match[1]);
}

/**
 * `/alert remove` takes one ID. A second word that is an ID too (`/alert remove 1 2`) gets the way to remove
 * several; anything else is told what remove takes.
 */
export function refuseRemoveExtras(id: string | undefined, extras: readonly (string | undefined)[]): void {
  const given = extras.filter((word): word is string => word !== undefined);
  if (given.length === 0) return;
  const isId = (word: string | undefined) => /^#?\d{1,9}$/.test(asciiDigits(word?.trim() ?? ""));
  if (isId(id) && given.every(isId)) {
    const ids = [id, ...given].map((word) => `#${asciiDigits(word?.trim() ?? "").replace(/^#/, "")}`);
    const [first = "", second = ""] = ids.map((shown) => shown.slice(1));
    throw new UserError(
      `/alert remove takes one alert ID at a time: send /alert remove ${first}, then ` +
        `/alert remove ${second}${ids.length > 2 ? " and so on" : ""} to remove ${ids.join(", ")}.`,
      { code: "bad-option", params: { context: "oneId", first, second, ids: ids.join(", ") } },
    );
  }
  throw new UserError("/alert remove takes only the alert's ID, e.g. /alert remove 3.", {
    code: "bad-option",
    params: { context: "removeOnly" },
  });
}
