import { mkdir, readdir, readFile, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "../logger.js";
import { replaceFile } from "../storage/durable-file.js";
import { corpusDirs, loadCorpus } from "./corpus.js";
import { formatCandlesCsv, formatTimestamp } from "./csv.js";
import { readableCandles } from "./readable-candles.js";
import { loadShipped, SHIPPED_EXCHANGE, seriesFileStem, shippedDataDir } from "./shipped.js";
import type { AppendResult, Candle, CandleStore, RejectedCandle, SeriesKey, StoredSeries } from "./types.js";
import { TIMEFRAME_MS } from "./types.js";
import { validateCandle } from "./validate.js";

const STEP = TIMEFRAME_MS["4h"];
const EXCHANGE_ID = /^[a-z0-9]+$/;

export interface CandleStoreOptions {
  /** Root of local state (config.dataDir); series live under `<dir>/candles/<exchange>/`. */
  dir: string;
  /** Where the shipped history lies; defaults to the project's `data/`. */
  shippedDir?: string;
  /**
   * Where corpus series (training history of pairs outside SYMBOLS) lie, later folders winning; defaults to
   * `<shippedDir>/corpus` then `<dir>/corpus` (see market/corpus.ts).
   */
  corpusDirs?: readonly string[];
  logger: Logger;
}

/** The file-backed {@link CandleStore}, plus conveniences that need no extra storage. */
export interface LocalCandleStore extends CandleStore {
  remove(key: SeriesKey): Promise<void>;
  /** Open time (ms) of the newest stored candle of a series, or null when it has none. */
  lastTime(key: SeriesKey): Promise<number | null>;
}

/**
 * Creates the local candle store: one CSV per series at `<dir>/candles/<exchange>/<BASE>_<QUOTE>_4h.csv`
 * (the shipped format) with a JSON sidecar `<BASE>_<QUOTE>_4h.meta.json` holding `updatedAt`.
 *
 * Seeding: the shipped history (and the training corpus, market/corpus.ts) is Binance's, so only exchange
 * "binance" starts from it; a series of any
 * other exchange starts empty (source "shipped", no candles) until candles are appended. Until the first
 * append that changes something, read() returns the shipped candles; the first such append writes the
 * seed plus the new candles to the store's own file, which from then on is the whole series.
 *
 * Writes are atomic (temporary file in the same directory, fsync, rename, then fsync of the directory), so
 * a crash mid-write leaves the previous file whole. Appends to one series are serialised within this
 * store instance; two processes appending to the same series at once are not supported.
 */
export function createCandleStore(options: CandleStoreOptions): LocalCandleStore {
  const { dir, logger } = options;
  const shippedDir = options.shippedDir ?? shippedDataDir();
  const corpus = options.corpusDirs ?? corpusDirs(dir, shippedDir);
  const queues = new Map<string, Promise<unknown>>();
  // Once per store (per process): what a killed write left behind goes before the first read or write.
  let swept: Promise<void> | undefined;
  const sweep = () => {
    swept ??= removeLeftoverTemporaryFiles(join(dir, "candles"), logger);
    return swept;
  };

  const read = async (key: SeriesKey): Promise<StoredSeries> => {
    await sweep();
    const { csv, meta } = seriesPaths(dir, key);
    const text = await readTextIfExists(csv);
    const candles = text === null ? [] : readableCandles(text, csv, logger).candles;
    // A file that yields no candle at all (its header damaged) is as good as none: the shipped history
    // seeds the series again, and the next append writes the file back whole.
    if (candles.length > 0) return { candles, source: "live", updatedAt: await readUpdatedAt(meta, csv) };
    if (key.exchange !== SHIPPED_EXCHANGE) return { candles: [], source: "shipped", updatedAt: null };
    const shipped = await loadShipped(key.symbol, shippedDir);
    if (shipped !== null) return { candles: shipped, source: "shipped", updatedAt: null };
    // A corpus pair is seeded like a shipped one: both are Binance klines.
    const fromCorpus = await loadCorpus(key.symbol, corpus, logger);
    const unreadable = fromCorpus?.unreadable ?? [];
    return {
      candles: fromCorpus?.candles ?? [],
      source: "shipped",
      updatedAt: null,
      ...(unreadable.length > 0 ? { unreadable } : {}),
    };
  };

  const append = async (key: SeriesKey, candles: readonly Candle[], now: number): Promise<AppendResult> => {
    const { csv, meta } = seriesPaths(dir, key);
    const rejected: RejectedCandle[] = [];
    const accepted: Candle[] = [];
    for (const candle of candles) {
      const reason = rejectionReason(candle, now);
      if (reason === null) {
        accepted.push(candle);
        continue;
      }
      rejected.push({ candle, reason: reason.text });
      const fields = { exchange: key.exchange, symbol: key.symbol, time: candle.time, reason: reason.text };
      // An open candle comes with every fetch of recent klines: expected, so not worth a warning.
      if (reason.expected) logger.debug(fields, "candle not stored");
      else logger.warn(fields, "candle rejected");
    }
    if (accepted.length === 0) return { added: 0, replaced: 0, rejected };

    return exclusive(queues, csv, async () => {
      const stored = await read(key);
      const byTime = new Map<number, Candle>(stored.candles.map((c) => [c.time, c]));
      const addedNow = new Set<number>();
      let replaced = 0;
      for (const candle of accepted) {
        const clean = ohlcv(candle);
        const existing = byTime.get(clean.time);
        if (existing === undefined) addedNow.add(clean.time);
        else if (sameValues(existing, clean)) continue;
        // A stored candle differing from a closed one was recorded while still open somewhere: the
        // closed values win. A time seen twice in one batch is not a replacement of stored data.
        else if (!addedNow.has(clean.time)) replaced += 1;
        byTime.set(clean.time, clean);
      }
      if (addedNow.size === 0 && replaced === 0) return { added: 0, replaced: 0, rejected };

      const merged = [...byTime.values()].sort((a, b) => a.time - b.time);
      await mkdir(dirname(csv), { recursive: true });
      await replaceFile(csv, formatCandlesCsv(merged));
      // The sidecar is written second: if a crash falls between, read() falls back to the CSV's mtime.
      await replaceFile(meta, `${JSON.stringify({ updatedAt: now, count: merged.length })}\n`);
      return { added: addedNow.size, replaced, rejected };
    });
  };

  const lastTime = async (key: SeriesKey): Promise<number | null> => {
    const { candles } = await read(key);
    return candles.at(-1)?.time ?? null;
  };

  const remove = (key: SeriesKey): Promise<void> => {
    const { csv, meta } = seriesPaths(dir, key);
    return exclusive(queues, csv, async () => {
      await unlink(csv).catch(ignoreMissing);
      await unlink(meta).catch(ignoreMissing);
    });
  };

  return { read, append, lastTime, remove };
}

/** The store's files for one series; refuses keys that could escape the store directory. */
/** replaceFile's temporary files: the target's name and a numeric hash ("BTC_USDT_4h.csv.3914213497"). */
const TEMPORARY_FILE = /\.(csv|meta\.json)\.\d+$/;
/** Younger ones may belong to another process's write in progress. */
const LEFTOVER_AFTER_MS = 60_000;

/** Removes temporary files a write killed mid-way (kill -9, power loss) left in the store (or the corpus). */
export async function removeLeftoverTemporaryFiles(
  dir: string,
  logger: Logger,
  pattern: RegExp = TEMPORARY_FILE,
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    return; // No store yet.
  }
  for (const name of names.filter((n) => pattern.test(n))) {
    const file = join(dir, name);
    try {
      if (Date.now() - (await stat(file)).mtimeMs < LEFTOVER_AFTER_MS) continue;
      await unlink(file);
      logger.info({ file }, "removed a temporary file an interrupted write left");
    } catch (error) {
      logger.warn({ err: error, file }, "could not remove a leftover temporary file");
    }
  }
}

