import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Exchange } from "ccxt";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { projectPath } from "../paths.js";
import { replaceFile } from "../storage/durable-file.js";
import { selectCorpusPairs } from "./corpus-pairs.js";
import { formatCandlesCsv } from "./csv.js";
import { ExchangeRequestError } from "./exchange-errors.js";
import { fetchClosedCandles, type RetryPolicy } from "./fetch-candles.js";
import { createListedMarkets } from "./listed-markets.js";
import { shortReason } from "./market-data.js";
import { listShipped, loadShipped, seriesFileStem } from "./shipped.js";
import { removeLeftoverTemporaryFiles } from "./store.js";
import { type Candle, TIMEFRAME_MS } from "./types.js";
import { validateCandle } from "./validate.js";

const gzipAsync = promisify(gzip);
const FOUR_HOURS = TIMEFRAME_MS["4h"];

/** The corpus folder's name, under DATA_DIR (backfilled) and under the project's `data/` (shipped). */
export const CORPUS_DIR = "corpus";
/**
 * Where a pair new to the corpus starts without `--since`: before Binance listed any USDT pair, so the
 * exchange answers with the pair's first candles.
 */
export const CORPUS_SINCE = Date.UTC(2017, 0, 1);

/** `<dir>/<BASE>_<QUOTE>_4h.csv.gz`, the shipped format and name. */
export function corpusFile(dir: string, symbol: string): string {
  return join(dir, `${seriesFileStem(symbol)}.csv.gz`);
}

export interface BackfillOptions {
  exchange: Exchange;
  /** Where the corpus is written: DATA_DIR/corpus. */
  dir: string;
  /**
   * The corpus that ships with Coincast (default `data/corpus/`): a pair found there and not yet in `dir`
   * is extended from its last shipped candle and written to `dir`.
   */
  shippedCorpusDir?: string;
  /** The shipped series (default `data/`): those pairs are training history already, so never in the corpus. */
  shippedDir?: string;
  top: number;
  /** Open time (ms) a pair new to the corpus starts from; pairs already in it extend from their last candle. */
  since?: number;
  now: number;
  retry: RetryPolicy;
  logger: Logger;
  pageLimit?: number;
  settleMs?: number;
  onProgress?: (event: BackfillProgress) => void;
}

/** Reported once before each pair, after each page and after each pair. */
export interface BackfillProgress {
  symbol: string;
  /** 0-based position of the pair in the run, and how many pairs the run has. */
  index: number;
  total: number;
  /** New candles of this pair fetched so far. */
  fetched: number;
  phase: "start" | "page" | "done";
}

export type PairOutcome =
  /** `first` and `last`: open times of the oldest and newest candle added by this run, not the file's. */
  | { status: "written"; symbol: string; added: number; rejected: number; first: number; last: number }
  /** Nothing closed since the last stored candle: the file is left as it was. */
  | { status: "current"; symbol: string; last: number | null }
  /** The exchange failed: the pair's file (if any) is as it was before the run. */
  | { status: "failed"; symbol: string; reason: string }
  /** Not tried, because the exchange stopped answering on an earlier pair. */
  | { status: "skipped"; symbol: string };

export type BackfillReport =
  | { status: "done"; pairs: PairOutcome[] }
  /** The markets could not be listed: nothing was fetched. */
  | { status: "unavailable"; reason: string }
  /** The markets were listed but not their volumes (after the retries), so no pair could be chosen: nothing was fetched. */
  | { status: "unranked"; reason: string };

/**
 * Builds or extends the training corpus with the `top` most liquid listed USDT spot pairs (see
 * corpus-pairs.ts), one pair at a time over one rate-limited client. Each pair's pages are held in memory and
 * written with one atomic write (temporary file, fsync, rename) once its last page is in, so a failure or a
 * kill mid-pair leaves its file as it was and every earlier pair complete. A pair-specific refusal
 * (not retryable: BadSymbol, ...) fails that pair only; a retryable failure after the retries stops the run, since
 * the pairs after it would wait out the same retries. Rerunning resumes: pairs already in the corpus are
 * asked only for what closed after their last candle.
 * @throws a store error (disk) or a bug of ours; exchange faults are reported, never thrown.
 */
