import { destination, type Logger, pino } from "pino";
import { redactUrls } from "./error-report.js";
import { ConfigError } from "./errors.js";

export type { Logger };

/** Paths whose values are never written to a log line. */
const REDACT = ["token", "*.token", "config.discordToken", "config.telegramToken", "headers.authorization"];

/**
 * The one structured logger: tokens under the REDACT keys and credentials in URLs never reach a line. Logs
 * go to stderr so that command output on stdout stays clean for scripts, or to `file` (appended, its folder
 * created), as when a console session needs the terminal to itself.
 */
export function createLogger(level = "info", file?: string): Logger {
  let to: ReturnType<typeof destination>;
  try {
    to =
      file === undefined
        ? destination(2)
        : destination({ dest: file, mkdir: true, append: true, sync: true });
  } catch (error) {
    // Nowhere to log to: said as the configuration's fault, naming the file, not as a crash with no log.
    throw new ConfigError(
      `Cannot write the log to ${file} (LOG_FILE, or coincast.log under DATA_DIR for a console): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      // A URL inside a message or an error's text is out of `redact`'s reach (it matches keys, not text): the
      // finished line loses every URL's userinfo and query, whoever logged it.
      hooks: { streamWrite: redactUrls },
    },
    to,
  );
}

/** A logger that drops everything: for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
