import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Caller, ChatAdapter, Reply } from "../contracts/chat.js";
import { i18nFor } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import type { PostTarget } from "../schedule/target.js";
import type { Dispatcher } from "./dispatch.js";
import { formatText } from "./format-text.js";
import { parseCommandLine } from "./parse.js";
import { createTurnRunner } from "./turn.js";

export const PROMPT = "coincast> ";

/** The person at the keyboard: it is their machine, so they may run admin commands. */
export const CONSOLE_CALLER: Caller = {
  platform: "console",
  userId: "console",
  userName: "console",
  channelId: "console",
  channelKind: "direct",
  isAdmin: true,
};

const QUIT = new Set(["/quit", "/exit"]);

export interface ConsoleOptions {
  dispatcher: Pick<Dispatcher, "dispatch">;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where chart images are written (DATA_DIR/charts). */
  imageDir: string;
  logger: Logger;
  /** Show the prompt and take Ctrl+C as quit: a person typing. Default: whether `input` is a TTY. */
  interactive?: boolean;
  /** Ends the conversation as /quit does (the bot is stopping). */
  signal?: AbortSignal;
  /** The user's language, from CONSOLE_LANGUAGE or the locale ("de_DE.UTF-8"); undefined: English. */
  locale?: string | undefined;
}

/**
 * The console adapter: one command per line (`/forecast BTC 1d` or `forecast BTC 1d`), answered in order
 * as plain text, charts written to files. Resolves at `/quit` or at the end of the input, once every
 * line read has been answered, so `echo "/forecast BTC 1d" | coincast start` answers and exits; with how
 * many commands (or other lines) it read.
 */
export async function startConsole(options: ConsoleOptions): Promise<number> {
  const { dispatcher, output, logger } = options;
  const interactive = options.interactive ?? (options.input as { isTTY?: boolean }).isTTY === true;
  const write = (text: string) => void output.write(`${text}\n`);
  // Every progress line is printed: a terminal has no edit to rate-limit.
  const turns = createTurnRunner({ platform: "console", dispatcher, logger, progressIntervalMs: 0 });
  const lines = createInterface({
    input: options.input,
    ...(interactive ? { output, terminal: true, prompt: PROMPT } : { terminal: false }),
  });
  lines.on("SIGINT", () => lines.close());
  options.signal?.addEventListener("abort", () => lines.close(), { once: true });
  if (interactive) {
    write("Coincast console. /help lists the commands, /quit leaves.");
    lines.prompt();
  }
  let read = 0;
  for await (const raw of lines) {
    const text = raw.trim();
    if (text !== "" && !text.startsWith("#")) {
      read += 1;
      const line = text.startsWith("/") ? text : `/${text}`;
      if (QUIT.has(line.split(/\s+/)[0]?.toLowerCase() ?? "")) break;
      const parsed = parseCommandLine(line);
      if (parsed === null) write(i18nFor(options.locale).t("chat.notACommand"));
      else
        await turns.answer({
          command: parsed.name,
          args: parsed.words,
          locale: options.locale,
          secrets: [],
          caller: () => CONSOLE_CALLER,
          progress: async (text) => write(`… ${text}`),
          reply: async (reply) => write(await render(reply, options.imageDir, logger, options.locale)),
          apologise: async (text) => write(text),
        });
      write("");
    }
    if (interactive) lines.prompt();
  }
  lines.close();
  return read;
}

/**
 * The console on the one ChatAdapter interface, for a person at a terminal: it answers lines until /quit,
 * Ctrl+C or stop(); `done` resolves then. Posts print like replies.
 */
export function startConsoleAdapter(
  options: ConsoleOptions,
): ChatAdapter & { readonly platform: "console"; done: Promise<void> } {
  const stopping = new AbortController();
  const done = startConsole({ ...options, signal: stopping.signal }).then(() => undefined);
  return {
    platform: "console",
    post: consolePostTarget(options),
    done,
    stop: async () => {
      stopping.abort();
      await done;
    },
  };
}

/** Scheduled posts to the console's one channel ("console"): printed like replies, charts written to files. */
export function consolePostTarget(options: {
  output: NodeJS.WritableStream;
  imageDir: string;
  logger: Logger;
}): PostTarget {
  return {
    async send(_channelId, reply) {
      const text = await render(reply, options.imageDir, options.logger, reply.locale);
      options.output.write(`\n${text}\n\n`);
    },
  };
}

/** The reply as text, with the path its image was saved to, said in the reader's language. */
async function render(
  reply: Reply,
  imageDir: string,
  logger: Logger,
  locale: string | undefined,
): Promise<string> {
  const { t } = i18nFor(locale);
  const text = formatText(reply);
  if (reply.image === undefined) return text;
  // The name comes from the command, but a path separator in it must never reach outside imageDir.
  const path = resolve(join(imageDir, basename(reply.image.filename)));
  try {
    await mkdir(imageDir, { recursive: true });
    await writeFile(path, reply.image.png);
    return `${text}\n${t("chat.chartSaved", { path })}`;
  } catch (error) {
    logger.warn({ err: error, path }, "could not save a chart");
    return `${text}\n${t("chat.chartNotSaved", { path })}`;
  }
}
