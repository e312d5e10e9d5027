import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Logger } from "../logger.js";
import { fillGaps } from "./gaps.js";
import { describeSeries, type SeriesStatus, seriesKey } from "./history.js";
import { readableCandles } from "./readable-candles.js";
import { resample } from "./resample.js";
import { SHIPPED_EXCHANGE, seriesFileStem, shippedDataDir } from "./shipped.js";
import type { Candle, CandleStore, SeriesData, SeriesKey, Timeframe } from "./types.js";

const gunzipAsync = promisify(gunzip);

/** A corpus file name: `<BASE>_<QUOTE>_4h.csv.gz`, the shipped format. */
const CORPUS_FILE = /^([A-Z0-9]+)_([A-Z0-9]+)_4h\.csv\.gz$/;

/** Name of the corpus folder, both under the project's `data/` and under DATA_DIR. */
export const CORPUS_FOLDER = "corpus";

/** One corpus series: training history of a pair outside SYMBOLS (not refreshed on schedule). */
export interface CorpusSeries {
  /** Canonical unified symbol, e.g. "ADA/USDT". */
  symbol: string;
  /** Absolute path of the gzipped CSV that wins for this symbol. */
  file: string;
}

/**
 * Where corpus series are looked for, lowest precedence first: the corpus shipped with the project
 * (`data/corpus/`), then `DATA_DIR/corpus/` (what `coincast data backfill` writes). A file of the same name
 * in a later folder wins, so a user's fresher backfill replaces the shipped one.
 */
export function corpusDirs(dataDir?: string, shippedDir: string = shippedDataDir()): string[] {
  const dirs = [join(shippedDir, CORPUS_FOLDER)];
  if (dataDir !== undefined) dirs.push(join(dataDir, CORPUS_FOLDER));
  return dirs;
}

/** The corpus series found in `dirs` (later folders win), sorted by symbol; a missing folder holds none. */
export async function listCorpus(dirs: readonly string[]): Promise<CorpusSeries[]> {
  const bySymbol = new Map<string, CorpusSeries>();
  for (const dir of dirs) {
    for (const name of await readdirIfExists(dir)) {
      const match = CORPUS_FILE.exec(name);
      if (match) {
        const symbol = `${match[1]}/${match[2]}`;
        bySymbol.set(symbol, { symbol, file: join(dir, name) });
      }
    }
  }
  return [...bySymbol.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** One corpus series as loaded: its candles, and the files of later folders passed over as unreadable. */
export interface CorpusLoad {
  /** 4h, oldest first; empty when no folder's file of the pair could be read. */
  candles: Candle[];
  /** `<file>: <why>` of each file that could not be read (a bad gzip, no readable row), winning one first. */
  unreadable: string[];
}

/**
 * Loads one corpus series from the folder that wins for it, or null when no folder holds it. Its rows are
 * read as the store reads its own files (readable-candles.ts: bad rows dropped, each logged with the file).
 * A file that cannot be read at all is logged with its name and the next folder's file is used instead (a
 * broken backfill falls back to the shipped corpus): one bad file must not fail every caller that lists the
 * corpus, nor serve nothing when the shipped series is there.
 * @throws Error when a file exists but the disk refuses to read it (permissions, I/O).
 */
export async function loadCorpus(
  symbol: string,
  dirs: readonly string[],
  logger: Logger,
): Promise<CorpusLoad | null> {
  const name = `${seriesFileStem(symbol)}.csv.gz`;
  const unreadable: string[] = [];
  for (const dir of [...dirs].reverse()) {
    const file = join(dir, name);
    const read = await readCorpusFile(file, logger);
    if (read === null) continue;
    if (typeof read !== "string") return { candles: read, unreadable };
    logger.warn({ file, symbol, reason: read }, "corpus file unreadable; the next folder's is used if any");
    unreadable.push(`${file}: ${read}`);
  }
  return unreadable.length === 0 ? null : { candles: [], unreadable };
}

/** A corpus file's candles; null when there is no such file; why, when it holds no candle that can be read. */
async function readCorpusFile(file: string, logger: Logger): Promise<Candle[] | string | null> {
  let text: string;
  try {
    text = (await gunzipAsync(await readFile(file))).toString("utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR, ...): the bytes are not what we wrote; the disk's errors stand.
    if (!code?.startsWith("Z_")) throw error;
    return `not a gzip file (${(error as Error).message})`;
  }
  const { candles } = readableCandles(text, file, logger);
  return candles.length > 0 ? candles : "no candle row could be read";
}

async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** What {@link loadCorpusSeries} and {@link describeCorpus} read through. */
export interface CorpusSource {
  store: CandleStore;
  dirs: readonly string[];
  /** Symbols served (SYMBOLS): they are not corpus, whatever files exist. */
  exclude?: readonly string[];
  exchange?: string;
}

async function corpusKeys(source: CorpusSource): Promise<SeriesKey[]> {
  const excluded = new Set(source.exclude ?? []);
  return (await listCorpus(source.dirs))
    .filter((s) => !excluded.has(s.symbol))
    .map((s) => seriesKey(source.exchange ?? SHIPPED_EXCHANGE, s.symbol));
}

/**
 * Every corpus series through the candle store, gap-filled and resampled to `timeframe` like a served one
 * (a series too short for one candle of that timeframe is left out). Each coin is its own series from its
 * listing to its last candle: nothing is filled before the first or after the last candle.
 */
export async function loadCorpusSeries(source: CorpusSource, timeframe: Timeframe): Promise<SeriesData[]> {
  const series: SeriesData[] = [];
  for (const key of await corpusKeys(source)) {
    const stored = await source.store.read(key);
    const candles = resample(fillGaps(stored.candles).candles, timeframe);
    if (candles.length > 0) series.push({ symbol: key.symbol, candles });
  }
  return series;
}

/** The `data status` rows of the corpus (4h only), source "corpus" unless a live store file replaced it. */
export async function describeCorpus(source: CorpusSource): Promise<SeriesStatus[]> {
  const rows: SeriesStatus[] = [];
  for (const key of await corpusKeys(source)) {
    for (const row of await describeSeries(source.store, key, ["4h"]))
      rows.push({ ...row, source: row.source === "shipped" ? "corpus" : row.source });
  }
  return rows;
}
