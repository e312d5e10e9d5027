import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { lock } from "proper-lockfile";
import type { Logger } from "../logger.js";
import { replaceFile } from "../storage/durable-file.js";

/**
 * The registry file of the pairs kept on demand (DATA_DIR/candles/<exchange>/on-demand.json), shared by
 * every bot replica over one volume: each change is a read-merge-write of the whole file under a
 * cross-process lock, so that one replica's save never erases what another wrote since it last read.
 */

/** One pair fetched on demand, kept while it is among the MAX_SYMBOLS most recently used. */
export interface Entry {
  symbol: string;
  /** Last forecast asked for it (ms). */
  lastUsed: number;
  /** Last time its candles were fetched (ms): a newer 4h close means an update is due. */
  checkedAt: number;
}

/** What one replica did to a pair since its last sync: used it or fetched its candles, or adopted it. */
export interface Change extends Entry {
  /**
   * Added by this replica (backfilled or adopted from the store) since its last sync. A change to a pair
   * the file no longer holds is otherwise a use from a view older than another replica's drop, whose
   * candle files are gone with it: merged, it would be a kept pair with no candles.
   */
  adopted: boolean;
}

/**
 * The lock (a folder `<file>.lock`, proper-lockfile) is held for a read, a write and the drops: tens of
 * milliseconds, so a waiter polls often (20 ms, growing to 250 ms). A holder refreshes its time every
 * stale/2; one not refreshed for `stale` (a killed process) is taken over. The retries (about 14 s in all)
 * outlast `stale`, so a waiter does not give up on a dead holder's lock.
 */
const LOCK = {
  stale: 10_000,
  retries: { retries: 60, factor: 1.3, minTimeout: 20, maxTimeout: 250 },
  // The registry may not exist yet: lock its path as given (realpath needs the file).
  realpath: false,
} as const;

/** `changes` folded into `into`, per pair the later lastUsed and checkedAt (a pending change kept). */
export function addChanges(into: Map<string, Change>, changes: Iterable<Change>): void {
  for (const change of changes) {
    const known = into.get(change.symbol);
    into.set(
      change.symbol,
      known === undefined
        ? { ...change }
        : {
            symbol: change.symbol,
            lastUsed: Math.max(known.lastUsed, change.lastUsed),
            checkedAt: Math.max(known.checkedAt, change.checkedAt),
            adopted: known.adopted || change.adopted,
          },
    );
  }
}

/**
 * The registry `base` with one replica's `changes`: a pair in both takes the later lastUsed and checkedAt;
 * one the base lacks is added only if the replica adopted it (see Change.adopted). Every other pair is
 * the base's, so a pair another replica dropped is not brought back from a stale view.
 */
export function mergeChanges(base: readonly Entry[], changes: Iterable<Change>): Entry[] {
  const merged = new Map(base.map((entry) => [entry.symbol, { ...entry, adopted: false }]));
  addChanges(
    merged,
    [...changes].filter((change) => change.adopted || merged.has(change.symbol)),
  );
  return [...merged.values()].map(({ symbol, lastUsed, checkedAt }) => ({ symbol, lastUsed, checkedAt }));
}

/** What a save keeps to: MAX_SYMBOLS, and the candle files a kept pair must have. */
export interface Bound {
  maxSymbols: number;
  stored(symbol: string): Promise<boolean>;
  drop(entry: Entry): Promise<void>;
}

export interface RegistryFile {
  /** The entries in the file; none when it does not exist, or cannot be read (logged). */
  read(): Promise<Entry[]>;
  /**
   * Under the lock: the file read, `changes` merged into it, the merged set cut to the `maxSymbols` most
   * recently used and written, then `drop` called for each pair cut (its candle files go: still under the
   * lock, after the write, so the file never names a pair whose files were deleted). An adopted pair the
   * file lacks is added only if `stored` says its candles are still there: another replica may have
   * dropped it, files and all, since this one found them. Resolves to the pairs written. `drop` must not
   * throw.
   * @throws when the lock cannot be taken or the file read or written: nothing was written or dropped then.
   */
  update(changes: Iterable<Change>, bound: Bound): Promise<Entry[]>;
}

export function openRegistryFile(file: string, logger: Logger): RegistryFile {
  /** The file's entries; none if it does not exist or is not JSON (logged). @throws on other I/O faults. */
  const readStrict = async (): Promise<Entry[]> => {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    try {
      return parseRegistry(text);
    } catch (error) {
      logger.warn({ err: error, file }, "on-demand registry unreadable; read as empty");
      return [];
    }
  };

  return {
    read: () =>
      readStrict().catch((error: unknown) => {
        logger.warn({ err: error, file }, "on-demand registry unreadable; starting empty");
        return [];
      }),
    async update(changes, bound) {
      await mkdir(dirname(file), { recursive: true });
      const release = await lock(file, {
        ...LOCK,
        // Another process took the lock over (this one stalled past `stale`): the default throws in a timer.
        onCompromised: (error) => logger.warn({ err: error, file }, "on-demand registry lock taken over"),
      });
      try {
        // A file that cannot be read now (not merely malformed) must not be overwritten as if empty.
        const base = await readStrict();
        const known = new Set(base.map((entry) => entry.symbol));
        const admitted: Change[] = [];
        for (const change of changes)
          if (!change.adopted || known.has(change.symbol) || (await bound.stored(change.symbol)))
            admitted.push(change);
        const merged = mergeChanges(base, admitted).sort((a, b) => b.lastUsed - a.lastUsed);
        const kept = merged.slice(0, bound.maxSymbols);
        await replaceFile(file, `${JSON.stringify({ symbols: kept }, null, 2)}\n`);
        // Least recently used first, as they would have been dropped one by one.
        for (const entry of merged.slice(bound.maxSymbols).reverse()) await bound.drop(entry);
        return kept;
      } finally {
        await release().catch((error: unknown) =>
          logger.warn({ err: error, file }, "could not release the on-demand registry lock"),
        );
      }
    },
  };
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
