import { join } from "node:path";
import type { Exchange } from "ccxt";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import type { Logger } from "../logger.js";
import type { BackfillProgress, BackfillReport, PairOutcome } from "../market/corpus-backfill.js";
import type { Backoff } from "../market/fetch-candles.js";
import { utcMinute } from "../time.js";
import { parseDate, parsePositiveInt } from "./options.js";

/** What `data backfill` needs, built only when it runs (ccxt loads then, never for `--help`). */
export interface CorpusDeps {
  exchange: Exchange;
  /** DATA_DIR: the corpus goes to `DATA_DIR/corpus/`. */
  dataDir: string;
  retries: number;
  logger: Logger;
  /** Tests shorten the retry delays and fix the clock, the pages and the folders; production uses defaults. */
  backoff?: Backoff;
  now?: () => number;
  pageLimit?: number;
  settleMs?: number;
  shippedDir?: string;
  shippedCorpusDir?: string;
}

interface BackfillIo {
  write: (text: string) => void;
  setExitCode: (code: number) => void;
  /** Where the progress bar goes; a bar only on a terminal. */
  stream?: NodeJS.WriteStream;
}

/** Adds `data backfill --top N [--since DATE]` to the `data` command. */
export function registerBackfillCommand(
  data: Command,
  corpus: () => CorpusDeps | Promise<CorpusDeps>,
  io: BackfillIo,
): void {
  data
    .command("backfill")
    .description(
      "build or extend the training corpus (DATA_DIR/corpus) with the N most liquid listed USDT pairs; resumable",
    )
    .requiredOption(
      "--top <n>",
      "how many pairs (by 24 h quote volume; stablecoins and wrapped tokens left out)",
    )
    .option("--since <date>", "where a pair new to the corpus starts (UTC); default: its listing")
    .action(async (flags: { top: string; since?: string }) => {
      const top = parsePositiveInt(flags.top, "--top");
      const since = flags.since === undefined ? undefined : parseDate(flags.since, "--since");
      const deps = await corpus();
      const [{ backfillCorpus, CORPUS_DIR }, { DEFAULT_BACKOFF }] = await Promise.all([
        import("../market/corpus-backfill.js"),
        import("../market/fetch-candles.js"),
      ]);
      const dir = join(deps.dataDir, CORPUS_DIR);
      const bar = createBackfillBar(io.stream ?? process.stderr);
      let report: BackfillReport;
      try {
        report = await backfillCorpus({
          exchange: deps.exchange,
          dir,
          top,
          ...(since === undefined ? {} : { since }),
          now: (deps.now ?? Date.now)(),
          retry: { retries: deps.retries, backoff: deps.backoff ?? DEFAULT_BACKOFF },
          logger: deps.logger,
          onProgress: bar.update,
          ...pick(deps, ["pageLimit", "settleMs", "shippedDir", "shippedCorpusDir"]),
        });
      } finally {
        bar.stop();
      }
      io.write(formatBackfillReport(report, dir));
      if (
        report.status !== "done" ||
        report.pairs.some((p) => p.status === "failed" || p.status === "skipped")
      )
        io.setExitCode(1);
    });
}

/** A bar over the pairs, with the pair being fetched and its candles so far; nothing when not on a terminal. */
function createBackfillBar(stream: NodeJS.WriteStream): {
  update: (p: BackfillProgress) => void;
  stop: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream,
    format: "corpus [{bar}] {value}/{total} pairs | {symbol}: {fetched} new candles",
    hideCursor: true,
  });
  let started = false;
  return {
    update: (p) => {
      const payload = { symbol: p.symbol, fetched: p.fetched.toLocaleString("en-US") };
      const done = p.phase === "done" ? p.index + 1 : p.index;
      if (!started) {
        started = true;
        bar.start(p.total, done, payload);
      } else bar.update(done, payload);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** The summary `data backfill` prints: a line per pair, then the counts. */
export function formatBackfillReport(report: BackfillReport, dir: string): string {
  if (report.status === "unavailable") {
    return `Could not list the exchange's markets (${report.reason}); nothing was fetched.\n`;
  }
  if (report.status === "unranked") {
    return `Could not rank pairs by volume: ${report.reason}; nothing was fetched.\n`;
  }
  const lines = report.pairs.map(describeOutcome);
  const count = (status: PairOutcome["status"]) => report.pairs.filter((p) => p.status === status).length;
  lines.push(
    `${report.pairs.length} pairs in ${dir}: ${count("written")} written, ${count("current")} up to date, ` +
      `${count("failed")} failed, ${count("skipped")} not tried${count("failed") + count("skipped") > 0 ? " (run it again to resume)" : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

function describeOutcome(outcome: PairOutcome): string {
  switch (outcome.status) {
    case "written": {
      const rejected = outcome.rejected > 0 ? `, ${outcome.rejected} rejected` : "";
      return `${outcome.symbol}: ${outcome.added} new candles${rejected}; ${utcMinute(outcome.first)} to ${utcMinute(outcome.last)} UTC`;
    }
    case "current":
      return `${outcome.symbol}: up to date${outcome.last === null ? "" : ` (last candle ${utcMinute(outcome.last)} UTC)`}`;
    case "failed":
      return `${outcome.symbol}: failed: ${outcome.reason}; its corpus file is unchanged`;
    case "skipped":
      return `${outcome.symbol}: not tried (the exchange stopped answering)`;
  }
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}
