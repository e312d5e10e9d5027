import type { Caller, Command, CommandServices, Reply } from "../../commands/types.js";
import { newErrorId } from "../error-report.js";
import { isUserError } from "../errors.js";
import { i18nFor } from "../i18n/index.js";
import { userErrorLines } from "../i18n/user-error.js";
import type { Logger } from "../logger.js";
import { isStorageFull, storageFullError } from "../storage/storage-full.js";
import { quotable } from "../typed-text.js";
import { type ArgsResult, bindArgs, echoInput, MAX_ECHO, parseCommandLine, validateArgs } from "./parse.js";
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from "./rate-limit.js";

/** Shows an interim state of a long command; the adapter decides how (edit a message, print a line). */
export type Progress = (text: string) => Promise<void>;

export interface DispatcherDeps {
  commands: readonly Command[];
  services: CommandServices;
  logger: Logger;
  /** Per-user budget, or a ready limiter (tests). The console's user is never limited. */
  rateLimit: RateLimitOptions | RateLimiter;
  /** 8 characters that tie an apology to its log line; injectable for tests. */
  errorId?: () => string;
}

export interface Dispatcher {
  /** The registry it serves: adapters derive slash commands and menus from it. */
  readonly commands: readonly Command[];
  /**
   * Runs one command for one caller and always resolves with a reply, never throws: the one place that
   * checks permission, rate limit and arguments, and the one catch point of every chat platform.
   * `args` are typed words (Telegram, console) or named values (Discord options).
   */
  dispatch(
    name: string,
    args: readonly string[] | Readonly<Record<string, string | undefined>>,
    caller: Caller,
    progress?: Progress,
  ): Promise<Reply>;
  /**
   * A typed line, `/forecast BTC 1d` or `/forecast@OurBot btc`: parsed, then dispatched. Null when the
   * line is not a command for us (no slash, or another bot's), which adapters leave unanswered.
   */
  dispatchLine(
    text: string,
    caller: Caller,
    progress?: Progress,
    options?: { botUsername?: string },
  ): Promise<Reply | null>;
}

const noProgress: Progress = async () => {};

const refusal = (text: string): Reply => ({ lines: [text], private: true });

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { commands, services, logger } = deps;
  const byName = new Map(commands.map((command) => [command.spec.name, command]));
  const limiter = "take" in deps.rateLimit ? deps.rateLimit : createRateLimiter(deps.rateLimit);
  const errorId = deps.errorId ?? newErrorId;

  const dispatch: Dispatcher["dispatch"] = async (name, rawArgs, caller, progress = noProgress) => {
    const log = logger.child({ command: echoInput(name), platform: caller.platform, userId: caller.userId });
    const i18n = i18nFor(caller.locale);
    const { t } = i18n;
    try {
      if (caller.platform !== "console") {
        const decision = await limiter.take(`${caller.platform}:${caller.userId}`);
        if (!decision.ok) return refusal(t("chat.slowDown", { seconds: decision.retryInSeconds }));
      }
      const command = byName.get(name.toLowerCase());
      if (command === undefined) {
        const echo = quotable(name, /\w/, MAX_ECHO);
        return refusal(t("chat.unknownCommand", { echo: echo === "" ? "" : ` /${echo}` }));
      }
      const { spec } = command;
      if (spec.permission === "admin" && !caller.isAdmin) {
        return refusal(t("chat.adminsOnly", { command: spec.name }));
      }
      if (spec.permission === "admin-in-groups" && caller.channelKind === "group" && !caller.isAdmin) {
        return refusal(t("chat.adminsInGroups", { command: spec.name }));
      }
      const bound: ArgsResult<Record<string, string | undefined>> = Array.isArray(rawArgs)
        ? bindArgs(spec, rawArgs as readonly string[], i18n)
        : validateArgs(spec, rawArgs as Readonly<Record<string, string | undefined>>, i18n);
      if (!bound.ok) return refusal(bound.message);

      const started = Date.now();
      const reply = await command.run(bound.args, {
        caller,
        services,
        i18n,
        progress: async (text) => {
          try {
            await progress(text);
          } catch (error) {
            // A lost progress edit is no reason to lose the answer.
            log.warn({ err: error }, "progress update failed");
          }
        },
      });
      log.debug({ ms: Date.now() - started }, "command answered");
      return reply;
    } catch (error) {
      if (isUserError(error)) return { lines: userErrorLines(error, i18n), private: true };
      // Not a bug to report by id: the operator has a disk to free, and the user is told nothing was saved.
      if (isStorageFull(error)) {
        log.error({ err: error }, "storage is full: command refused");
        return { lines: userErrorLines(storageFullError(error), i18n), private: true };
      }
      const id = errorId();
      log.error({ err: error, errorId: id }, "command failed");
      return refusal(t("chat.apology", { id }));
    }
  };

  return {
    commands,
    dispatch,
    async dispatchLine(text, caller, progress, options = {}) {
      const parsed = parseCommandLine(text, options);
      return parsed === null ? null : dispatch(parsed.name, parsed.words, caller, progress);
    },
  };
}
