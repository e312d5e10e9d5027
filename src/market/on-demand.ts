import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { withoutOrigins } from "./fault-words.js";
import type { ListedMarkets } from "./listed-markets.js";
import { createOfflineCorpus, tryResolveSymbol } from "./offline-pairs.js";
import { addChanges, type Change, type Entry, mergeChanges, openRegistryFile } from "./on-demand-registry.js";
import { resolveSymbol } from "./symbols.js";
import { type Candle, type CandleStore, type SeriesKey, TIMEFRAME_MS } from "./types.js";

const FOUR_HOURS = TIMEFRAME_MS["4h"];
const DAY = TIMEFRAME_MS["1d"];
/**
 * History fetched for a new pair: a year (the verdict's and the adaptive intervals' horizon) plus the daily
 * model's 60-day window and its indicators' warm-up. About 2,400 4h candles: three requests on Binance.
 */
export const BACKFILL_DAYS = 365 + 60;
/** A candle counts as closed this long after its close (as in fetchClosedCandles). */
const SETTLE_MS = 60_000;
/** How many 4h candles had closed (and settled) at `t`. */
const closedCount = (t: number) => Math.floor((t - SETTLE_MS) / FOUR_HOURS);
/** A 4h candle closed (at `at`) since the pair's series was last brought up to date. */
const isDue = (entry: { checkedAt: number }, at: number) => closedCount(at) > closedCount(entry.checkedAt);

export interface OnDemandDeps {
  store: CandleStore & { remove?(key: SeriesKey): Promise<void> };
  listed: ListedMarkets;
  /**
   * JSON file that remembers the pairs kept and when each was last used, across restarts, shared by the
   * replicas over one DATA_DIR (on-demand-registry.ts).
   */
  registryFile: string;
  /** MAX_SYMBOLS: on-demand pairs kept at most; 0 turns fetching new pairs off. */
  maxSymbols: number;
  exchangeId: string;
  /** The configured SYMBOLS, refreshed on schedule: never on-demand, never dropped. */
  configured: readonly string[];
  keyOf(symbol: string): SeriesKey;
  /**
   * Every closed 4h candle from `since`, all pages at once; rejects on any exchange fault, and with a UserError
   * (asking nothing) while the exchange cools down.
   */
  fetchHistory(symbol: string, since: number): Promise<Candle[]>;
  /** Short words for an exchange fault (no response bodies). */
  describeFault(error: unknown): string;
  /**
   * The pairs whose history ships as training corpus (market/corpus.ts); absent: none. While the exchange
   * cannot be reached, such a pair is served from its stored candles, as a kept pair is, with their date.
   */
  corpusPairs?(): Promise<readonly string[]>;
  logger: Logger;
  now: () => number;
}

export interface Ensured {
  symbol: string;
  /** True for a pair outside SYMBOLS. */
  onDemand: boolean;
  /** A 4h candle closed since its candles were last fetched: the caller should update it. */
  due: boolean;
}

export interface EnsureOptions {
  onFetching?: (symbol: string) => Promise<void> | void;
  /**
   * Only resolve, as a forecast would: the pair it would serve (or the same refusal), with nothing
   * backfilled, marked used or served offline (for /accuracy of a pair /forecast can serve).
   */
  lookUp?: boolean;
}

export interface OnDemandSeries {
  /**
   * The on-demand pairs kept now (after the registry was read; empty before), and the corpus pairs served
   * from their shipped history since the exchange could not be reached (never kept, never dropped).
   */
  symbols(): readonly string[];
  /**
   * Reads the registry of kept pairs (once; `ensure` does too) and drops the least recently used past
   * MAX_SYMBOLS, files and all: a MAX_SYMBOLS lowered since the last run applies here, not at the next backfill.
   */
  load(): Promise<void>;
  /**
   * Resolves what a user typed to a servable pair: a configured one, a kept on-demand one (marked used), or
   * a pair the exchange lists, whose history is then backfilled (once, however many ask at the same time;
   * `onFetching` is called for each caller that waits on it). While the exchange cannot be reached, a corpus
   * pair is served from its stored candles (due: the caller's refresh then says they are stale).
   * @throws UserError: unlisted (with suggestions), exchange unreachable (naming the kept and the corpus
   * pairs), backfill failed.
   */
  ensure(input: string, options?: EnsureOptions): Promise<Ensured>;
  /** Notes that `symbol`'s candles were just fetched. */
  checked(symbol: string): void;
}

