import type { Candle } from "./types.js";

/** The header line of every candle CSV Coincast reads or writes (shipped history and the local store). */
export const CSV_HEADER = "timestamp,open,high,low,close,volume";

const TIMESTAMP_SHAPES =
  "YYYY-MM-DD HH:MM:SS (UTC), optionally with T for the space, fractional seconds, and Z or an offset such as +00:00";

/**
 * Parses a timestamp into epoch ms: `YYYY-MM-DD HH:MM:SS` (UTC, the shipped format), as well as the shapes
 * common exports write: ISO 8601 (`2024-06-30T20:00:00Z`, `2024-06-30T20:00:00.000Z`) and pandas
 * (`2024-06-30 20:00:00+00:00`); an offset other than zero is applied (`+02:00` is two hours ahead of UTC).
 * Hand-written rather than `Date.parse`, which reads the plain shape as local time in some engines and is
 * several times slower; the history has ~18k rows per series and is parsed on every load.
 * @throws Error when the text is none of those shapes or names an impossible date.
 */
export function parseTimestamp(text: string): number {
  if (
    text.length < 19 ||
    text[4] !== "-" ||
    text[7] !== "-" ||
    (text[10] !== " " && text[10] !== "T") ||
    text[13] !== ":" ||
    text[16] !== ":"
  ) {
    throw new Error(`bad timestamp "${text.slice(0, 40)}", expected ${TIMESTAMP_SHAPES}`);
  }
  const offsetMs = text.length === 19 ? 0 : suffixOffset(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (
    Number.isNaN(year + month + day + hour + minute + second) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new Error(`bad timestamp "${text}"`);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2021-02-30 over into March; only days past the 28th can do that.
  if (day > 28 && new Date(ms).getUTCDate() !== day) throw new Error(`bad timestamp "${text}"`);
  return ms - offsetMs;
}

/**
 * The UTC offset (ms) of what follows the seconds: optional fractional seconds (ignored: candles open on whole
 * seconds), then nothing, `Z`, `+HH:MM`, `+HHMM` or `+HH` (or `-`).
 */
function suffixOffset(text: string): number {
  let i = 19;
  if (text[i] === ".") {
    i += 1;
    const from = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i += 1;
    if (i === from) throw new Error(`bad timestamp "${text.slice(0, 40)}", expected ${TIMESTAMP_SHAPES}`);
  }
  const rest = text.slice(i);
  if (rest === "" || rest === "Z") return 0;
  const sign = rest[0] === "+" ? 1 : rest[0] === "-" ? -1 : 0;
  const match = /^[+-](\d{2})(?::?(\d{2}))?$/.exec(rest);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2] ?? 0);
  if (sign === 0 || match === null || hours > 14 || minutes > 59) {
    throw new Error(`bad timestamp "${text.slice(0, 40)}", expected ${TIMESTAMP_SHAPES}`);
  }
  return sign * (hours * 60 + minutes) * 60_000;
}

/** Formats epoch ms as `YYYY-MM-DD HH:MM:SS` (UTC), the CSV timestamp shape. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * Parses a candle CSV (header {@link CSV_HEADER}, one candle per line, `\n` or `\r\n`) into candles in file
 * order. Checks shape only (six fields, timestamp format, finite numbers); market sense is validate.ts's job.
 * @param source named in error messages, e.g. the file path.
 * @throws Error naming the source and line of the first malformed row.
 */
export function parseCandlesCsv(
  text: string,
  source = "csv",
  /** Given: a row that does not parse is skipped and told here, instead of failing the whole file. */
  onBadRow?: (line: number, reason: string) => void,
): Candle[] {
  const headerEnd = text.indexOf("\n") < 0 ? text.length : text.indexOf("\n");
  const header = stripCr(text.slice(0, headerEnd));
  if (header !== CSV_HEADER) {
    const reason = `expected header "${CSV_HEADER}", got "${header.slice(0, 80)}"`;
    if (onBadRow === undefined) throw new Error(`${source}: ${reason}`);
    // Rows under a header that is not ours may hold other columns: none is read.
    onBadRow(1, `${reason}: no row read`);
    return [];
  }
  // One pass over the text with indexOf, no per-line arrays or closures: 3-4x faster than split-based
  // parsing, which matters because every store read parses a whole series (~18k rows).
  const candles: Candle[] = [];
  let lineNumber = 1;
  let pos = headerEnd + 1;
  while (pos < text.length) {
    lineNumber += 1;
    let next = text.indexOf("\n", pos);
    if (next < 0) next = text.length;
    const end = text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    try {
      if (end > pos) candles.push(parseRow(text, pos, end));
    } catch (error) {
      if (onBadRow === undefined)
        throw new Error(`${source}:${lineNumber}: ${(error as Error).message}`, { cause: error });
      onBadRow(lineNumber, (error as Error).message);
    }
    pos = next + 1;
  }
  return candles;
}

