import { UserError } from "../errors.js";
import { MODEL_TIMEFRAMES, type ModelTimeframe } from "../model/horizons.js";

/** `2023-01-01`, or an ISO time such as `2023-01-01T12:00`, `2023-01-01T12:00:00Z`, `...+02:00`. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * `2023-01-01` or a full ISO time, as UTC epoch ms; a time without a zone is read as UTC. A clear error
 * otherwise. Only ISO shapes are accepted: Date.parse alone reads a zone-less time as local time, takes
 * "junk 1" for 2001-06-01, and rolls 2023-02-30 over into March.
 */
export function parseDate(input: string, option: string): number {
  const text = input.trim();
  const match = ISO_DATE.exec(text);
  const ms = match === null ? Number.NaN : Date.parse(match[4] !== undefined ? text : zoned(text));
  const [year, month, day] = [match?.[1], match?.[2], match?.[3]].map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (!Number.isFinite(ms) || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
    throw new UserError(`${option} expects a date such as 2023-01-01, got "${text.slice(0, 30)}".`, {
      code: "bad-date",
    });
  return ms;
}

/** A zone-less ISO date or time with an explicit UTC zone. */
function zoned(text: string): string {
  return text.includes("T") ? `${text}Z` : `${text}T00:00:00Z`;
}

export function parsePositiveInt(input: string, option: string): number {
  const text = input.trim();
  // Number() alone would take "1e3", "0x10" and "1e300" (an "integer" far past any sane count).
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UserError(`${option} expects a positive whole number, got "${input.slice(0, 30)}".`, {
      code: "bad-number",
    });
  return value;
}

/** `--timeframe`'s help: each model timeframe, or all of them. */
export const TIMEFRAME_OR_ALL = `${MODEL_TIMEFRAMES.join(", ")} or all`;

/** `--timeframe 1d`, `4h` or `all` (every model timeframe); a clear error naming all three otherwise. */
export function parseTimeframes(input: string): readonly ModelTimeframe[] {
  const value = input.trim().toLowerCase();
  if (value === "all") return MODEL_TIMEFRAMES;
  const timeframe = MODEL_TIMEFRAMES.find((tf) => tf === value);
  if (timeframe !== undefined) return [timeframe];
  throw new UserError(`--timeframe expects ${TIMEFRAME_OR_ALL}, got "${input.slice(0, 10)}".`, {
    code: "unknown-timeframe",
  });
}