function seriesPaths(dir: string, key: SeriesKey): { csv: string; meta: string } {
  if (!EXCHANGE_ID.test(key.exchange)) {
    throw new Error(
      `not an exchange id: "${key.exchange.slice(0, 40)}" (expected a ccxt id such as binance)`,
    );
  }
  if (key.timeframe !== "4h") throw new Error(`the store holds 4h series only, not ${String(key.timeframe)}`);
  const base = join(dir, "candles", key.exchange, seriesFileStem(key.symbol));
  return { csv: `${base}.csv`, meta: `${base}.meta.json` };
}

function rejectionReason(candle: Candle, now: number): { text: string; expected: boolean } | null {
  const invalid = validateCandle(candle);
  if (invalid !== null) return { text: invalid, expected: false };
  if (candle.filled === true) return { text: "a filled (synthetic) candle is never stored", expected: false };
  if (candle.time + STEP > now) {
    return {
      text: `not closed at ${formatTimestamp(now)} (closes ${formatTimestamp(candle.time + STEP)})`,
      expected: true,
    };
  }
  return null;
}

/** A plain copy, so that extra properties a caller's candle carries never reach the file or the map. */
function ohlcv(c: Candle): Candle {
  return { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
}

function sameValues(a: Candle, b: Candle): boolean {
  return (
    a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume
  );
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}

async function readTextIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function readUpdatedAt(meta: string, csv: string): Promise<number> {
  const text = await readTextIfExists(meta);
  if (text !== null) {
    try {
      const updatedAt: unknown = (JSON.parse(text) as { updatedAt?: unknown }).updatedAt;
      if (typeof updatedAt === "number" && Number.isFinite(updatedAt)) return updatedAt;
    } catch {
      // A damaged sidecar costs only this timestamp; the file's mtime is a fair stand-in.
    }
  }
  return (await stat(csv)).mtimeMs;
}

/** Runs `task` after every earlier task queued under `id` has settled. */
function exclusive<T>(queues: Map<string, Promise<unknown>>, id: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(id) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.catch(() => undefined);
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return run;
}
