import {
  BadResponse,
  BaseError,
  DDoSProtection,
  type Exchange,
  NetworkError,
  type OHLCV,
  RateLimitExceeded,
} from "ccxt";
import pRetry from "p-retry";
import type { Logger } from "../logger.js";
import { clockOf, createExchangeCooldown, type ExchangeCooldown } from "./cooldown.js";
import { ExchangeRequestError } from "./exchange-errors.js";
import { type Candle, SETTLE_MS, TIMEFRAME_MS } from "./types.js";

const FOUR_HOURS = TIMEFRAME_MS["4h"];

/** How long to wait between attempts. Injectable so that tests run in milliseconds. */
export interface Backoff {
  /** Delay before the first retry (ms); each later one is `factor` times longer, up to `maxTimeoutMs`. */
  minTimeoutMs: number;
  maxTimeoutMs: number;
  factor: number;
  /** Spread delays by a random factor of 1 to 2, so that clients that failed together do not retry together. */
  randomize: boolean;
  /**
   * Longest Retry-After (ms) a retry waits out after a 429/418 when someone may be waiting (the CLI's
   * backfill); past it the request fails at once, and nothing is asked again before it ends (cooldown.ts).
   */
  maxRetryAfterMs: number;
  /** The same bound for the scheduled refresh (RetryPolicy.scheduled), which nobody waits for. */
  maxScheduledRetryAfterMs: number;
}

/**
 * The longest Retry-After the scheduled refresh waits out before it retries. Nobody waits for its answer,
 * and giving up costs the period's close until the next refresh 4 h later (catch-up only fetches a pair
 * more than two periods behind); Binance's 429 asks for the rest of the minute, 31 to 60 s routinely. A
 * longer wait (a 418 ban) is not waited out: that refresh ends stale, and the candles come with the next
 * refresh or a forecast's, once the wait has ended.
 */
export const SCHEDULED_MAX_RETRY_AFTER_MS = 5 * 60_000;

export const DEFAULT_BACKOFF: Backoff = {
  minTimeoutMs: 1_000,
  maxTimeoutMs: 15_000,
  factor: 2,
  randomize: true,
  maxRetryAfterMs: 30_000,
  maxScheduledRetryAfterMs: SCHEDULED_MAX_RETRY_AFTER_MS,
};

export interface RetryPolicy {
  /** Retries after the first attempt (config.exchange.retries). */
  retries: number;
  backoff: Backoff;
  /** The process's exchange cool-down (cooldown.ts); absent: one of this call's own. */
  cooldown?: ExchangeCooldown;
  /** Someone waits for the answer: no retry once the exchange failed (the stored data are served at once). */
  asked?: boolean;
  /** The scheduled refresh, which nobody waits for: it waits out a Retry-After up to maxScheduledRetryAfterMs. */
  scheduled?: boolean;
}

/**
 * A ccxt error as an {@link ExchangeRequestError}, retryable for ccxt's NetworkError family; anything else
 * (an abort, a bug of ours) as it is.
 */
function fromCcxt(error: unknown): unknown {
  if (!(error instanceof BaseError)) return error;
  return new ExchangeRequestError(error, { unreachable: error instanceof NetworkError });
}

/** Whether the error says a second try may pass (see ExchangeRequestError). */
const retryable = (error: Error) => error instanceof ExchangeRequestError && error.retryable;

/** Waits `ms`, or rejects with the signal's reason once it aborts (a shutdown does not wait out a Retry-After). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) return reject(signal.reason);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal?.addEventListener("abort", stop, { once: true });
  });

/**
 * The Retry-After (ms) of a 429/418, read from ccxt's last response headers, which with concurrent requests
 * may belong to another response; undefined for any other failure.
 */