export async function backfillCorpus(options: BackfillOptions): Promise<BackfillReport> {
  const { logger } = options;
  const listed = await createListedMarkets({
    exchange: options.exchange,
    logger,
    now: () => options.now,
    tickersRetry: options.retry,
  }).get();
  if (listed.status === "unavailable") return { status: "unavailable", reason: listed.reason };
  // Without volumes the "most liquid" would be the first names of the alphabet: better no corpus than that.
  if (!listed.volumes.loaded) return { status: "unranked", reason: shortReason(listed.volumes.reason) };

  const shipped = await listShipped(options.shippedDir ?? projectPath("data"));
  const pairs = selectCorpusPairs(listed.markets, options.top, new Set(shipped.map((s) => s.symbol)));
  await removeLeftoverTemporaryFiles(options.dir, logger, /\.csv\.gz\.\d+$/);
  const outcomes: PairOutcome[] = [];
  let unreachable = false;
  for (const [index, pair] of pairs.entries()) {
    if (unreachable) {
      outcomes.push({ status: "skipped", symbol: pair.symbol });
      continue;
    }
    const outcome = await backfillPair(pair.symbol, index, pairs.length, options).catch((error: unknown) => {
      if (!(error instanceof ExchangeRequestError)) throw error;
      unreachable = error.retryable;
      const reason = `${error.name}: ${shortReason(error.message)}`;
      logger.warn(
        { symbol: pair.symbol, err: reason },
        "corpus backfill of a pair failed; its file is unchanged",
      );
      return { status: "failed", symbol: pair.symbol, reason } as const;
    });
    outcomes.push(outcome);
    const fetched = outcome.status === "written" ? outcome.added : 0;
    options.onProgress?.({ symbol: pair.symbol, index, total: pairs.length, fetched, phase: "done" });
  }
  return { status: "done", pairs: outcomes };
}

/**
 * A corpus file's candles, or null when there is none.
 * @throws UserError naming the file when it cannot be read, unzipped or parsed: the run stops rather than
 *   overwrite it with only the candles fetched now.
 */
async function readCorpus(symbol: string, dir: string): Promise<Candle[] | null> {
  try {
    return await loadShipped(symbol, dir);
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 160) : String(error);
    throw new UserError(
      `Cannot read ${corpusFile(dir, symbol)} (${why}). Move it aside or delete it to fetch ${symbol} again.`,
      { code: "unreadable-history", cause: error },
    );
  }
}

/** One pair: read what the corpus holds, fetch what closed after it, write the whole series once. */
async function backfillPair(
  symbol: string,
  index: number,
  total: number,
  options: BackfillOptions,
): Promise<PairOutcome> {
  const { logger } = options;
  const stored =
    (await readCorpus(symbol, options.dir)) ??
    (await readCorpus(symbol, options.shippedCorpusDir ?? projectPath("data", CORPUS_DIR))) ??
    [];
  const last = stored.at(-1)?.time;
  const since = last === undefined ? (options.since ?? CORPUS_SINCE) : last + FOUR_HOURS;
  const report = (fetched: number, phase: BackfillProgress["phase"]) =>
    options.onProgress?.({ symbol, index, total, fetched, phase });
  report(0, "start");

  const fetched: Candle[] = [];
  const pages = fetchClosedCandles(options.exchange, symbol, {
    since,
    now: options.now,
    retry: options.retry,
    logger: logger.child({ symbol }),
    ...(options.pageLimit === undefined ? {} : { pageLimit: options.pageLimit }),
    ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
  });
  for await (const page of pages) {
    fetched.push(...page);
    report(fetched.length, "page");
  }

  let rejected = 0;
  const fresh = fetched.filter((c) => {
    const invalid = validateCandle(c);
    if (invalid === null) return last === undefined || c.time > last;
    rejected += 1;
    logger.warn({ symbol, time: c.time, reason: invalid }, "candle rejected");
    return false;
  });
  if (fresh.length === 0) return { status: "current", symbol, last: last ?? null };
  // Pages may overlap by a candle; a time seen twice keeps its last (closed) version.
  const series = [...new Map([...stored, ...fresh].map((c) => [c.time, c])).values()].sort(
    (a, b) => a.time - b.time,
  );
  const file = corpusFile(options.dir, symbol);
  await mkdir(dirname(file), { recursive: true });
  await replaceFile(file, await gzipAsync(formatCandlesCsv(series)));
  const addedTimes = new Set(fresh.map((c) => c.time));
  logger.info({ symbol, added: addedTimes.size, file }, "corpus pair written");
  return {
    status: "written",
    symbol,
    added: addedTimes.size,
    rejected,
    // A reduce, not Math.min(...): a pair fetched from its listing adds tens of thousands of candles.
    first: fresh.reduce((t, c) => Math.min(t, c.time), Number.POSITIVE_INFINITY),
    last: fresh.reduce((t, c) => Math.max(t, c.time), Number.NEGATIVE_INFINITY),
  };
}
