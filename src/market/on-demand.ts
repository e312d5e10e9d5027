import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ListedMarkets } from "./listed-markets.js";
import { resolveSymbol, typedPair } from "./symbols.js";
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

/** One pair fetched on demand, kept while it is among the MAX_SYMBOLS most recently used. */
interface Entry {
  symbol: string;
  /** Last forecast asked for it (ms). */
  lastUsed: number;
  /** Last time its candles were fetched (ms): a newer 4h close means an update is due. */
  checkedAt: number;
}

export interface OnDemandDeps {
  store: CandleStore & { remove?(key: SeriesKey): Promise<void> };
  listed: ListedMarkets;
  /** JSON file that remembers the pairs kept and when each was last used, across restarts. */
  registryFile: string;
  /** MAX_SYMBOLS: on-demand pairs kept at most; 0 turns fetching new pairs off. */
  maxSymbols: number;
  exchangeId: string;
  /** The configured SYMBOLS, refreshed on schedule: never on-demand, never dropped. */
  configured: readonly string[];
  keyOf(symbol: string): SeriesKey;
  /** Every closed 4h candle from `since`, all pages at once; rejects on any exchange fault. */
  fetchHistory(symbol: string, since: number): Promise<Candle[]>;
  /** Short words for an exchange fault (no response bodies). */
  describeFault(error: unknown): string;
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

export interface OnDemandSeries {
  /** The on-demand pairs kept now (after the registry was read; empty before). */
  symbols(): readonly string[];
  /**
   * Reads the registry of kept pairs (once; `ensure` does too) and drops the least recently used past
   * MAX_SYMBOLS, files and all: a MAX_SYMBOLS lowered since the last run applies here, not at the next backfill.
   */
  load(): Promise<void>;
  /**
   * Resolves what a user typed to a servable pair: a configured one, a kept on-demand one (marked used), or
   * a pair the exchange lists, whose history is then backfilled (once, however many ask at the same time;
   * `onFetching` is called for each caller that waits on it).
   * @throws UserError: unlisted (with suggestions), exchange unreachable (only the stored pairs), backfill failed.
   */
  ensure(
    input: string,
    options?: { onFetching?: (symbol: string) => Promise<void> | void },
  ): Promise<Ensured>;
  /** Notes that `symbol`'s candles were just fetched. */
  checked(symbol: string): void;
}

export function createOnDemandSeries(deps: OnDemandDeps): OnDemandSeries {
  const { logger, now } = deps;
  const entries = new Map<string, Entry>();
  const backfills = new Map<string, Promise<void>>();
  let loaded: Promise<void> | undefined;
  let saving: Promise<void> = Promise.resolve();

  const load = () => {
    loaded ??= readFile(deps.registryFile, "utf8")
      .then((text) => {
        for (const entry of parseRegistry(text)) entries.set(entry.symbol, entry);
      })
      .catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT")
          logger.warn(
            { err: error, file: deps.registryFile },
            "on-demand registry unreadable; starting empty",
          );
      })
      .then(async () => {
        if (entries.size <= deps.maxSymbols) return;
        await evict();
        await save();
      })
      // A store that cannot delete (disk) must not stop every later request: the bound applies next time.
      .catch((error: unknown) =>
        logger.warn({ err: error }, "could not drop the on-demand series past MAX_SYMBOLS"),
      );
    return loaded;
  };

  // Saves run one after another, each writing the latest state atomically.
  const save = () => {
    saving = saving.then(async () => {
      await mkdir(dirname(deps.registryFile), { recursive: true });
      const symbols = [...entries.values()].sort((a, b) => b.lastUsed - a.lastUsed);
      await writeFileAtomic(deps.registryFile, `${JSON.stringify({ symbols }, null, 2)}\n`);
    });
    saving = saving.catch((error: unknown) =>
      logger.warn({ err: error }, "could not save the on-demand registry"),
    );
    return saving;
  };

  const evict = async () => {
    const byAge = [...entries.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    while (byAge.length > deps.maxSymbols) {
      const old = byAge.shift() as Entry;
      entries.delete(old.symbol);
      await deps.store.remove?.(deps.keyOf(old.symbol));
      logger.info(
        { symbol: old.symbol, lastUsed: new Date(old.lastUsed).toISOString(), maxSymbols: deps.maxSymbols },
        "dropped the least recently used on-demand series (MAX_SYMBOLS)",
      );
    }
  };

  const backfill = async (symbol: string): Promise<void> => {
    const at = now();
    const key = deps.keyOf(symbol);
    // A series left by a crash between the store write and the registry save is adopted, not fetched again.
    const stored = await deps.store.read(key);
    if (stored.candles.length === 0) {
      const since = Math.floor((at - BACKFILL_DAYS * DAY) / FOUR_HOURS) * FOUR_HOURS;
      logger.info({ symbol, since: new Date(since).toISOString() }, "backfilling a pair outside SYMBOLS");
      const candles = await fetchBackfill(deps, symbol, since);
      const result = await deps.store.append(key, candles, at);
      logger.info(
        { symbol, added: result.added, rejected: result.rejected.length },
        "on-demand series stored",
      );
    }
    entries.set(symbol, { symbol, lastUsed: at, checkedAt: at });
    await evict();
    await save();
  };

  const onDemandSymbols = () => [...entries.keys()];

  return {
    symbols: onDemandSymbols,
    load,
    checked(symbol) {
      const entry = entries.get(symbol);
      if (entry === undefined) return;
      entry.checkedAt = now();
      void save();
    },
    async ensure(input, options = {}) {
      try {
        return { symbol: resolveSymbol(input, deps.configured), onDemand: false, due: false };
      } catch (error) {
        if (!isUnknown(error)) throw error;
      }
      await load();
      const kept = tryResolve(input, onDemandSymbols());
      if (kept !== undefined && !backfills.has(kept)) {
        const entry = entries.get(kept) as Entry;
        const at = now();
        entry.lastUsed = at;
        void save();
        const closed = (t: number) => Math.floor((t - SETTLE_MS) / FOUR_HOURS);
        return { symbol: kept, onDemand: true, due: closed(at) > closed(entry.checkedAt) };
      }

      const markets = await deps.listed.get();
      if (markets.status === "unavailable")
        throw notKeptError(input, [...deps.configured, ...onDemandSymbols()], deps.exchangeId);
      const symbol = resolveSymbol(
        input,
        markets.markets.map((m) => m.symbol),
      );
      if (deps.configured.includes(symbol)) return { symbol, onDemand: false, due: false };
      if (deps.maxSymbols === 0) {
        throw new UserError(
          `${symbol} is listed, but this bot serves only ${deps.configured.join(", ")} (MAX_SYMBOLS is 0).`,
          { code: "on-demand-off" },
        );
      }
      let running = backfills.get(symbol);
      const known = entries.get(symbol);
      if (running === undefined && known !== undefined) {
        known.lastUsed = now();
        void save();
        return { symbol, onDemand: true, due: false };
      }
      if (running === undefined) {
        running = backfill(symbol).finally(() => backfills.delete(symbol));
        backfills.set(symbol, running);
      }
      await options.onFetching?.(symbol);
      await running;
      return { symbol, onDemand: true, due: false };
    },
  };
}

