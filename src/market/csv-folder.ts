import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { parseCandlesCsv } from "./csv.js";
import { fillGaps, type Gap } from "./gaps.js";
import { resample } from "./resample.js";
import type { Candle, Timeframe } from "./types.js";
import { validateCandle } from "./validate.js";

/** `BTC_USDT_4h.csv` or `BTC_USDT_4h.csv.gz`: the shipped history's file names. */
const FILE = /^([A-Z0-9]+)_([A-Z0-9]+)_4h\.csv(\.gz)?$/;

export interface FolderSeries {
  symbol: string;
  file: string;
  candles: Candle[];
  gaps: Gap[];
  /** Rows refused by validation (logged with their reason). */
  rejected: number;
}

/**
 * Reads every 4h candle file of a folder in the shipped format (for example a user's own export, to score a
 * saved model on data it never saw), validates, sorts, de-duplicates, fills gaps and resamples to `timeframe`.
 * @throws UserError when the folder cannot be read, holds no such file, or a file is unreadable or malformed.
 */
export async function loadCsvFolder(
  dir: string,
  timeframe: Timeframe,
  logger: Logger,
): Promise<FolderSeries[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new UserError(`Cannot read the history folder ${dir}: ${(error as Error).message}`, {
      code: "unreadable-history",
      cause: error,
    });
  }
  const series: FolderSeries[] = [];
  for (const name of names.sort()) {
    const match = FILE.exec(name);
    if (!match) continue;
    const file = join(dir, name);
    const { candles: valid, rejected } = cleanCandles(
      await readCandleFile(file, match[3] !== undefined),
      file,
      logger,
    );
    const { candles: filled, gaps } = fillGaps(valid);
    series.push({
      symbol: `${match[1]}/${match[2]}`,
      file,
      candles: resample(filled, timeframe),
      gaps,
      rejected,
    });
  }
  if (series.length === 0)
    throw new UserError(`No candle files (like BTC_USDT_4h.csv or .csv.gz) in the history folder ${dir}.`, {
      code: "no-candle-files",
    });
  return series;
}

/**
 * The rows of one file, in file order. The folder is the user's own, so a corrupt gzip or a malformed row is
 * theirs to fix: the message (file, line, what is wrong) becomes a UserError rather than a generic failure.
 */
async function readCandleFile(file: string, gzipped: boolean): Promise<Candle[]> {
  try {
    const raw = await readFile(file);
    return parseCandlesCsv((gzipped ? gunzipSync(raw) : raw).toString("utf8"), file);
  } catch (error) {
    const reason = (error as Error).message;
    throw new UserError(reason.startsWith(file) ? reason : `${file}: ${reason}`, {
      code: "bad-candle-file",
      cause: error,
    });
  }
}

function cleanCandles(
  candles: readonly Candle[],
  file: string,
  logger: Logger,
): { candles: Candle[]; rejected: number } {
  const byTime = new Map<number, Candle>();
  let rejected = 0;
  for (const candle of candles) {
    const reason = validateCandle(candle, "4h");
    if (reason !== null) {
      rejected += 1;
      logger.warn({ file, time: new Date(candle.time).toISOString(), reason }, "candle rejected");
      continue;
    }
    byTime.set(candle.time, candle);
  }
  return { candles: [...byTime.values()].sort((a, b) => a.time - b.time), rejected };
}
