/**
 * Coincast's errors: one hierarchy, on the ground floor (nothing here imports anything), after ccxt's split
 * of its BaseError into NetworkError (try again) and ExchangeError (the same request fails the same way).
 * Every error of ours is a {@link CoincastError} with a `code` (what went wrong, stable for tests,
 * translations and logs) and `retryable` (whether the same request may succeed if tried again, later or
 * elsewhere). Whoever decides to retry reads the property; nobody inspects classes or messages for it.
 * Errors of libraries (ccxt, the chat platforms, ioredis) are mapped onto it where they enter.
 *
 *   CoincastError                      code            retryable
 *   ├─ UserError                       USER_ERROR_CODES  per code (RETRYABLE_USER_CODES)
 *   ├─ ConfigError                     config          no
 *   │  └─ BackendUnavailableError      backend-unavailable (src/model/backend.ts)
 *   ├─ ModelLoadError                  model-load      no  (src/model/model-io.ts)
 *   ├─ ChannelGoneError                channel-gone    no  (src/schedule/target.ts)
 *   └─ ExchangeError                   exchange-refused       no  (src/market/exchange-errors.ts)
 *      └─ ExchangeUnreachableError     exchange-unreachable   yes
 */

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
  "platform-unreachable",
  "queue-unreachable",
  "retrain-running",
  "storage-full",
  "training-lost",
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
 * What went wrong that is not the user's to fix: the operator's configuration, a saved model, a channel, the
 * exchange; "fault" is anything else (a bug, a crashed thread), as it crosses a thread or queue boundary.
 */
export const SYSTEM_ERROR_CODES = [
  "backend-unavailable",
  "channel-gone",
  "config",
  "exchange-refused",
  "exchange-unreachable",
  "fault",
  "model-load",
] as const;
export type SystemErrorCode = (typeof SYSTEM_ERROR_CODES)[number];
export type ErrorCode = UserErrorCode | SystemErrorCode;

/**
 * The user errors a later try may not meet: the service was busy, a dependency was away, a retrain was
 * running. Every other user error answers the request itself (a typo, an unknown symbol, too short a
 * history) and would be given again.
 */
export const RETRYABLE_USER_CODES: ReadonlySet<UserErrorCode> = new Set<UserErrorCode>([
  "backfill-failed",
  "busy",
  "exchange-unavailable",
  "no-worker",
  "platform-unreachable",
  "queue-unreachable",
  "retrain-running",
  "storage-full",
  "training-lost",
  "worker-timeout",
]);

export interface CoincastErrorOptions<C extends ErrorCode = ErrorCode> {
  code: C;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The base of every Coincast error: `code` says what went wrong, `retryable` whether trying the same thing
 * again may succeed. Built directly only for an error rebuilt from another thread or process (see
 * src/workers/worker.ts), where its original class is known by name only.
 */
export class CoincastError extends Error {
  override name: string = "CoincastError";
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(message: string, options: CoincastErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable ?? false;
  }
}

export const isCoincastError = (error: unknown): error is CoincastError => error instanceof CoincastError;

export const isUserErrorCode = (code: string): code is UserErrorCode =>
  (USER_ERROR_CODES as readonly string[]).includes(code);

/**
 * An error whose message is written for the person who typed the command: safe to show in a chat.
 * Anything that is not a UserError is logged and answered with a generic apology.
 */
export class UserError extends CoincastError {
  override readonly name = "UserError";
  declare readonly code: UserErrorCode;
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
      /** Default: whether the code is in RETRYABLE_USER_CODES. */
      retryable?: boolean;
    },
  ) {
    super(message, {
      code: options.code,
      retryable: options.retryable ?? RETRYABLE_USER_CODES.has(options.code),
      cause: options.cause,
    });
    this.suggestions = options.suggestions ?? [];
    this.params = options.params ?? {};
  }
}

/** A configuration problem found at start-up; the message names every bad key. Never retryable. */
export class ConfigError extends CoincastError {
  override name: string = "ConfigError";

  constructor(message: string, options: { code?: "config" | "backend-unavailable"; cause?: unknown } = {}) {
    super(message, { code: options.code ?? "config", retryable: false, cause: options.cause });
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;

/**
 * A refusal's params for what the user typed: its translation's `_named` variant quoting `typed`, or none when
 * nothing of it was safe to echo (the plain variant).
 */
export const namedInput = (typed: string): { context?: "named"; input?: string } =>
  typed === "" ? {} : { context: "named", input: typed };
