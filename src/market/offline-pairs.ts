import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { listCorpus } from "./corpus.js";
import { DEFAULT_QUOTE, resolveSymbol, typedPair } from "./symbols.js";
import type { CandleStore, SeriesKey } from "./types.js";

/** A corpus pair served while the exchange is unreachable asks it again no sooner than this (as ListedMarkets). */
const OFFLINE_RETRY_MS = 60_000;

export interface OfflineCorpusDeps {
  /** The pairs whose history ships as training corpus; absent: none. */
  corpusPairs?(): Promise<readonly string[]>;
  /** The pairs kept now (SYMBOLS and the on-demand ones): served as such, so not from here. */
  kept(): readonly string[];
  store: CandleStore;
  keyOf(symbol: string): SeriesKey;
  exchangeId: string;
  logger: Logger;
  now: () => number;
}

/**
 * What OnDemandSeries can serve while the exchange cannot be reached, beside the pairs it keeps: the pairs
 * whose history ships as training corpus (market/corpus.ts), each up to its last candle.
 */
export interface OfflineCorpus {
  /** The corpus pairs served so far while the exchange could not be reached. */
  symbols(): readonly string[];
  /**
   * The corpus pair `input` names, served from its stored candles as a kept pair is then, and due at most
   * once a minute (the refresh that fails marks them stale, so the reply gives their date; one that
   * succeeds brings them up to date); undefined when `input` names none.
   */
  serve(input: string): Promise<{ symbol: string; due: boolean } | undefined>;
  /** The corpus pair `input` names (the one `serve` would serve), with nothing served; undefined for none. */
  find(input: string): Promise<string | undefined>;
  /** The answer to anything else: {@link offlineRefusal} over the kept and the corpus pairs. */
  refusal(input: string): Promise<UserError>;
  /** `symbol` is kept now (the exchange came back): it is served as such from here on. */
  forget(symbol: string): void;
}

export function createOfflineCorpus(deps: OfflineCorpusDeps): OfflineCorpus {
  // When each corpus pair served was last due.
  const served = new Map<string, number>();
  // The newest candle of each corpus pair (reading every shipped series costs a disk read and a gunzip each), read again
  // once the pair was due (its refresh may have added candles).
  const lastTimes = new Map<string, Promise<number | undefined>>();
  const lastTime = (symbol: string) => {
    let known = lastTimes.get(symbol);
    if (known === undefined) {
      known = deps.store.read(deps.keyOf(symbol)).then(
        (stored) => stored.candles.at(-1)?.time,
        (error: unknown) => {
          deps.logger.warn({ err: error, symbol }, "could not read a corpus series; left out of the answer");
          lastTimes.delete(symbol);
          return undefined;
        },
      );
      lastTimes.set(symbol, known);
    }
    return known;
  };
  // An unreadable corpus folder or file costs its pairs, never the answer (the refusal must still come).
  const corpusPairs = async () => {
    const kept = new Set(deps.kept());
    let all: readonly string[] = [];
    try {
      all = (await deps.corpusPairs?.()) ?? [];
    } catch (error) {
      deps.logger.warn({ err: error }, "could not list the corpus pairs; serving the kept pairs only");
    }
    return all.filter((symbol) => !kept.has(symbol));
  };
  const find = async (input: string) => tryResolveSymbol(input, await corpusPairs());
  return {
    symbols: () => [...served.keys()],
    find,
    async serve(input) {
      const symbol = await find(input);
      if (symbol === undefined) return undefined;
      const at = deps.now();
      const dueAt = served.get(symbol);
      if (dueAt === undefined)
        deps.logger.info({ symbol }, "exchange unreachable: serving a corpus pair from its stored history");
      const due = dueAt === undefined || at - dueAt >= OFFLINE_RETRY_MS;
      if (due) {
        served.set(symbol, at);
        lastTimes.delete(symbol);
      }
      return { symbol, due };
    },
    async refusal(input) {
      const pairs = await Promise.all(
        (await corpusPairs()).map(async (symbol) => ({ symbol, lastTime: await lastTime(symbol) })),
      );
      const shipped = pairs.filter((p): p is ShippedPair => p.lastTime !== undefined);
      return offlineRefusal({ input, exchangeId: deps.exchangeId, kept: deps.kept(), shipped });
    },
    forget: (symbol) => served.delete(symbol),
  };
}

