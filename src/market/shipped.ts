import { readdir, readFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { projectPath } from "../paths.js";
import { parseCandlesCsv } from "./csv.js";
import type { Candle } from "./types.js";

const gunzipAsync = promisify(gunzip);

/** The exchange whose klines the shipped history holds: only its series are seeded from it. */
export const SHIPPED_EXCHANGE = "binance";

const SYMBOL = /^[A-Z0-9]+\/[A-Z0-9]+$/;
const SHIPPED_FILE = /^([A-Z0-9]+)_([A-Z0-9]+)_4h\.csv\.gz$/;

/** One series that ships with Coincast. */
export interface ShippedSeries {
  /** Canonical unified symbol, e.g. "BTC/USDT". */
  symbol: string;
  timeframe: "4h";
  /** Absolute path of the gzipped CSV. */
  file: string;
}

/** The project's `data/` directory (with a trailing separator), from any working directory and from dist/. */
export function shippedDataDir(): string {
  return `${projectPath("data")}${sep}`;
}

/**
 * The file-name stem of a 4h series, `BTC/USDT` -> `BTC_USDT_4h`; shared by shipped files and the store.
 * @throws Error when the symbol is not canonical (`BASE/QUOTE`, upper-case letters and digits): the stem
 * becomes part of a path, so nothing else may reach it.
 */
export function seriesFileStem(symbol: string): string {
  if (!SYMBOL.test(symbol)) throw new Error(`not a canonical symbol: "${symbol.slice(0, 40)}"`);
  return `${symbol.replace("/", "_")}_4h`;
}

/** Lists the shipped series in `dir` (default {@link shippedDataDir}), sorted by symbol. */
export async function listShipped(dir: string = shippedDataDir()): Promise<ShippedSeries[]> {
  const names = await readdir(dir);
  const series: ShippedSeries[] = [];
  for (const name of names.sort()) {
    const match = SHIPPED_FILE.exec(name);
    if (match) series.push({ symbol: `${match[1]}/${match[2]}`, timeframe: "4h", file: join(dir, name) });
  }
  return series;
}

/**
 * Loads the shipped 4h history of one symbol, oldest first, or null when none ships for it.
 * The shipped history is Binance spot klines (see {@link SHIPPED_EXCHANGE}).
 * @throws Error when the file exists but cannot be read, unzipped or parsed.
 */
export async function loadShipped(symbol: string, dir: string = shippedDataDir()): Promise<Candle[] | null> {
  const file = join(dir, `${seriesFileStem(symbol)}.csv.gz`);
  let zipped: Buffer;
  try {
    zipped = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const text = (await gunzipAsync(zipped)).toString("utf8");
  return parseCandlesCsv(text, file);
}
