import { setTimeout as sleep } from "node:timers/promises";
import type { Caller, Reply } from "../contracts/chat.js";
import { newErrorId, scrubbedError } from "../error-report.js";
import { i18nFor } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import type { Dispatcher } from "./dispatch.js";
import { createProgressThrottle, PROGRESS_INTERVAL_MS } from "./progress-throttle.js";

/**
 * One command message and its answer, as a chat platform's adapter maps its event onto it (grammY's
 * `ReqResHandler` in frameworks.ts is the model: the adapter says how to read the request and how to
 * answer, the runner does the rest). Who asks, deferring, progress, the reply and the apology are
 * written once in {@link createTurnRunner}; an adapter only translates.
 */
export interface ChatTurn {
  /** The command's name as typed or chosen (the dispatcher lowercases it). */
  command: string;
  /** Typed words (Telegram, console) or named values (Discord options). */
  args: readonly string[] | Readonly<Record<string, string | undefined>>;
  /** Who asks; a promise where the platform must be asked (Telegram's getChatMember for admins). */
  caller(): Caller | Promise<Caller>;
  /** The user's language as the platform reports it (a BCP 47 tag such as "es-ES" or "de"), if it does. */
  locale?: string | undefined;
  /**
   * Acknowledges an answer still being worked on, where the platform wants one in time (Discord: within
   * 3 s). Called at most once: when the answer takes longer than `deferAfterMs`, or before the first
   * progress line.
   */
  defer?: () => Promise<unknown>;
  /** Shows an interim line, replacing the previous one. Throttled, in order, never after the answer. */
  progress?: (text: string) => Promise<unknown>;
  /** Sends the answer; progress has finished by then. */
  reply(reply: Reply): Promise<void>;
  /**
   * After the answer, or before the apology when the turn failed, removes what progress (or a placeholder)
   * left, if the answer did not replace it. Best effort: a failure is logged, never apologised for.
   */
  clearProgress?: () => Promise<unknown>;
  /** Tells the user something broke, with the id of the log line; whatever state the turn was left in. */
  apologise(text: string): Promise<void>;
  /** Tokens never to be logged (the bot token, Discord's interaction token inside REST URLs). */
  secrets: readonly string[];
}

/** What every chat adapter is given to run its turns with. */
export interface TurnOptions {
  /** Checks permissions, rate limits and arguments, and never throws: every outcome is a Reply. */
  dispatcher: Pick<Dispatcher, "dispatch">;
  logger: Logger;
  /** A turn with `defer` still running after this long is deferred. Default 1.5 s. */
  deferAfterMs?: number | undefined;
  /** Least time between two progress lines shown. Default 2 s. */
  progressIntervalMs?: number | undefined;
}

export interface TurnRunnerOptions extends TurnOptions {
  platform: string;
}

export interface TurnRunner {
  /** Runs the turn beside the platform's event loop: a slow command holds up no other chat. */
  run(turn: ChatTurn): void;
  /** Runs the turn and resolves once it is answered (or apologised for): a console answers in order. */
  answer(turn: ChatTurn): Promise<void>;
  /**
   * Resolves once no turn is running, or after `timeoutMs`: a stopping adapter waits a while (default 10 s)
   * for running commands to answer, not forever.
   */
  idle(timeoutMs?: number): Promise<void>;
}

const DEFAULT_DEFER_AFTER_MS = 1_500;
const DEFAULT_DRAIN_MS = 10_000;

/**
 * The per-message work of every chat platform, and its one catch point: a failure anywhere in a turn
 * (reading the caller, sending the reply) is logged without secrets and apologised for with an error id.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnRunner {
  const { logger, platform } = options;
  const running = new Set<Promise<void>>();

  const fail = async (turn: ChatTurn, error: unknown): Promise<void> => {
    const errorId = newErrorId();
    const err = scrubbedError(error, turn.secrets);
    logger.error({ err, errorId, platform, command: turn.command }, `${platform}: command failed`);
    try {
      await turn.apologise(i18nFor(turn.locale).t("chat.apology", { id: errorId }));
    } catch (sendError) {
      logger.warn({ errorId, err: scrubbedError(sendError, turn.secrets) }, `${platform}: apology not sent`);
    }
  };

  const answer = async (turn: ChatTurn): Promise<void> => {
    let deferral: Promise<unknown> | undefined;
    const defer = turn.defer === undefined ? undefined : () => (deferral ??= turn.defer?.());
    let finished = false;
    let lastText: string | undefined;
    const throttle = createProgressThrottle(options.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
    // Lines go out in order, so a late progress line never overwrites the answer.
    let lines: Promise<unknown> = Promise.resolve();
    const show = async (text: string): Promise<void> => {
      if (finished || turn.progress === undefined) return;
      await defer?.();
      if (finished || text === lastText || !throttle.take()) return;
      lastText = text;
      const line = lines.then(() => (finished ? undefined : turn.progress?.(text)));
      lines = line.catch(() => undefined);
      await line;
    };
    // Progress is cosmetic: a lost line is logged here, scrubbed, and the command carries on.
    const progress = (text: string) =>
      show(text).catch((error: unknown) => {
        logger.warn({ err: scrubbedError(error, turn.secrets) }, `${platform}: progress not shown`);
      });

    try {
      const caller = {
        ...(await turn.caller()),
        ...(turn.locale === undefined ? {} : { locale: turn.locale }),
      };
      const pending = options.dispatcher.dispatch(turn.command, turn.args, caller, progress);
      if (defer !== undefined) {
        const timer = new AbortController();
        const early = await Promise.race([
          pending.then(() => true),
          sleep(options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS, false, { signal: timer.signal }).catch(
            () => true,
          ),
        ]).finally(() => timer.abort());
        if (!early) await defer();
      }
      const reply = await pending;
      finished = true;
      await deferral;
      await lines;
      await turn.reply(reply);
    } finally {
      // Answered or failed (then before the apology), the last progress line goes: a "⏳ 40%" left up reads
      // as a command still running.
      finished = true;
      await lines;
      await turn.clearProgress?.().catch((error: unknown) => {
        logger.warn({ err: scrubbedError(error, turn.secrets) }, `${platform}: progress not cleared`);
      });
    }
  };

  const track = (turn: ChatTurn): Promise<void> => {
    const task: Promise<void> = answer(turn)
      .catch((error: unknown) => fail(turn, error))
      .finally(() => running.delete(task));
    running.add(task);
    return task;
  };
  return {
    run: (turn) => void track(turn),
    answer: track,
    idle: async (timeoutMs = DEFAULT_DRAIN_MS) => {
      const drained = (async () => {
        while (running.size > 0) await Promise.allSettled([...running]);
      })();
      if (!Number.isFinite(timeoutMs)) return drained;
      const timer = new AbortController();
      await Promise.race([
        drained,
        sleep(timeoutMs, undefined, { signal: timer.signal, ref: false }),
      ]).finally(() => timer.abort());
    },
  };
}
