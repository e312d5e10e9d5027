import pRetry, { AbortError } from "p-retry";
import { isCoincastError, UserError } from "../errors.js";
import type { Logger } from "../logger.js";

/** What each chat platform is called and which key holds its token, for messages that say what to do. */
export interface SurfaceInfo {
  name: "Discord" | "Telegram";
  tokenKey: "DISCORD_TOKEN" | "TELEGRAM_BOT_TOKEN";
  /** Where a new token is made. */
  tokenHelp: string;
}

export const DISCORD_SURFACE: SurfaceInfo = {
  name: "Discord",
  tokenKey: "DISCORD_TOKEN",
  tokenHelp: "reset the bot's token under Bot at https://discord.com/developers/applications",
};
export const TELEGRAM_SURFACE: SurfaceInfo = {
  name: "Telegram",
  tokenKey: "TELEGRAM_BOT_TOKEN",
  tokenHelp: "ask @BotFather for the token (/token) or a new bot (/newbot)",
};

/** Retry delays for an unreachable chat API: 1 s doubling to 5 min, for as long as the bot runs. */
export const SURFACE_BACKOFF = { minTimeout: 1_000, maxTimeout: 300_000, factor: 2 };

/** True for the chat API's "this token is not valid": Discord's 401 or TokenInvalid, Telegram's 401. */
function isRefusedToken(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { status?: unknown; error_code?: unknown; code?: unknown };
  return e.status === 401 || e.error_code === 401 || e.code === "TokenInvalid";
}

/**
 * A platform's start-up failure mapped onto Coincast's errors: a refused token becomes the UserError
 * "platform-refused" (not retryable: it is refused on every try); anything else (an unreachable API, a
 * timeout) stays as it is, and is tried again.
 */
function startFailure(error: unknown, surface: SurfaceInfo): unknown {
  if (!isRefusedToken(error)) return error;
  return new UserError(refusedTokenMessage(surface), { code: "platform-refused", cause: error });
}

/** An error that says no retry will cure it. */
const final = (error: unknown): error is Error => isCoincastError(error) && !error.retryable;

/** The message for a refused token: which key, and what to do. */
export function refusedTokenMessage(surface: SurfaceInfo): string {
  return (
    `${surface.name} refused ${surface.tokenKey} (401 Unauthorized): the token is wrong or was reset. ` +
    `To fix it, ${surface.tokenHelp}, put it in ${surface.tokenKey} (in .env or the environment) and start again.`
  );
}

export type SurfaceStart =
  | { status: "started" }
  | { status: "refused"; message: string }
  | { status: "retrying" };

/**
 * Starts one chat surface so that its faults stay its own. A refused token is answered with what to do and
 * leaves the surface off; an unreachable API (or any other start-up failure) is retried in the background
 * with backoff until it starts or `signal` aborts, while the other surfaces run. `onStarted` receives the
 * adapter whenever it comes up, now or later.
 */
export async function startSurface<A extends { stop(): Promise<void> }>(options: {
  surface: SurfaceInfo;
  start: () => Promise<A>;
  onStarted: (adapter: A) => void;
  logger: Logger;
  signal: AbortSignal;
  backoff?: { minTimeout: number; maxTimeout: number; factor: number };
}): Promise<SurfaceStart> {
  const { surface, logger, signal } = options;
  try {
    options.onStarted(await options.start());
    return { status: "started" };
  } catch (caught) {
    const error = startFailure(caught, surface);
    if (final(error)) return { status: "refused", message: error.message };
    // The bot is stopping (a stop during start-up): nothing to retry, nothing to warn about.
    if (signal.aborted) {
      logger.info({ surface: surface.name }, `${surface.name} start-up ended: the bot is stopping`);
      return { status: "retrying" };
    }
    logger.warn(
      { err: error, surface: surface.name },
      `${surface.name} could not be reached; retrying in the background, the other surfaces keep running`,
    );
  }
  void pRetry(
    async () => {
      try {
        return await options.start();
      } catch (caught) {
        const error = startFailure(caught, surface);
        throw final(error) ? new AbortError(error) : error;
      }
    },
    {
      ...(options.backoff ?? SURFACE_BACKOFF),
      // `retry` builds its list of delays up front: a finite one, then the last delay forever.
      retries: 10,
      forever: true,
      signal,
      onFailedAttempt: (error) =>
        logger.debug(
          { err: error, surface: surface.name, attempt: error.attemptNumber },
          "still unreachable",
        ),
    },
  ).then(
    (adapter) => {
      // Came up while the bot was stopping: it stops too.
      if (signal.aborted) return void adapter.stop().catch(() => {});
      logger.info({ surface: surface.name }, `${surface.name} reached: answering there too`);
      options.onStarted(adapter);
    },
    (error: unknown) => {
      if (signal.aborted) return;
      logger.error({ surface: surface.name }, error instanceof Error ? error.message : String(error));
    },
  );
  return { status: "retrying" };
}