export function createOnDemandSeries(deps: OnDemandDeps): OnDemandSeries {
  const { logger, now } = deps;
  const registry = openRegistryFile(deps.registryFile, logger);
  // This replica's view of the kept pairs: the file as of the last sync, plus what changed here since.
  const entries = new Map<string, Entry>();
  // What changed here since the last sync: all this replica adds to the file (other replicas write too).
  const pending = new Map<string, Change>();
  const backfills = new Map<string, Promise<void>>();
  // Corpus pairs served from their shipped history while the exchange cannot be reached.
  const offline = createOfflineCorpus({
    ...deps,
    kept: () => [...deps.configured, ...entries.keys()],
  });
  let loaded: Promise<void> | undefined;
  let saving: Promise<void> = Promise.resolve();

  const load = () => {
    loaded ??= registry.read().then(async (kept) => {
      for (const entry of kept) entries.set(entry.symbol, entry);
      if (entries.size > deps.maxSymbols) await save();
    });
    return loaded;
  };

  /** A pair used, fetched or (`adopted`) added here: in the view now, in the file at the next save. */
  const note = (entry: Entry, adopted = false) => {
    entries.set(entry.symbol, entry);
    addChanges(pending, [{ ...entry, adopted }]);
  };

  const holdsCandles = async (symbol: string) =>
    (await deps.store.read(deps.keyOf(symbol))).candles.length > 0;
  const drop = async (old: Entry) => {
    try {
      await deps.store.remove?.(deps.keyOf(old.symbol));
    } catch (error) {
      // A store that cannot delete (disk) must not stop every later request; its files are left behind.
      logger.warn({ err: error, symbol: old.symbol }, "could not drop the on-demand series past MAX_SYMBOLS");
      return;
    }
    logger.info(
      { symbol: old.symbol, lastUsed: new Date(old.lastUsed).toISOString(), maxSymbols: deps.maxSymbols },
      "dropped the least recently used on-demand series (MAX_SYMBOLS)",
    );
  };

  // Saves run one after another, each merging what changed here into the file under its lock, dropping the
  // least recently used past MAX_SYMBOLS of the merged set; the view is then the file's, plus what changed
  // during the save (saved by the save queued with it).
  const save = () => {
    saving = saving.then(async () => {
      const changes = [...pending.values()];
      pending.clear();
      let kept: Entry[];
      try {
        kept = await registry.update(changes, { maxSymbols: deps.maxSymbols, stored: holdsCandles, drop });
      } catch (error) {
        addChanges(pending, changes);
        throw error;
      }
      entries.clear();
      for (const entry of mergeChanges(kept, pending.values())) entries.set(entry.symbol, entry);
    });
    saving = saving.catch((error: unknown) =>
      logger.warn({ err: error }, "could not save the on-demand registry"),
    );
    return saving;
  };

  const backfill = async (symbol: string): Promise<void> => {
    const at = now();
    const key = deps.keyOf(symbol);
    // A series already stored that reaches back as far as a backfill would (the shipped corpus, or one left
    // by a crash between the store write and the registry save) is adopted, not fetched again: checked as of
    // its last candle's close, so that the caller's refresh fetches what closed since (a corpus series ends
    // months ago). A shorter one (a refresh by another replica that landed after that replica's drop) is
    // backfilled: the store merges the two.
    const since = Math.floor((at - BACKFILL_DAYS * DAY) / FOUR_HOURS) * FOUR_HOURS;
    const stored = await deps.store.read(key);
    const [first] = stored.candles;
    const last = stored.candles.at(-1);
    let checkedAt = at;
    if (first !== undefined && last !== undefined && first.time <= since)
      checkedAt = last.time + FOUR_HOURS + SETTLE_MS;
    else {
      logger.info({ symbol, since: new Date(since).toISOString() }, "backfilling a pair outside SYMBOLS");
      const candles = await fetchBackfill(deps, symbol, since);
      const result = await deps.store.append(key, candles, at);
      logger.info(
        { symbol, added: result.added, rejected: result.rejected.length },
        "on-demand series stored",
      );
    }
    note({ symbol, lastUsed: at, checkedAt }, true);
    offline.forget(symbol);
    await save();
  };

  /**
   * A pair in this replica's view, used; undefined when another replica dropped it, candle files and all,
   * since this view was synced (the store holds none): it leaves the view, and the caller backfills it
   * again rather than serving a pair with no candles.
   */
  const useKept = async (symbol: string): Promise<Ensured | undefined> => {
    const stored = await holdsCandles(symbol);
    // A save while the store was read may have taken it out of the view already (the file dropped it).
    const known = entries.get(symbol);
    if (known === undefined) return undefined;
    if (!stored) {
      entries.delete(symbol);
      pending.delete(symbol);
      logger.info({ symbol }, "an on-demand pair another replica dropped is asked for: backfilling it again");
      return undefined;
    }
    const entry = { ...known, lastUsed: now() };
    note(entry);
    void save();
    return { symbol, onDemand: true, due: isDue(entry, now()) };
  };

  const onDemandSymbols = () => [...entries.keys()];
  return {
    symbols: () => [...onDemandSymbols(), ...offline.symbols()],
    load,
    checked(symbol) {
      const entry = entries.get(symbol);
      if (entry === undefined) return;
      note({ ...entry, checkedAt: now() });
      void save();
    },
    async ensure(input, options = {}) {
      try {
        return { symbol: resolveSymbol(input, deps.configured), onDemand: false, due: false };
      } catch (error) {
        if (!isUnknown(error)) throw error;
      }
      await load();
      const kept = tryResolveSymbol(input, onDemandSymbols());
      if (kept !== undefined && options.lookUp === true) return { symbol: kept, onDemand: true, due: false };
      const used = kept === undefined || backfills.has(kept) ? undefined : await useKept(kept);
      if (used !== undefined) return used;

      const markets = await deps.listed.get();
      if (markets.status === "unavailable") {
        const found = options.lookUp === true ? await offline.find(input) : undefined;
        if (found !== undefined) return { symbol: found, onDemand: true, due: false };
        if (options.lookUp === true) throw await offline.refusal(input);
        const served = await offline.serve(input);
        if (served !== undefined) return { ...served, onDemand: true };
        throw await offline.refusal(input);
      }
      const symbol = resolveSymbol(
        input,
        markets.markets.map((m) => m.symbol),
      );
      if (deps.configured.includes(symbol)) return { symbol, onDemand: false, due: false };
      if (deps.maxSymbols === 0) {
        const configured = deps.configured.join(", ");
        throw new UserError(
          `${symbol} is listed, but this bot serves only ${configured} (MAX_SYMBOLS is 0).`,
          {
            code: "on-demand-off",
            params: { symbol, configured },
          },
        );
      }
      if (options.lookUp === true) return { symbol, onDemand: true, due: false };
      let running = backfills.get(symbol);
      if (running === undefined && entries.has(symbol)) {
        const again = await useKept(symbol);
        if (again !== undefined) return again;
        running = backfills.get(symbol);
      }
      if (running === undefined) {
        running = backfill(symbol).finally(() => backfills.delete(symbol));
        backfills.set(symbol, running);
      }
      await options.onFetching?.(symbol);
      await running;
      const entry = entries.get(symbol);
      return { symbol, onDemand: true, due: entry !== undefined && isDue(entry, now()) };
    },
  };
}

function isUnknown(error: unknown): boolean {
  return error instanceof UserError && error.code === "unknown-symbol";
}

/**
 * A new pair's history, all pages in memory first (then one atomic write: a fault half-way stores nothing).
 * @throws UserError when the exchange fails or has no candles for it.
 */
async function fetchBackfill(deps: OnDemandDeps, symbol: string, since: number): Promise<Candle[]> {
  let candles: Candle[];
  try {
    candles = await deps.fetchHistory(symbol, since);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const logged = deps.describeFault(error);
    deps.logger.warn({ symbol, err: logged }, "backfill failed; nothing stored");
    const reason = withoutOrigins(logged);
    throw new UserError(
      `I could not fetch the history of ${symbol} from ${deps.exchangeId} (${reason}). Nothing was stored; ` +
        "try again in a minute.",
      { code: "backfill-failed", params: { symbol, exchange: deps.exchangeId, reason }, cause: error },
    );
  }
  if (candles.length === 0)
    throw new UserError(`${deps.exchangeId} has no 4h candles for ${symbol} yet.`, {
      code: "no-candles",
      params: { timeframe: "4h", symbol, exchange: deps.exchangeId },
    });
  return candles;
}
