import { UserError } from "../errors.js";

/**
 * The exchange's cool-down, one per process (per MarketData): every failed request that says the exchange is
 * not answering (a timeout, a refused connection, a 5xx, a 429/418) sets it; every fetch path reads it before
 * it asks. A Retry-After (429, or 418: Binance's ban, which it lengthens for clients that do not back off) is
 * the exchange asking us to wait: nothing is sent before it ends. Without one, the exchange is left alone
 * FAULT_COOLDOWN_MS by whoever waits for an answer (a forecast, a new pair's backfill), while the scheduled
 * refresh still probes it with its retries; a request that succeeds ends that cool-down, not the wait asked.
 */

/** How long after a failure with no Retry-After (a timeout, a refusal) a waiting caller does not ask again. */
export const FAULT_COOLDOWN_MS = 60_000;

export interface CoolDown {
  /** When requests may go again (ms): the later of the two waits. */
  until: number;
  /** How long that is from now (ms). */
  leftMs: number;
  /** A wait the exchange asked for (Retry-After) runs: no request at all before `askedUntil`. */
  asked: boolean;
  /** When `asked`: the end of the wait the exchange asked for (ms); `until` is later when a fault came since. */
  askedUntil?: number;
  /** When `asked`: how long that is from now (ms). */
  askedLeftMs?: number;
}

export interface ExchangeCooldown {
  /** The cool-down running now, or undefined. */
  current(): CoolDown | undefined;
  /** A request failed as unreachable; `retryAfterMs` is the exchange's Retry-After, when it sent one. */
  failed(retryAfterMs: number | undefined): void;
  /** A request was answered: the wait a failure set ends (one the exchange asked for does not). */
  succeeded(): void;
}

export function createExchangeCooldown(now: () => number = Date.now): ExchangeCooldown {
  // Two deadlines, kept apart: the wait the exchange asked for, which only its end lifts, and ours after a
  // fault, which an answer ends. Stamped as one, a timeout after a short Retry-After became a minute "the
  // exchange asked for", which it never did and which no answer could end.
  let askedUntil = 0;
  let faultUntil = 0;
  const current = (): CoolDown | undefined => {
    const at = now();
    const until = Math.max(askedUntil, faultUntil);
    if (until <= at) return undefined;
    if (askedUntil <= at) return { until, leftMs: until - at, asked: false };
    return { until, leftMs: until - at, asked: true, askedUntil, askedLeftMs: askedUntil - at };
  };
  return {
    current,
    failed(retryAfterMs) {
      // The longer wait of each kind stands.
      if (retryAfterMs === undefined) faultUntil = Math.max(faultUntil, now() + FAULT_COOLDOWN_MS);
      else askedUntil = Math.max(askedUntil, now() + retryAfterMs);
    },
    succeeded() {
      faultUntil = 0;
    },
  };
}

/** "13:05 UTC": when a cool-down ends, for a refusal or a log line. */
export function clockOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** Why nothing was asked of `exchange`, for a log or a CLI line. */
export function coolingWords(exchange: string, waiting: CoolDown): string {
  const until = clockOf(waiting.until);
  if (waiting.askedUntil === undefined)
    return `not asked: ${exchange} failed a request a moment ago; asking again after ${until}`;
  const asked = `not asked: ${exchange} asked us to wait until ${clockOf(waiting.askedUntil)}`;
  return waiting.askedUntil < waiting.until
    ? `${asked}, and failed a request since; asking again after ${until}`
    : asked;
}

/** Whether the whole wait is the one the exchange asked for (no later fault's): the refusal says so. */
const askedOnly = (waiting: CoolDown) =>
  waiting.askedUntil !== undefined && waiting.askedUntil >= waiting.until;

/** The refusal of a new pair's backfill while the exchange cools down: when to try again, not a long wait. */
export function coolingRefusal(symbol: string, exchange: string, waiting: CoolDown): UserError {
  const until = clockOf(waiting.until);
  const params = { symbol, exchange, until };
  const rateLimited = askedOnly(waiting);
  const message = rateLimited
    ? `${exchange} asked us to wait until ${until} before asking it again, so I cannot fetch the history of ` +
      `${symbol} yet. Nothing was stored; try again after ${until}.`
    : `${exchange} did not answer a moment ago, so I am not asking it for the history of ${symbol} before ` +
      `${until}. Nothing was stored; try again then.`;
  return new UserError(message, {
    code: "backfill-failed",
    params: { ...params, context: rateLimited ? "rateLimited" : "coolingDown" },
  });
}

/** @throws the refusal of `symbol`'s backfill while a cool-down runs (nothing is asked). */
export function refuseWhileCooling(cooldown: ExchangeCooldown, symbol: string, exchange: string): void {
  const waiting = cooldown.current();
  if (waiting !== undefined) throw coolingRefusal(symbol, exchange, waiting);
}

/** `client`, failing at once while a cool-down runs, for a caller that takes any failure as "unavailable". */
export function gatedClient<T>(cooldown: ExchangeCooldown, exchange: string, client: () => Promise<T>) {
  return async (): Promise<T> => {
    const waiting = cooldown.current();
    if (waiting !== undefined) throw new Error(coolingWords(exchange, waiting));
    return client();
  };
}
