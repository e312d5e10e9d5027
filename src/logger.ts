import { mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { isatty } from "node:tty";
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
  let to: { write(line: string): void };
  try {
    to = file === undefined ? destination(2) : fileDestination(file);
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

/**
 * Log lines appended to `file`, synchronously (nothing is lost to a crash). A write the file refuses (a full
 * disk) must not kill the process (a bot would crash-loop on every start): the line goes to stderr instead,
 * or is dropped where stderr is the console's terminal, and that is said once on stderr per outage; each
 * later line tries the file again.
 */
function fileDestination(file: string): { write(line: string): void } {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, "a");
  let failing = false;
  return {
    write(line) {
      try {
        // A line cut by the outage is ended first, so that the next one parses.
        writeAll(fd, failing ? `\n${line}` : line);
        failing = false;
        return;
      } catch (error) {
        if (!failing) {
          const where = isatty(2) ? "dropped" : "written to stderr";
          process.stderr.write(
            `Cannot write the log to ${file} (${(error as Error).message}): log lines are ${where} until it can.\n`,
          );
        }
        failing = true;
      }
      // fd 2 itself, not process.stderr: a worker thread's process.stderr is a pipe to the main thread.
      if (!isatty(2)) process.stderr.write(line);
    },
  };
}

/** writeSync may take part of a buffer (a pipe, a disk filling up): the rest follows, or it throws. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length; ) {
    const taken = writeSync(fd, bytes, done);
    if (taken === 0) throw new Error("the file took no byte of the line");
    done += taken;
  }
}

/** A logger that drops everything: for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
