/**
 * Why a channel's subscription or alerts are paused. Either the platform's own words ("Missing Access",
 * "Forbidden: bot was kicked"), which are quoted as the platform gave them in every language, or a reason of
 * Coincast's own: a code (with params) that each catalogue words as `channel.ownReasons.<code>`.
 */
export type PauseReason =
  | { readonly code: "platform"; readonly words: string }
  | { readonly code: OwnPauseCode; readonly params?: Readonly<Record<string, string>> };

/** Coincast's own reasons. "not-sendable": Discord gave no channel the bot can send messages in. */
export const OWN_PAUSE_CODES = ["not-sendable"] as const;
export type OwnPauseCode = (typeof OWN_PAUSE_CODES)[number];

/** The platform's refusal, in its own words. */
export const platformSaid = (words: string): PauseReason => ({ code: "platform", words });

/**
 * What older Coincast stored as free text for its own reasons, read as their codes (so they are translated
 * too); the English of each code for log lines and error messages.
 */
const ENGLISH_OF: Record<OwnPauseCode, string> = {
  "not-sendable": "not a channel the bot can send messages in",
};

/** The reason in English, for log lines and error messages. */
export const pauseReasonText = (reason: PauseReason): string =>
  reason.code === "platform" ? reason.words : ENGLISH_OF[reason.code];

const isOwnCode = (code: unknown): code is OwnPauseCode => OWN_PAUSE_CODES.some((c) => c === code);

/**
 * The `pause_reason` column's text: the platform's words as they came; an own reason as JSON
 * (`{"code":"not-sendable"}`), which no platform's words are read as (see {@link readPauseReason}).
 */
export function storedPauseReason(reason: PauseReason): string {
  if (reason.code === "platform") return reason.words;
  return JSON.stringify(reason.params === undefined ? { code: reason.code } : reason);
}

/**
 * A `pause_reason` column read back (one rule for SQLite and PostgreSQL): JSON naming an own code is that
 * reason; the English an older Coincast stored for one of its own is that code; any other text (the
 * platform's words, or a row from before codes) is quoted as it stands.
 */
export function readPauseReason(stored: string | null): PauseReason | null {
  if (stored === null) return null;
  const legacy = OWN_PAUSE_CODES.find((code) => ENGLISH_OF[code] === stored);
  if (legacy !== undefined) return { code: legacy };
  if (stored.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (typeof parsed === "object" && parsed !== null && isOwnCode((parsed as { code?: unknown }).code)) {
        const { code, params } = parsed as { code: OwnPauseCode; params?: unknown };
        return isStringRecord(params) ? { code, params } : { code };
      }
    } catch {
      // Not JSON: someone's words that happen to start with a brace.
    }
  }
  return platformSaid(stored);
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string");
