import { PassThrough } from "node:stream";
import { COMMANDS } from "../../commands/index.js";
import type { CommandServices } from "../../commands/types.js";
import { startConsole } from "../../src/chat/console.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { type Logger, silentLogger } from "../../src/logger.js";

/** A console session's output stream, still read after the session ends (posts may print there too). */
export interface ConsoleTranscript {
  output: PassThrough;
  /** Everything printed to `output` since the session began, or since `clear`. */
  printed(): string;
  clear(): void;
}

/**
 * Types `lines` into the console adapter over the registry's commands and `services` (rate limit 5 per
 * 30 s, not interactive unless asked), and resolves once the session has ended: at /quit, or at the end of
 * the input, which is closed after the lines unless `end` is false.
 */
export async function consoleSession(
  lines: readonly string[],
  options: {
    services: CommandServices;
    imageDir: string;
    logger?: Logger;
    interactive?: boolean;
    end?: boolean;
    /** The console's LANG, as the start command passes it. */
    locale?: string;
  },
): Promise<ConsoleTranscript> {
  const logger = options.logger ?? silentLogger();
  const { services, imageDir } = options;
  const rateLimit = { points: 5, seconds: 30 };
  const dispatcher = createDispatcher({ commands: COMMANDS, services, logger, rateLimit });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const interactive = options.interactive ?? false;
  const locale = options.locale === undefined ? {} : { locale: options.locale };
  const done = startConsole({ dispatcher, input, output, imageDir, logger, interactive, ...locale });
  for (const line of lines) input.write(`${line}\n`);
  if (options.end !== false) input.end();
  await done;
  return {
    output,
    printed: () => printed,
    clear: () => {
      printed = "";
    },
  };
}