function isUnknown(error: unknown): boolean {
  return error instanceof UserError && error.code === "unknown-symbol";
}

function tryResolve(input: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  try {
    return resolveSymbol(input, known);
  } catch (error) {
    if (isUnknown(error)) return undefined;
    throw error;
  }
}

/** The close kept pairs resolveSymbol would suggest for `input` (none when it resolves or is far off). */
function suggestionsAmong(input: string, known: readonly string[]): readonly string[] {
  try {
    resolveSymbol(input, known);
    return [];
  } catch (error) {
    return error instanceof UserError ? error.suggestions : [];
  }
}

/** The registry file's entries, each checked: a malformed one is skipped, not trusted. */
function parseRegistry(text: string): Entry[] {
  const parsed = JSON.parse(text) as { symbols?: unknown };
  const entries: Entry[] = [];
  for (const e of Array.isArray(parsed.symbols) ? parsed.symbols : []) {
    const entry = e as Partial<Entry>;
    if (typeof entry.symbol !== "string" || !/^[A-Z0-9]+\/[A-Z0-9]+$/.test(entry.symbol)) continue;
    entries.push({
      symbol: entry.symbol,
      lastUsed: Number(entry.lastUsed) || 0,
      checkedAt: Number(entry.checkedAt) || 0,
    });
  }
  return entries;
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
    const reason = deps.describeFault(error);
    deps.logger.warn({ symbol, err: reason }, "backfill failed; nothing stored");
    throw new UserError(
      `I could not fetch the history of ${symbol} from ${deps.exchangeId} (${reason}). Nothing was stored; ` +
        "try again in a minute.",
      { code: "backfill-failed", cause: error },
    );
  }
  if (candles.length === 0)
    throw new UserError(`${deps.exchangeId} has no 4h candles for ${symbol} yet.`, { code: "no-candles" });
  return candles;
}

/** What a pair the bot does not keep gets while the exchange cannot be asked whether it lists it. */
function notKeptError(input: string, keptPairs: readonly string[], exchangeId: string): UserError {
  // A typo of a kept pair (`BTCC`) is worth naming, as when the exchange answers.
  const near = suggestionsAmong(input, keptPairs);
  // Say what was asked: "NOPE/USDT is not one of the pairs I keep", not only what is kept.
  const asked = typedPair(input, keptPairs);
  return new UserError(
    `${asked === undefined ? "That is not one of the pairs I keep" : `${asked} is not one of the pairs I keep`}` +
      `, and I cannot reach ${exchangeId} to look it up; right now I can serve only ${keptPairs.join(", ")}.` +
      (near.length > 0 ? ` Did you mean ${near.join(", ")}?` : ""),
    { code: "exchange-unavailable", suggestions: near },
  );
}
