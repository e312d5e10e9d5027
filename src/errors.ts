/**
 * An error whose message is written for the person who typed the command: safe to show in a chat.
 * Anything that is not a UserError is logged and answered with a generic apology.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly suggestions: readonly string[];

  constructor(message: string, options: { suggestions?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.suggestions = options.suggestions ?? [];
  }
}

/** A configuration problem found at start-up; the message names every bad key. */
export class ConfigError extends Error {
  override readonly name: string = "ConfigError";
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
