import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { SeriesStatus } from "../market/history.js";
import type { MarketData, UpdateResult } from "../market/market-data.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { utcMinute } from "../time.js";
import { type CorpusDeps, registerBackfillCommand } from "./data-backfill.js";

/** What the `data` commands need; main.ts/cli.ts provide it. */
export interface DataCommandDeps {
  /**
   * Builds (or returns) the market data service. Called only when a `data` command runs, so that
   * `coincast --help` and unrelated commands never construct the ccxt client or read the store.
   */
  marketData: () => MarketData | Promise<MarketData>;
  /** The exchange client and DATA_DIR for `data backfill`, built only when it runs. */
  corpus?: () => CorpusDeps | Promise<CorpusDeps>;
  /**
   * The training corpus (pairs outside SYMBOLS, market/corpus.ts) in 4h, listed by `data status` as
   * training history below the served pairs; absent: not listed.
   */
  corpusStatus?: () => Promise<SeriesStatus[]>;
  /**
   * The pairs kept on demand (the registry in DATA_DIR): `data status` lists them after SYMBOLS and `data
   * update` updates them too; absent: SYMBOLS only.
   */
  keptSymbols?: () => Promise<readonly string[]>;
  /** Where command output goes; defaults to stdout. Logs stay on stderr. */
  write?: (text: string) => void;
  /** Called with 1 when an update could not reach the exchange; defaults to setting process.exitCode. */
  setExitCode?: (code: number) => void;
}

/**
 * Adds `data status`, `data update [symbols...]` and (with `corpus`) `data backfill --top N` to `program`.
 * Unknown symbols reject the command with a UserError (with suggestions) before any request is made.
 */
export function registerDataCommands(program: Command, deps: DataCommandDeps): Command {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const setExitCode =
    deps.setExitCode ??
    ((code: number) => {
      process.exitCode = code;
    });

  /**
   * The service with the kept pairs loaded (so that they resolve, MAX_SYMBOLS applied), and those pairs:
   * the registry's, less any the service would not serve (cut by MAX_SYMBOLS, or in SYMBOLS now).
   */
  const withKept = async (): Promise<{ marketData: MarketData; kept: string[] }> => {
    const marketData = await deps.marketData();
    await marketData.loadKept();
    const kept = ((await deps.keptSymbols?.()) ?? []).filter(
      (symbol) => !marketData.symbols.includes(symbol) && servable(marketData, symbol),
    );
    return { marketData, kept };
  };

  const data = program.command("data").description("inspect and update the stored candle history");

  data
    .command("status")
    .description("per symbol and timeframe: first and last candle (UTC), count, gaps, source")
    .action(async () => {
      const { marketData, kept } = await withKept();
      const rows: SeriesStatus[] = [];
      for (const symbol of marketData.symbols) rows.push(...(await marketData.status(symbol)));
      for (const symbol of kept)
        for (const row of await marketData.status(symbol)) rows.push({ ...row, source: "on-demand" });
      write(formatStatusTable(rows));
      const corpus = (await deps.corpusStatus?.()) ?? [];
      if (corpus.length > 0) {
        write(
          `\nTraining history (corpus, ${corpus.length} pairs; not refreshed on schedule unless in SYMBOLS):\n`,
        );
        write(formatStatusTable(corpus));
      }
    });

  data
    .command("update")
    .description(
      "fetch the candles closed since the last stored one (default: every configured symbol and kept pair)",
    )
    .argument("[symbols...]", "symbols such as BTC or ETH/USDT")
    .action(async (inputs: string[]) => {
      const { marketData, kept } = await withKept();
      // Resolve every symbol first, so that a typo in the third one fails before any request.
      const symbols =
        inputs.length > 0
          ? unique(inputs.map((input) => marketData.resolve(input)))
          : [...marketData.symbols, ...kept];
      let failed = false;
      // One at a time: they share one rate-limited client, and the lines come out in order.
      for (const symbol of symbols) {
        const result = await marketData.update(symbol);
        failed ||= result.status === "stale";
        write(`${formatUpdateLine(result)}\n`);
      }
      if (failed) setExitCode(1);
    });

  if (deps.corpus !== undefined) registerBackfillCommand(data, deps.corpus, { write, setExitCode });
  return data;
}

/** One summary line of `data update`. */
export function formatUpdateLine(result: UpdateResult): string {
  const counts = `${result.added} new, ${result.replaced} replaced, ${result.rejected} rejected`;
  if (result.status === "updated") {
    const last = result.asOf === null ? "no stored data" : `${utcMinute(result.asOf)} UTC`;
    return `${result.symbol}: ${counts}; last candle ${last}`;
  }
  const kept = result.added > 0 ? ` (${counts} before the failure)` : "";
  // "As of" the last candle's close, the time chat's "Data as of" gives for the same data.
  const served =
    result.asOf === null
      ? "no stored data are available"
      : `the stored data as of ${utcMinute(result.asOf + TIMEFRAME_MS["4h"])} UTC are used`;
  return `${result.symbol}: update failed${kept}: ${result.reason}\n  ${served}`;
}

const COLUMNS = ["SYMBOL", "TF", "FIRST (UTC)", "LAST (UTC)", "COUNT", "GAPS", "SOURCE"] as const;
const RIGHT_ALIGNED = new Set<string>(["COUNT", "GAPS"]);

/** The `data status` table, one row per series and timeframe, columns padded to fit. */
export function formatStatusTable(rows: readonly SeriesStatus[]): string {
  const cells = rows.map((row) => [
    row.symbol,
    row.timeframe,
    utcMinute(row.first),
    utcMinute(row.last),
    String(row.count),
    String(row.gaps),
    row.unreadable === undefined ? row.source : `${row.source}, file unreadable`,
  ]);
  const widths = COLUMNS.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, i) => {
        const width = widths[i] ?? cell.length;
        return RIGHT_ALIGNED.has(COLUMNS[i] ?? "") ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return `${[COLUMNS, ...cells].map(render).join("\n")}\n${formatUnreadable(rows)}`;
}

/** Below the table: each file read past, and why (a row per timeframe names it once). */
function formatUnreadable(rows: readonly SeriesStatus[]): string {
  const files = unique(
    rows.flatMap((row) => (row.unreadable ?? []).map((file) => `  ${row.symbol}: ${file}`)),
  );
  if (files.length === 0) return "";
  return `Unreadable files, read past (the next folder's copy is used if there is one):\n${files.join("\n")}\n`;
}

/** Whether the service serves `symbol` (resolve throws a UserError for one it does not). */
function servable(marketData: MarketData, symbol: string): boolean {
  try {
    return marketData.resolve(symbol) === symbol;
  } catch (error) {
    if (error instanceof UserError) return false;
    throw error;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
