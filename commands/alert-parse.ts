import { namedInput, UserError } from "../src/errors.js";
import type { AlertDirection, AlertKind, AlertRule } from "../src/schedule/alert-rules.js";

/** Digits with optional thousands separators and decimals: "100000", "100,000", "0.6", ".6", "60%". */
const NUMBER = /^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/;
const MAX_ECHO = 20;
/** What was typed, for a reply: letters and digits of any script and `.,%-`; no mention or markup survives. */
const echo = (text: string) =>
  [...text.replace(/[^\p{L}\p{N}.,%\u066A-\u066C-]/gu, "")].slice(0, MAX_ECHO).join("");

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

/** Each level kind's two examples, passed apart: a translation joins them with its own "or". */
const LEVEL_EXAMPLES = {
  price: { example: "100000", otherExample: "2.05" },
  pup: { example: "0.6", otherExample: "60%" },
} as const;

/** A complete command setting an alert of `kind` on BTC, for a refusal to show: `/alert price BTC above 100000`. */
export function alertExample(kind: AlertKind): string {
  return kind === "price" || kind === "pup"
    ? `/alert ${kind} BTC above ${LEVEL_EXAMPLES[kind].example}`
    : `/alert ${kind} BTC`;
}

/**
 * A price level (positive, finite) or, for pup, a probability strictly between 0 and 1 ("0.6" or "60%").
 * @throws UserError naming what was wrong and what is accepted.
 */
export function parseLevel(kind: "price" | "pup", text: string | undefined): number {
  const examples = LEVEL_EXAMPLES[kind];
  const example = `${examples.example} or ${examples.otherExample}`;
  if (text === undefined) {
    const command = alertExample(kind);
    throw new UserError(`A ${kind} alert needs a level, e.g. ${command}.`, {
      code: "missing-option",
      params: { context: "level", kind, example: command },
    });
  }
  const typed = text.trim();
  const trimmed = asciiDigits(typed);
  const digits = trimmed.replace(/%$/, "");
  if (!NUMBER.test(trimmed) || digits === "" || digits === ".") {
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
  const value = Number(digits.replace(/,/g, "")) / (trimmed.endsWith("%") ? 100 : 1);
  if (kind === "pup") {
    if (!(value > 0 && value < 1))
      throw new UserError(
        `P(up) is a probability: give a level between 0 and 1 (not included), like ${example}.`,
        { code: "bad-number", params: { context: "probability", ...examples } },
      );
    return value;
  }
  if (trimmed.endsWith("%"))
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
): AlertRule {
  if (kind === "band" || kind === "volatility") {
    if (direction !== undefined || level !== undefined)
      throw new UserError(`A ${kind} alert takes only a coin, e.g. ${alertExample(kind)}.`, {
        code: "bad-option",
        params: { context: "coinOnly", kind },
      });
    return { kind };
  }
  if (direction === undefined) {
    const command = alertExample(kind);
    throw new UserError(`A ${kind} alert needs above or below, e.g. ${command}.`, {
      code: "missing-option",
      params: { context: "direction", kind, example: command },
    });
  }
  return { kind, direction: direction as AlertDirection, level: parseLevel(kind, level) };
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