/**
 * Serialises candles in the shipped CSV format, with a trailing newline. Numbers are written in their
 * shortest exact form, so parse(format(x)) gives back the same values. The `filled` mark is not written:
 * files hold traded candles only, and gaps are re-derived on load (see gaps.ts).
 */
export function formatCandlesCsv(candles: readonly Candle[]): string {
  const lines = new Array<string>(candles.length + 1);
  lines[0] = CSV_HEADER;
  // toISOString per row dominated the cost; a 4h series has six rows per day, so format each day once.
  let day = Number.NaN;
  let dayText = "";
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i] as Candle;
    const offset = ((c.time % DAY_MS) + DAY_MS) % DAY_MS;
    if (c.time - offset !== day) {
      day = c.time - offset;
      dayText = new Date(day).toISOString().slice(0, 10);
    }
    const stamp = `${dayText} ${pad2(Math.floor(offset / 3_600_000))}:${pad2(Math.floor(offset / 60_000) % 60)}:${pad2(Math.floor(offset / 1000) % 60)}`;
    lines[i + 1] = `${stamp},${c.open},${c.high},${c.low},${c.close},${c.volume}`;
  }
  return `${lines.join("\n")}\n`;
}

const DAY_MS = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** Parses the row text[from, end): exactly six comma-separated fields. */
function parseRow(text: string, from: number, end: number): Candle {
  const c1 = nextComma(text, from - 1, end);
  const c2 = nextComma(text, c1, end);
  const c3 = nextComma(text, c2, end);
  const c4 = nextComma(text, c3, end);
  const c5 = nextComma(text, c4, end);
  if (c5 < 0 || nextComma(text, c5, end) >= 0) {
    throw new Error(`expected 6 comma-separated fields: "${text.slice(from, Math.min(end, from + 80))}"`);
  }
  return {
    time: parseTimestamp(text.slice(from, c1)),
    open: parseDecimal(text, c1 + 1, c2, "open"),
    high: parseDecimal(text, c2 + 1, c3, "high"),
    low: parseDecimal(text, c3 + 1, c4, "low"),
    close: parseDecimal(text, c4 + 1, c5, "close"),
    volume: parseDecimal(text, c5 + 1, end, "volume"),
  };
}

/** Index of the first comma after `after` and before `end`, or -1 (also when `after` is already -1). */
function nextComma(text: string, after: number, end: number): number {
  if (after < 0) return -1;
  const at = text.indexOf(",", after + 1);
  return at >= 0 && at < end ? at : -1;
}

/** 10^0 .. 10^22: every one is exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parses text[from, to) as a number. Plain decimals of at most 15 digits (all the history holds) take
 * Clinger's fast path: the digits form an exact integer below 2^53 and 10^k is exact, so one IEEE division
 * gives the correctly rounded value, identical to Number(). Anything else (signs, exponents, longer
 * mantissas) goes to Number().
 */
function parseDecimal(text: string, from: number, to: number, name: string): number {
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = -1;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digitCount += 1;
      if (fractionDigits >= 0) fractionDigits += 1;
    } else if (code === 46 && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return parseSlow(text.slice(from, to), name);
    }
  }
  if (digitCount === 0 || digitCount > 15) return parseSlow(text.slice(from, to), name);
  return fractionDigits > 0 ? mantissa / (POWERS_OF_TEN[fractionDigits] as number) : mantissa;
}

function parseSlow(field: string, name: string): number {
  // Number("") and Number(" ") are 0, so a blank field must be caught before it becomes a zero price.
  const value = field.trim() === "" ? Number.NaN : Number(field);
  if (!Number.isFinite(value)) throw new Error(`${name} is not a finite number ("${field.slice(0, 40)}")`);
  return value;
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