function retryAfterOf(exchange: Exchange, error: ExchangeRequestError): number | undefined {
  if (!(error.cause instanceof DDoSProtection)) return undefined;
  const seconds = Number(exchange.last_response_headers?.["Retry-After"]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Runs `operation`, retrying the failures that say they are retryable with exponential backoff (p-retry);
 * a ccxt error leaves as an ExchangeRequestError. Every unreachable failure sets the cool-down (cooldown.ts);
 * while one the exchange asked for runs (Retry-After), nothing is sent: a retry waits it out when it is no
 * longer than `maxRetryAfterMs` (`maxScheduledRetryAfterMs` for the scheduled refresh), else the call fails at
 * once. A caller that is `asked` gets no retry once any cool-down runs.
 */
export function withRetry<T>(
  exchange: Exchange,
  operation: () => Promise<T>,
  policy: RetryPolicy,
  logger: Logger,
  signal?: AbortSignal,
): Promise<T> {
  const { backoff } = policy;
  const maxWaitMs = policy.scheduled === true ? backoff.maxScheduledRetryAfterMs : backoff.maxRetryAfterMs;
  const cooldown = policy.cooldown ?? createExchangeCooldown();
  // The end of the Retry-After this call has waited out (on a clock the cool-down's may not be: a test's).
  let waitedOut = 0;
  const attempt = async () => {
    const waiting = cooldown.current();
    if (waiting?.askedUntil !== undefined && waiting.askedUntil > waitedOut) {
      const words = `${exchange.id}: not sent; it asked us to wait until ${clockOf(waiting.askedUntil)}`;
      throw new ExchangeRequestError(new RateLimitExceeded(words), { unreachable: true });
    }
    try {
      const result = await operation();
      cooldown.succeeded();
      return result;
    } catch (error) {
      const mapped = fromCcxt(error);
      if (mapped instanceof ExchangeRequestError && mapped.retryable)
        cooldown.failed(retryAfterOf(exchange, mapped));
      throw mapped;
    }
  };
  const retrying = (error: Error & { retriesLeft?: number }) => {
    if (!retryable(error) || (error.retriesLeft ?? 1) <= 0) return false;
    const waiting = cooldown.current();
    if (waiting === undefined) return true;
    if (policy.asked === true) return false;
    return waiting.askedLeftMs === undefined || waiting.askedLeftMs <= maxWaitMs;
  };
  return pRetry(attempt, {
    // Aborting ends the backoff waits at once; a request already sent still runs to its timeout.
    ...(signal === undefined ? {} : { signal }),
    retries: policy.retries,
    minTimeout: backoff.minTimeoutMs,
    maxTimeout: backoff.maxTimeoutMs,
    factor: backoff.factor,
    randomize: backoff.randomize,
    shouldRetry: retrying,
    onFailedAttempt: async (error) => {
      // p-retry 6 also calls this after shouldRetry said no; only announce real retries.
      if (!retrying(error)) return;
      logger.warn(
        { err: error.message, attempt: error.attemptNumber, retriesLeft: error.retriesLeft },
        "exchange request failed; retrying",
      );
      const waiting = cooldown.current();
      if (waiting?.askedUntil !== undefined && waiting.askedLeftMs !== undefined) {
        await sleep(waiting.askedLeftMs, signal);
        waitedOut = waiting.askedUntil;
      }
    },
  });
}

export interface FetchClosedCandlesOptions {
  /** Open time (ms) of the first candle wanted: one period after the last stored candle. */
  since: number;
  /** Current time (ms): candles that have not closed by then are never returned. */
  now: number;
  retry: RetryPolicy;
  logger: Logger;
  /** Candles per request; Binance serves at most 1000. */
  pageLimit?: number;
  /** Stops between requests and retries (rejecting with the signal's reason). */
  signal?: AbortSignal;
  /**
   * A candle counts as closed only this long (ms) after its close time: the exchange may settle its
   * last trade a moment late, and our clock may run ahead of the exchange's.
   */
  settleMs?: number;
}

/**
 * Fetches the closed 4h candles from `since` up to now, one page per request, oldest first. Each page
 * is retried on its own, so a fault late in a long catch-up does not repeat the pages before it; the
 * caller can store each page as it comes and keep what it got if a later page fails.
 *
 * @throws ExchangeRequestError: the last one once retries are spent (retryable: ccxt's NetworkError), or
 *   at once for ccxt's ExchangeError, BadSymbol and BadResponse (malformed candles included).
 */
export async function* fetchClosedCandles(
  exchange: Exchange,
  symbol: string,
  options: FetchClosedCandlesOptions,
): AsyncGenerator<Candle[], void, undefined> {
  const limit = options.pageLimit ?? 1000;
  const closedBy = options.now - (options.settleMs ?? SETTLE_MS);
  const isClosed = (time: number) => time + FOUR_HOURS <= closedBy;
  let since = options.since;

  while (isClosed(since)) {
    options.signal?.throwIfAborted();
    const rows = await withRetry(
      exchange,
      async () => {
        await ensureMarkets(exchange);
        return exchange.fetchOHLCV(symbol, "4h", since, limit);
      },
      options.retry,
      options.logger,
      options.signal,
    );
    const page = rows.map((row) => toCandle(row, exchange.id, symbol)).filter((c) => c.time >= since);
    const closed = page.filter((c) => isClosed(c.time));
    if (closed.length > 0) yield closed;

    const last = page.at(-1);
    // Caught up: an empty or short page, or the still-open candle reached.
    if (last === undefined || rows.length < limit || closed.length < page.length) return;
    since = last.time + FOUR_HOURS;
  }
}

/**
 * ccxt caches a failed loadMarkets() and hands the same rejection to every later call, so after one
 * network fault at start-up no retry could ever succeed. Asking for a reload while no markets are
 * loaded starts a fresh request instead (concurrent callers still share one).
 */
async function ensureMarkets(exchange: Exchange): Promise<void> {
  if (exchange.markets === undefined || exchange.markets === null) {
    await exchange.loadMarkets(true);
  }
}

function toCandle(row: OHLCV, exchangeId: string, symbol: string): Candle {
  const [time, open, high, low, close, volume] = row;
  const values = [time, open, high, low, close, volume];
  if (!values.every((v) => typeof v === "number" && Number.isFinite(v))) {
    const malformed = new BadResponse(
      `${exchangeId} sent a malformed ${symbol} candle: ${JSON.stringify(row)}`,
    );
    throw new ExchangeRequestError(malformed, { unreachable: false });
  }
  return {
    time: time as number,
    open: open as number,
    high: high as number,
    low: low as number,
    close: close as number,
    volume: volume as number,
  };
}
