import type { Exchange } from "ccxt";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { coolingWords, createExchangeCooldown, gatedClient, refuseWhileCooling } from "./cooldown.js";
import { ExchangeRequestError } from "./exchange-errors.js";
import { describeFault } from "./fault-words.js";
import type { Backoff } from "./fetch-candles.js";
import { findGaps } from "./gaps.js";
import { describeSeries, type LoadedCandles, loadCandles, type SeriesStatus, seriesKey } from "./history.js";
import { createListedMarkets } from "./listed-markets.js";
import { corpusLister } from "./offline-pairs.js";
import { createOnDemandSeries, type Ensured, type EnsureOptions } from "./on-demand.js";
import { SHIPPED_EXCHANGE } from "./shipped.js";
import { resolveSymbol } from "./symbols.js";
import { type Candle, type CandleStore, TIMEFRAME_MS, type Timeframe } from "./types.js";

export { shortReason } from "./fault-words.js";

/**
 * Where a series with no stored candle starts fetching (an exchange other than binance, which has no
 * shipped history). Exchanges answer a start before a pair's listing with its first candles.
 */
const BOOTSTRAP_SINCE = Date.UTC(2017, 0, 1);

/**
 * Gaps this recent are asked for again on every update: a candle the store rejected (high < low, say) or
 * that the exchange did not serve yet may be served valid now. Older gaps (the shipped maintenance
 * windows) are taken as final, so a permanent hole costs at most a week of one extra page per update.
 */
export const RECHECK_GAPS_MS = 7 * 86_400_000;

/** Where the next fetch starts: after the last stored candle, or at the oldest recent gap. */
export function resumeFrom(candles: readonly Candle[]): number {
  const last = candles.at(-1)?.time;
  if (last === undefined) return BOOTSTRAP_SINCE;
  let first = candles.length - 1;
  while (first > 0 && (candles[first - 1] as Candle).time >= last - RECHECK_GAPS_MS) first -= 1;
  const gap = findGaps(candles.slice(Math.max(0, first - 1))).find((g) => g.to > last - RECHECK_GAPS_MS);
  return gap === undefined ? last + TIMEFRAME_MS["4h"] : Math.max(gap.from, last - RECHECK_GAPS_MS);
}

/** What `update` did for one symbol. `asOf` is the open time of the newest stored 4h candle (ms). */
export type UpdateResult =
  | {
      status: "updated";
      symbol: string;
      added: number;
      replaced: number;
      rejected: number;
      asOf: number | null;
    }
  | {
      /** The exchange failed (after retries where a retry made sense); stored data stand as they were. */
      status: "stale";
      symbol: string;
      /** Candles of earlier pages that did arrive and were stored before the failure. */
      added: number;
      replaced: number;
      rejected: number;
      asOf: number | null;
      /** Why, in words fit for a log or a CLI line. */
      reason: string;
    };

export interface UpdateOptions {
  signal?: AbortSignal;
  /**
   * Asked by someone waiting for this answer (a forecast): while the exchange cools down (cooldown.ts: it
   * failed a request a moment ago, or asked us to wait) nothing is asked and the stored candles stand, stale;
   * else one try, no retry once it fails (within a minute of the exchange failing to list its markets too).
   * The scheduled refresh keeps its retries: one failed request must not cost a whole period's candles.
   */
  asked?: boolean;
}

/** The one entry point the rest of Coincast uses for candles. */
export interface MarketData {
  /** The configured symbols, canonical, in config order. */
  readonly symbols: readonly string[];
  /**
   * Canonical symbol for what a user typed (`btc`, `BTCUSDT`, `btc/usdt`).
   * @throws UserError with suggestions when it is not a configured symbol.
   */
  resolve(input: string): string;
  /**
   * Fetches the closed 4h candles that are new since the last stored one and stores them. Exchange
   * faults never throw: they give `status: "stale"` and a logged warning.
   * @throws UserError for an unknown symbol (before any request), or a store error (disk); with `signal`,
   *   its reason once it is aborted (candles stored before that stay stored).
   */
  update(symbol: string, options?: UpdateOptions): Promise<UpdateResult>;
  /**
   * Gap-filled candles in `timeframe`, with provenance. With `refresh`, new candles are fetched first;
   * if the exchange fails, the stored ones are served with `provenance.stale = true`.
   * @throws UserError for an unknown symbol, or when no candle of that series is stored at all.
   */
  getCandles(symbol: string, timeframe: Timeframe, options?: { refresh?: boolean }): Promise<LoadedCandles>;
  /** First/last candle, count, gaps and source of one symbol in 4h, 1d and 1w (for `data status`). */
  status(symbol: string): Promise<SeriesStatus[]>;
  /**
   * Resolves what a user typed to a pair that can be served: a configured one, an on-demand one kept from
   * an earlier request, or (with `onDemand` set up) any spot pair the exchange lists, backfilled here once.
   * @throws UserError: unknown or unlisted (with suggestions), exchange unreachable, backfill failed.
   */
  ensure(input: string, options?: EnsureOptions): Promise<Ensured>;
  /** Listed pairs starting with what was typed, most liquid first, from the cached list (never waits). */
  suggest(typed: string, limit?: number): string[];
  /**
   * Reads the on-demand pairs kept across restarts, dropping the least recently used past MAX_SYMBOLS (so a
   * lowered MAX_SYMBOLS applies at start-up), and makes them resolvable. Start-up calls it; without it the
   * first on-demand request does. Nothing to do without on-demand pairs.
   */
  loadKept(): Promise<void>;
}

