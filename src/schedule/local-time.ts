import { namedInput, UserError } from "../errors.js";
import { quotable } from "../typed-text.js";
import { ZONE_ALIASES } from "./zone-aliases.js";

/**
 * Local wall-clock time in IANA time zones, with nothing but Intl: which local day an instant falls on, and
 * when "08:00 on 2026-03-29 in Europe/Berlin" happens. Written by hand because the only question we ask
 * (one instant per local day, DST gaps and overlaps resolved by a stated rule) is smaller than a time-zone
 * library, and node-cron does not expose it.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** "HH:MM", 24-hour. */
const TIME = /^(\d{1,2}):(\d{2})$/;

/** At most this many characters of what a user typed are echoed (the dispatcher's MAX_ECHO, as README says). */
const MAX_ECHO = 32;

/** What a user typed, quoted only when it holds nothing but harmless characters (see quotable). */
const echo = (text: string): string => quotable(text, /[A-Za-z0-9:/_+-]/, MAX_ECHO);

/**
 * "8:05" or "08:05" as "08:05".
 * @throws UserError for anything that is not a 24-hour time.
 */
export function parseTime(text: string): string {
  const match = TIME.exec(text.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (match === null || hours > 23 || minutes > 59) {
    const typed = echo(text);
    throw new UserError(
      `${typed === "" ? "That" : `"${typed}"`} is not a time of day. Use 24-hour HH:MM, such as 08:00 or 18:30.`,
      { code: "bad-time", params: namedInput(typed) },
    );
  }
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/**
 * The zone as the user named it, once Intl knows it: spelt as IANA spells it when that is only a matter of
 * case ("europe/paris" gives "Europe/Paris", "us/eastern" US/Eastern), an abbreviation as the zone Intl runs it on ("BST" gives
 * Asia/Dhaka, not London: the reply must show it), else as typed.
 * Intl's canonical name may be another zone that merely keeps the same time ("EST" resolves to
 * America/Panama, "Asia/Kolkata" to Asia/Calcutta, "GMT" to UTC), which the user did not name; what they
 * named computes the same local times, with Intl and node-cron alike.
 * @throws UserError naming the zone and two examples when Intl does not know it.
 */
export function checkTimeZone(zone: string): string {
  const named = zone.trim();
  try {
    const canonical = new Intl.DateTimeFormat(undefined, { timeZone: named }).resolvedOptions().timeZone;
    if (canonical.toLowerCase() === named.toLowerCase()) return canonical;
    // An abbreviation is not a zone: Intl reads "BST" as Asia/Dhaka and "CST" as America/Chicago, whatever
    // the user meant, so the zone it runs on is what the reply must name. A named alias (US/Eastern) stays,
    // spelt as IANA spells it ("asia/kolkata" gives Asia/Kolkata).
    return named.includes("/") ? (ianaSpelling().get(named.toLowerCase()) ?? named) : canonical;
  } catch {
    const typed = echo(zone);
    throw new UserError(
      `Unknown time zone${typed === "" ? "" : ` "${typed}"`}. Use an IANA name such as Europe/Paris or America/New_York.`,
      { code: "unknown-time-zone", params: namedInput(typed) },
    );
  }
}

let spellings: Map<string, string> | undefined;

/** Every zone name Intl knows, by its lower case: the ones it lists and the aliases it accepts. */
function ianaSpelling(): Map<string, string> {
  spellings ??= new Map(
    [...ZONE_ALIASES, ...Intl.supportedValuesOf("timeZone")].map((name) => [name.toLowerCase(), name]),
  );
  return spellings;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, found);
  }
  return found;
}

/** The local wall clock at `ms`, written as if it were a UTC time (so that differences are offsets). */
function wallClock(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at `ms`, in ms (Europe/Berlin in summer: +7,200,000). */
export function offsetAt(ms: number, zone: string): number {
  return wallClock(ms, zone) - Math.floor(ms / 1000) * 1000;
}

/** "2026-03-29": the local day of `ms` in `zone`. */
export function localDay(ms: number, zone: string): string {
  return new Date(wallClock(ms, zone)).toISOString().slice(0, 10);
}

/** "2026-03-29 08:00": local time to the minute. */
export function localMinute(ms: number, zone: string): string {
  return new Date(wallClock(ms, zone)).toISOString().slice(0, 16).replace("T", " ");
}

/** The day `days` after "YYYY-MM-DD" (negative: before). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant a daily post at local wall-clock `time` happens on local `day` in `zone`.
 *
 * - A time that exists once: that instant.
 * - A time that exists twice (autumn, clocks go back): the first of the two, so a post is never late by the
 *   repeated hour; the per-day claim keeps it to one post.
 * - A time that does not exist (spring, clocks go forward, e.g. 02:30 in Europe/Berlin on the last Sunday
 *   of March): the first valid minute after it, which is the moment the clocks jumped (03:00 there).
 */
export function scheduledInstant(day: string, time: string, zone: string): number {
  const [hours = 0, minutes = 0] = parseTime(time).split(":").map(Number);
  const wall = Date.parse(`${day}T00:00:00Z`) + (hours * 60 + minutes) * MINUTE_MS;
  // A day has at most one transition: the offsets a day before and after cover every reading of `wall`.
  const offsets = new Set([offsetAt(wall - DAY_MS, zone), offsetAt(wall + DAY_MS, zone)]);
  const valid = [...offsets].map((offset) => wall - offset).filter((ms) => wallClock(ms, zone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In the gap (clocks went forward): the transition lies between the two readings, found by bisection
  // to the minute; before it the smaller offset holds, from it the larger.
  const later = Math.max(...offsets);
  let before = wall - later;
  let after = wall - Math.min(...offsets);
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(middle, zone) === later) after = middle;
    else before = middle;
  }
  return after;
}

/** The first scheduled instant at or after `from`. */
export function nextInstant(time: string, zone: string, from: number): number {
  const today = localDay(from, zone);
  const at = scheduledInstant(today, time, zone);
  return at >= from ? at : scheduledInstant(addDays(today, 1), time, zone);
}