/**
 * The corpus pairs in `dirs` (none without), read again on each call (a backfill may add some); the last
 * list read stays at hand for autocomplete, which never waits.
 */
export function corpusLister(dirs: readonly string[] | undefined) {
  let known: readonly string[] = [];
  return {
    list: async (): Promise<readonly string[]> => {
      if (dirs === undefined) return known;
      known = (await listCorpus(dirs)).map((s) => s.symbol);
      return known;
    },
    known: () => known,
  };
}

/** A corpus pair and the open time (ms) of its newest stored 4h candle. */
interface ShippedPair {
  symbol: string;
  lastTime: number;
}

/**
 * The shipped pairs grouped by the UTC day their history ends, latest first, each group's day in brackets:
 * `AAVE, ADA (2025-07-15); XMR (2024-02-20)`. A pair against {@link DEFAULT_QUOTE} is named by its base.
 */
function describeShipped(pairs: readonly ShippedPair[]): string {
  const byDay = new Map<string, string[]>();
  for (const pair of [...pairs].sort((a, b) => b.lastTime - a.lastTime || a.symbol.localeCompare(b.symbol))) {
    const day = new Date(pair.lastTime).toISOString().slice(0, 10);
    const [base, quote] = pair.symbol.split("/");
    byDay.set(day, [...(byDay.get(day) ?? []), quote === DEFAULT_QUOTE && base ? base : pair.symbol]);
  }
  return [...byDay].map(([day, names]) => `${names.join(", ")} (${day})`).join("; ");
}

/**
 * The answer to a pair that is neither kept nor shipped while `exchangeId` cannot be reached: what was asked,
 * the close names among what can be served (a typo such as `BTCC` or `DOGEE`), and what can be served (the
 * shipped pairs to the day their history ends). Its params carry what was asked and the lists for a translation.
 */
function offlineRefusal(args: {
  input: string;
  exchangeId: string;
  kept: readonly string[];
  shipped: readonly ShippedPair[];
}): UserError {
  const { input, exchangeId, kept, shipped } = args;
  const servable = [...kept, ...shipped.map((p) => p.symbol)];
  const near = suggestionsAmong(input, servable);
  // Say what was asked: "NOPE/USDT is not one of the pairs I keep", not only what is kept.
  const asked = typedPair(input, servable);
  const listed = describeShipped(shipped);
  const quote = shipped.every((p) => p.symbol.endsWith(`/${DEFAULT_QUOTE}`)) ? `${DEFAULT_QUOTE} ` : "";
  const more =
    shipped.length === 0
      ? ""
      : `, and from their shipped history (to the day in brackets) ${shipped.length} more ` +
        `${quote}${shipped.length === 1 ? "pair" : "pairs"}: ${listed}`;
  const notKept =
    asked === undefined ? "That is not one of the pairs I keep" : `${asked} is not one of the pairs I keep`;
  return new UserError(
    `${notKept}, and I cannot reach ${exchangeId} to look it up.` +
      (near.length > 0 ? ` Did you mean ${near.join(", ")}?` : "") +
      ` Right now I can serve only ${kept.join(", ")}${more}.`,
    {
      code: "exchange-unavailable",
      suggestions: near,
      params: {
        ...(asked === undefined ? {} : { context: "named", asked }),
        servable: [kept.join(", "), ...(shipped.length === 0 ? [] : [listed])].join("; "),
      },
    },
  );
}

/** resolveSymbol, undefined for an unknown symbol (other refusals, such as too long an input, throw). */
export function tryResolveSymbol(input: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  try {
    return resolveSymbol(input, known);
  } catch (error) {
    if (error instanceof UserError && error.code === "unknown-symbol") return undefined;
    throw error;
  }
}

/** The close servable pairs resolveSymbol would suggest for `input` (none when it resolves or is far off). */
function suggestionsAmong(input: string, known: readonly string[]): readonly string[] {
  try {
    resolveSymbol(input, known);
    return [];
  } catch (error) {
    return error instanceof UserError ? error.suggestions : [];
  }
}