export interface MarketDataDeps {
  store: CandleStore;
  /**
   * The ccxt client, or a factory called on the first fetch: ccxt takes seconds to load, and reading the
   * stored candles (every forecast) never needs it.
   */
  exchange: Exchange | (() => Promise<Exchange>);
  config: Pick<Config, "exchange" | "symbols">;
  logger: Logger;
  /** Clock (ms); injectable so tests can place "now" relative to their candles. */
  now?: () => number;
  /** Retry delays; tests shorten them. The retry count comes from config.exchange.retries. */
  backoff?: Backoff;
  /** Grace after a candle's close before it counts as closed (ms); see fetchClosedCandles. */
  settleMs?: number;
  /**
   * Serving pairs outside SYMBOLS: the registry file of kept pairs and MAX_SYMBOLS, and the folders of the
   * training corpus (market/corpus.ts; what the store seeds from, binance only), whose pairs are served from
   * their shipped history while the exchange cannot be reached. Absent: SYMBOLS only, as before.
   */
  onDemand?: { registryFile: string; maxSymbols: number; corpusDirs?: readonly string[] };
}

/** Creates the market data service over one store and one ccxt client. */
export function createMarketData(deps: MarketDataDeps): MarketData {
  const { store, exchange, config, logger } = deps;
  const now = deps.now ?? Date.now;
  // One fetch per symbol at a time: callers asking together share it instead of doubling the requests.
  const inFlight = new Map<string, Promise<UpdateResult>>();
  // Set by every failed request of this process, read by every fetch path (cooldown.ts).
  const cooldown = createExchangeCooldown(now);

  const keyOf = (symbol: string) => seriesKey(config.exchange.id, symbol);
  const client = () => (typeof exchange === "function" ? exchange() : Promise.resolve(exchange));
  /** Closed candles of `symbol` from `since`, page by page; `asked`: someone waits (a forecast, a backfill). */
  const closedPages = async (
    symbol: string,
    since: number,
    at: number,
    signal?: AbortSignal,
    asked = false,
  ) => {
    const [{ fetchClosedCandles, DEFAULT_BACKOFF }, ccxtClient] = await Promise.all([
      import("./fetch-candles.js"),
      client(),
    ]);
    // Someone waits, and the exchange failed to list its markets within the last minute: one try.
    const retries = asked && listed?.unreachable() === true ? 0 : config.exchange.retries;
    return fetchClosedCandles(ccxtClient, symbol, {
      since,
      now: at,
      retry: { retries, backoff: deps.backoff ?? DEFAULT_BACKOFF, cooldown, asked, scheduled: !asked },
      logger: logger.child({ symbol }),
      ...(deps.settleMs === undefined ? {} : { settleMs: deps.settleMs }),
      ...(signal === undefined ? {} : { signal }),
    });
  };
  // The corpus pairs: the store seeds them for binance only.
  const corpus = corpusLister(
    config.exchange.id === SHIPPED_EXCHANGE ? deps.onDemand?.corpusDirs : undefined,
  );
  // While the exchange cools down, loading its markets fails at once (the pairs kept or shipped are served).
  const listing = { exchange: gatedClient(cooldown, config.exchange.id, client), logger, now };
  const listed = deps.onDemand === undefined ? undefined : createListedMarkets(listing);
  const onDemand =
    deps.onDemand === undefined || listed === undefined
      ? undefined
      : createOnDemandSeries({
          store,
          listed,
          registryFile: deps.onDemand.registryFile,
          maxSymbols: deps.onDemand.maxSymbols,
          exchangeId: config.exchange.id,
          configured: config.symbols,
          keyOf,
          fetchHistory: async (symbol, since) => {
            refuseWhileCooling(cooldown, symbol, config.exchange.id);
            const all: Candle[] = [];
            for await (const page of await closedPages(symbol, since, now(), undefined, true))
              all.push(...page);
            return all;
          },
          describeFault,
          corpusPairs: corpus.list,
          logger,
          now,
        });
  const servable = () =>
    onDemand === undefined ? config.symbols : [...config.symbols, ...onDemand.symbols()];
  const resolve = (input: string) => resolveSymbol(input, servable());

  const fetchNew = async (
    symbol: string,
    signal: AbortSignal | undefined,
    asked: boolean,
  ): Promise<UpdateResult> => {
    const key = keyOf(symbol);
    const stored = await store.read(key);
    const last = stored.candles.at(-1)?.time;
    const since = resumeFrom(stored.candles);
    if (last !== undefined && since <= last)
      logger.info({ symbol, from: new Date(since).toISOString() }, "asking again for a recent gap");
    const startedAt = now();
    const totals = { added: 0, replaced: 0, rejected: 0 };
    let asOf = last ?? null;
    const waiting = asked ? cooldown.current() : undefined;
    if (waiting !== undefined)
      return cooling(logger, symbol, asOf, coolingWords(config.exchange.id, waiting));
    const pages = await closedPages(symbol, since, startedAt, signal, asked);
    for (;;) {
      let next: IteratorResult<Candle[], void>;
      try {
        next = await pages.next();
      } catch (error) {
        // Only exchange faults become "stale"; a bug of ours (or a failing store append below) still throws.
        if (!(error instanceof ExchangeRequestError)) throw error;
        const reason = describeFault(error);
        // What a later try may cure is a warning; a refusal that will repeat is an error.
        const level = error.retryable ? "warn" : "error";
        logger[level]({ symbol, err: reason, asOf }, "exchange update failed; stored candles stand");
        return { status: "stale", symbol, ...totals, asOf, reason };
      }
      if (next.done === true) break;
      const result = await store.append(key, next.value, startedAt);
      totals.added += result.added;
      totals.replaced += result.replaced;
      totals.rejected += result.rejected.length;
      const refused = new Set(result.rejected.map((r) => r.candle.time));
      for (const candle of next.value) {
        if (!refused.has(candle.time)) asOf = Math.max(asOf ?? candle.time, candle.time);
      }
    }
    logger.info({ symbol, ...totals, asOf }, "candles updated");
    onDemand?.checked(symbol);
    return { status: "updated", symbol, ...totals, asOf };
  };

  const update = async (input: string, options: UpdateOptions = {}): Promise<UpdateResult> => {
    const symbol = resolve(input);
    const running = inFlight.get(symbol);
    // A caller joining a running fetch shares it, and the first caller's signal with it.
    if (running !== undefined) return running;
    const run = fetchNew(symbol, options.signal, options.asked === true).finally(() =>
      inFlight.delete(symbol),
    );
    inFlight.set(symbol, run);
    return run;
  };

  const getCandles = async (
    input: string,
    timeframe: Timeframe,
    options: { refresh?: boolean } = {},
  ): Promise<LoadedCandles> => {
    const symbol = resolve(input);
    const refreshed = options.refresh === true ? await update(symbol) : undefined;
    const loaded = await loadCandles(store, keyOf(symbol), timeframe);
    if (refreshed?.status !== "stale") return loaded;
    logger.warn(
      { symbol, timeframe, asOf: new Date(loaded.provenance.asOf).toISOString() },
      "serving stored candles: the exchange could not be reached",
    );
    return { ...loaded, provenance: { ...loaded.provenance, stale: true } };
  };

  return {
    symbols: config.symbols,
    resolve,
    update,
    getCandles,
    status: (input) => describeSeries(store, keyOf(resolve(input))),
    ensure: async (input, options = {}) => {
      if (onDemand !== undefined) return onDemand.ensure(input, options);
      return { symbol: resolve(input), onDemand: false, due: false };
    },
    loadKept: async () => onDemand?.load(),
    suggest: (typed, limit = 25) => {
      const markets = listed?.cached();
      // The first autocomplete starts the load (and reads which pairs ship, served while it fails).
      if (listed !== undefined && markets === undefined) {
        void listed.get();
        void corpus.list().catch(() => undefined);
      }
      // Listed pairs in the exchange's liquidity order; until the list is in, the pairs kept or shipped here.
      const pool =
        markets === undefined
          ? [...servable(), ...corpus.known()]
          : [...markets.map((m) => m.symbol), ...servable()];
      return byPrefix(typed, pool, limit);
    },
  };
}

/** Someone waits while the exchange cools down: nothing is asked, the stored candles stand, stale. */
function cooling(logger: Logger, symbol: string, asOf: number | null, reason: string): UpdateResult {
  logger.info({ symbol, asOf, reason }, "the exchange cools down; stored candles stand");
  return { status: "stale", symbol, added: 0, replaced: 0, rejected: 0, asOf, reason };
}

/** The symbols of `pool` (first occurrence, pool order) starting with what was typed, at most `limit`. */
function byPrefix(typed: string, pool: readonly string[], limit: number): string[] {
  const query = typed
    .trim()
    .toUpperCase()
    .replace(/[\s\-_:.]+/g, "/");
  const hits = new Set<string>();
  for (const symbol of pool) {
    if (hits.size >= limit) break;
    if (symbol.startsWith(query) || symbol.replace("/", "").startsWith(query)) hits.add(symbol);
  }
  return [...hits];
}
