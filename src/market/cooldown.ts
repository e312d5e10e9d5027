import { UserError } from "../errors.js";

/**
 * The exchange's cool-down, one per process (per MarketData): every failed request that says the exchange is
 * not answering (a timeout, a refused connection, a 5xx, a 429/418) sets it; every fetch path reads it before
 * it asks. A Retry-After (429, or 418: Binance's ban, which it lengthens for clients that do not back off) is
 * the exchange asking us to wait: nothing is sent before it ends. Without one, the exchange is left alone
 * FAULT_COOLDOWN_MS by whoever waits for an answer (a forecast, a new pair's backfill), while the scheduled
 * refresh still probes it with its retries; a request that succeeds ends that cool-down.
 */

/** How long after a failure with no Retry-After (a timeout, a refusal) a waiting caller does not ask again. */
export const FAULT_COOLDOWN_MS = 60_000;

export interface CoolDown {
  /** When requests may go again (ms). */
  until: number;
  /** How long that is from now (ms). */
  leftMs: number;
  /** Asked by the exchange (Retry-After), not only its failure: no request at all before `until`. */
  asked: boolean;
}

export interface ExchangeCooldown {
  /** The cool-down running now, or undefined. */
  current(): CoolDown | undefined;
  /** A request failed as unreachable; `retryAfterMs` is the exchange's Retry-After, when it sent one. */
  failed(retryAfterMs: number | undefined): void;
  /** A request was answered: a cool-down set by a failure ends (one the exchange asked for does not). */
  succeeded(): void;
}

export function createExchangeCooldown(now: () => number = Date.now): ExchangeCooldown {
  let state: { until: number; asked: boolean } | undefined;
  const current = (): CoolDown | undefined => {
    if (state === undefined) return undefined;
    const leftMs = state.until - now();
    return leftMs > 0 ? { ...state, leftMs } : undefined;
  };
  return {
    current,
    failed(retryAfterMs) {
      const asked = retryAfterMs !== undefined;
      const until = now() + (retryAfterMs ?? FAULT_COOLDOWN_MS);
      const running = current();
      // The longer wait stands; what the exchange asked for stays asked.
      if (running !== undefined && running.until >= until) {
        if (asked && !running.asked) state = { until: running.until, asked };
        return;
      }
      state = { until, asked: asked || running?.asked === true };
    },
    succeeded() {
      if (current()?.asked !== true) state = undefined;
    },
  };
}

/** "13:05 UTC": when a cool-down ends, for a refusal or a log line. */
export function clockOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** Why nothing was asked of `exchange`, for a log or a CLI line. */
export function coolingWords(exchange: string, waiting: CoolDown): string {
  return waiting.asked
    ? `not asked: ${exchange} asked us to wait until ${clockOf(waiting.until)}`
    : `not asked: ${exchange} failed a request a moment ago; asking again after ${clockOf(waiting.until)}`;
}

/** The refusal of a new pair's backfill while the exchange cools down: when to try again, not a long wait. */
export function coolingRefusal(symbol: string, exchange: string, waiting: CoolDown): UserError {
  const until = clockOf(waiting.until);
  const params = { symbol, exchange, until };
  const message = waiting.asked
    ? `${exchange} asked us to wait until ${until} before asking it again, so I cannot fetch the history of ` +
      `${symbol} yet. Nothing was stored; try again after ${until}.`
    : `${exchange} did not answer a moment ago, so I am not asking it for the history of ${symbol} before ` +
      `${until}. Nothing was stored; try again then.`;
  return new UserError(message, {
    code: "backfill-failed",
    params: { ...params, context: waiting.asked ? "rateLimited" : "coolingDown" },
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
