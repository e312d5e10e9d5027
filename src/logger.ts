import { destination, type Logger, pino } from "pino";

export type { Logger };

/** Paths whose values are never written to a log line. */
const REDACT = ["token", "*.token", "config.discordToken", "config.telegramToken", "headers.authorization"];

/**
 * The one structured logger. Logs go to stderr so that command output on stdout stays clean for scripts.
 */
export function createLogger(level = "info"): Logger {
  return pino({ level, redact: { paths: REDACT, censor: "[redacted]" } }, destination(2));
}

/** A logger that drops everything: for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
