import type { Exchange } from "ccxt";
import type { Logger } from "../logger.js";
import type { RetryPolicy } from "./fetch-candles.js";

/** One spot pair the exchange lists, with how much trades in it (quote currency, last 24 h; 0 if unknown). */
export interface ListedMarket {
  symbol: string;
  base: string;
  quote: string;
  quoteVolume: number;
}

/**
 * Whether the list is in liquidity order: the tickers call answered, or why not. Without it every volume is
 * 0 (or the market's own figure) and the order is the symbols' alphabet, fine for a list of names, wrong for
 * a choice of "the most liquid".
 */
export type VolumesLoaded = { loaded: true } | { loaded: false; reason: string };

export type MarketsResult =
  | { status: "ok"; markets: readonly ListedMarket[]; fetchedAt: number; volumes: VolumesLoaded }
  /** The exchange could not be asked (offline, down, refused): only stored series can be served. */
  | { status: "unavailable"; reason: string };

/** The exchange's spot pairs, loaded on first use and again once a day, most liquid first. */
export interface ListedMarkets {
  /** The list, loading or reloading it when it is missing or a day old; concurrent callers share one load. */
  get(): Promise<MarketsResult>;
  /** The last list loaded, without asking the exchange (autocomplete must answer within Discord's 3 s). */
  cached(): readonly ListedMarket[] | undefined;
  /** Whether the last load failed less than a minute ago: the exchange is not answering right now. */
  unreachable(): boolean;
}

const SYMBOL_SHAPE = /^[A-Z0-9]+\/[A-Z0-9]+$/;

export const MARKETS_TTL_MS = 86_400_000;
/** After a failed load, ask again no sooner than this: a dead exchange should not cost every request a timeout. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export function createListedMarkets(deps: {
  exchange: Exchange | (() => Promise<Exchange>);
  logger: Logger;
  now?: () => number;
  /** Retries of the tickers call (a backfill's choice of pairs rests on it); none by default. */
  tickersRetry?: RetryPolicy;
}): ListedMarkets {
  const now = deps.now ?? Date.now;
  let last: MarketsResult | undefined;
  let lastAt = 0;
  let loading: Promise<MarketsResult> | undefined;
  // When the last load failed; undefined once one succeeds.
  let failedAt: number | undefined;

  const load = async (): Promise<MarketsResult> => {
    try {
      const client = typeof deps.exchange === "function" ? await deps.exchange() : deps.exchange;
      const markets = await client.loadMarkets(true);
      const spot = Object.values(markets).filter(
        (m): m is NonNullable<typeof m> =>
          m !== undefined && m.spot === true && m.active !== false && Boolean(m.base) && Boolean(m.quote),
      );
      const { volumes, loaded } = await quoteVolumes(client, deps.logger, deps.tickersRetry);
      const listed = spot
        .map((m) => ({
          symbol: `${m.base}/${m.quote}`,
          base: String(m.base),
          quote: String(m.quote),
          quoteVolume: volumes.get(`${m.base}/${m.quote}`) ?? infoVolume(m.info),
        }))
        // The same shape SYMBOLS accepts: a symbol becomes a file name in the store.
        .filter((m) => SYMBOL_SHAPE.test(m.symbol))
        .sort((a, b) => b.quoteVolume - a.quoteVolume || a.symbol.localeCompare(b.symbol));
      deps.logger.info({ markets: listed.length }, "exchange markets loaded");
      return { status: "ok", markets: listed, fetchedAt: now(), volumes: loaded };
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message.slice(0, 160)}` : String(error);
      deps.logger.warn({ err: reason }, "could not load the exchange's markets");
      return { status: "unavailable", reason };
    }
  };

  const fresh = () => {
    if (last === undefined) return false;
    const age = now() - lastAt;
    // A list without volumes is asked for again like a failure: autocomplete should not be alphabetical all day.
    return last.status === "ok" && last.volumes.loaded ? age < MARKETS_TTL_MS : age < RETRY_AFTER_FAILURE_MS;
  };

  return {
    async get() {
      if (fresh() && last !== undefined) return last;
      loading ??= load().then((result) => {
        loading = undefined;
        // A failed reload keeps yesterday's list: the markets rarely change, and backfills fail on their own.
        // So does one without volumes, when yesterday's had them: yesterday's order beats none.
        const kept = last !== undefined && rank(result) < rank(last) ? last : result;
        last = kept;
        lastAt = now();
        failedAt = result.status === "ok" ? undefined : lastAt;
        return kept;
      });
      return loading;
    },
    cached: () => (last?.status === "ok" ? last.markets : undefined),
    unreachable: () => failedAt !== undefined && now() - failedAt < RETRY_AFTER_FAILURE_MS,
  };
}

/** How good a load is: failed, listed without volumes, listed in liquidity order. */
function rank(result: MarketsResult): number {
  if (result.status === "unavailable") return 0;
  return result.volumes.loaded ? 2 : 1;
}

/**
 * 24 h quote volume per symbol from one tickers request (with `retry`, retried as candle requests are);
 * empty, with the reason, when the exchange has no such call or it fails.
 */
async function quoteVolumes(
  client: Exchange,
  logger: Logger,
  retry: RetryPolicy | undefined,
): Promise<{ volumes: Map<string, number>; loaded: VolumesLoaded }> {
  const volumes = new Map<string, number>();
  if (client.has.fetchTickers !== true)
    return { volumes, loaded: { loaded: false, reason: "the exchange has no tickers call" } };
  try {
    const fetch = () => client.fetchTickers();
    // Imported here: fetch-candles loads ccxt, which a forecast from stored candles never needs.
    const tickers = await (retry === undefined
      ? fetch()
      : import("./fetch-candles.js").then(({ withRetry }) => withRetry(client, fetch, retry, logger)));
    for (const [symbol, ticker] of Object.entries(tickers)) {
      const v = ticker.quoteVolume;
      if (typeof v === "number" && Number.isFinite(v)) volumes.set(symbol, v);
    }
    return { volumes, loaded: { loaded: true } };
  } catch (error) {
    // The list stands without the order; whoever needs the order is told (`volumes` of the result).
    // Whole: the caller that shows it shortens it its own way.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.warn({ err: reason.slice(0, 200) }, "no tickers: the markets are listed without their volumes");
    return { volumes, loaded: { loaded: false, reason } };
  }
}

/** Some exchanges put a volume in the market's raw info; 0 when there is none. */
function infoVolume(info: unknown): number {
  const raw = (info as Record<string, unknown> | undefined)?.quoteVolume;
  const v = typeof raw === "string" || typeof raw === "number" ? Number(raw) : Number.NaN;
  return Number.isFinite(v) ? v : 0;
}
