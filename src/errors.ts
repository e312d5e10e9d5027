/**
 * What went wrong for the user, as a stable identifier (Sapphire's identifiers): tests and future
 * translations match the code, never the English sentence. Adding a kind of user error adds a code here.
 */
export const USER_ERROR_CODES = [
  "alert-exists",
  "alert-limit",
  "backfill-failed",
  "bad-candle-file",
  "bad-date",
  "bad-date-range",
  "bad-number",
  "bad-option",
  "bad-time",
  "busy",
  "exchange-unavailable",
  "history-too-short",
  "input-too-long",
  "missing-option",
  "missing-symbol",
  "no-candle-files",
  "no-candles",
  "no-earlier-version",
  "no-model",
  "no-worker",
  "not-available",
  "on-demand-off",
  "platform-refused",
  "queue-unreachable",
  "retrain-running",
  "unknown-alert",
  "unknown-horizon",
  "unknown-model",
  "unknown-symbol",
  "unknown-time-zone",
  "unknown-timeframe",
  "unknown-version",
  "unreadable-history",
  "worker-timeout",
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/**
 * An error whose message is written for the person who typed the command: safe to show in a chat.
 * Anything that is not a UserError is logged and answered with a generic apology.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly code: UserErrorCode;
  readonly suggestions: readonly string[];
  /** Values a translation of the code may quote ({{horizons}}); the English message already has them. */
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    message: string,
    options: {
      code: UserErrorCode;
      suggestions?: readonly string[];
      params?: Record<string, string | number>;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.suggestions = options.suggestions ?? [];
    this.params = options.params ?? {};
  }
}

/** A configuration problem found at start-up; the message names every bad key. */
export class ConfigError extends Error {
  override readonly name: string = "ConfigError";
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
