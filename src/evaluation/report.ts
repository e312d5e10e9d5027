import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { utcMinute } from "../time.js";
import type { StrategyStats } from "./backtest.js";
import { recordedCalls } from "./direction.js";
import { pValueText } from "./p-value.js";
import { pooledSkillTable, shippingLine, skillTables } from "./report-skill.js";
import type { EvaluationEntry } from "./score.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

const DASH = "—";

/** A number with `digits` significant digits, or a dash for null/NaN. */
function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (Math.abs(value) >= 10 ** digits) return value.toFixed(0);
  const text = value.toPrecision(digits);
  // Trailing zeros after a decimal point only: "1200" must stay "1200".
  return text.includes(".") && !text.includes("e") ? text.replace(/\.?0+$/, "") : text;
}

/** A fraction as a percentage with `decimals` decimals. */
function pct(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${(value * 100).toFixed(decimals)}%`;
}

/** A p-value, with "<0.001" instead of a run of zeros; a dash where there is none. */
const pv = (value: number | null | undefined): string => pValueText(value, DASH);

const METRIC_HEADER = [
  "model",
  "n",
  "MAE",
  "RMSE",
  "MAPE",
  "MASE",
  "dir acc",
  "p(50%)",
  "maj",
  "p(>maj)",
  "pinball",
  "CRPS",
  "cov80",
  "cov95",
  "DM",
  "p(DM)",
];

/**
 * The "dir acc" cell: the share of calls that were right; "no call" where the median was "no change" at every
 * point, and how many calls when some points made none (a report written before calls were counted:
 * recordedCalls).
 */
function directionCell(m: EvaluationEntry["metrics"]): string {
  const d = m.direction;
  const calls = recordedCalls(m);
  if (calls === undefined || calls === d.n) return pct(d.accuracy);
  return calls === 0 ? "no call" : `${pct(d.accuracy)} of ${calls}`;
}

function metricRow(entry: EvaluationEntry): string[] {
  const m = entry.metrics;
  // Without a call there is no hit rate to test: the recorded p-values of an old report's no-call entry go too.
  const called = recordedCalls(m) !== 0;
  return [
    entry.model,
    String(m.n),
    num(m.mae),
    num(m.rmse),
    pct(m.mape, 2),
    num(m.mase, 3),
    directionCell(m),
    pv(called ? m.direction.pValueVsHalf : null),
    pct(called ? m.direction.majorityRate : null),
    pv(called ? m.direction.pValueVsMajority : null),
    num(m.pinball, 3),
    num(m.crps, 3),
    pct(m.coverage80, 0),
    pct(m.coverage95, 0),
    num(m.dm?.statistic ?? null, 3),
    pv(m.dm?.pValue ?? null),
  ];
}

const BACKTEST_HEADER = ["strategy", "periods", "total return", "Sharpe", "max DD", "trades", "exposure"];

function backtestRow(name: string, periods: number, s: StrategyStats): string[] {
  return [
    name,
    String(periods),
    pct(s.totalReturn),
    num(s.sharpe, 3),
    pct(s.maxDrawdown),
    String(s.trades),
    pct(s.exposure, 0),
  ];
}

/** Backtest rows for one symbol: every model's long/flat strategy, then buy-and-hold once. */
function backtestRows(entries: readonly EvaluationEntry[]): string[][] {
  const rows: string[][] = [];
  let buyAndHold: string[] | undefined;
  for (const e of entries) {
    if (e.backtest === null) continue;
    rows.push(backtestRow(e.model, e.backtest.periods, e.backtest.strategy));
    buyAndHold ??= backtestRow("buy & hold", e.backtest.periods, e.backtest.buyAndHold);
  }
  return buyAndHold === undefined ? rows : [...rows, buyAndHold];
}

/** Left-aligns the first column and right-aligns the rest, two spaces apart. */
function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, c) => (c === 0 ? ":--" : "--:"));
  return [header, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

const bySymbolAndHorizon = (result: WalkForwardResult, symbol: string, horizon: number): EvaluationEntry[] =>
  result.entries.filter((e) => e.symbol === symbol && e.horizon === horizon);

function summaryLine(result: WalkForwardResult): string {
  const c = result.config;
  return (
    `origins ${utcMinute(c.start)} .. ${utcMinute(c.end)} UTC, ${result.folds.length} fold${result.folds.length === 1 ? "" : "s"} (refit every ${c.refitEvery} steps), ` +
    `horizons ${c.horizons.join(", ")}; backtest threshold ${c.threshold}, fee ${pct(c.feeRate, 2)} per side` +
    (c.leaveOneCoinOut
      ? "; leave-one-coin-out: the network is trained on the other coins only, never on the coin scored"
      : "")
  );
}

/** A compact plain-text report for a terminal: one metrics table per symbol and horizon, then the backtests. */
export function formatConsoleReport(result: WalkForwardResult): string {
  const parts: string[] = [`Walk-forward: ${summaryLine(result)}`];
  for (const symbol of result.symbols) {
    for (const horizon of result.config.horizons) {
      const entries = bySymbolAndHorizon(result, symbol, horizon);
      if (entries.length === 0) continue;
      parts.push(`\n${symbol}  h=${horizon}\n${textTable(METRIC_HEADER, entries.map(metricRow))}`);
    }
    const rows = backtestRows(bySymbolAndHorizon(result, symbol, 1));
    if (rows.length > 0)
      parts.push(`\n${symbol}  backtest (h=1, long/flat)\n${textTable(BACKTEST_HEADER, rows)}`);
  }
  const pooled = pooledSkillTable(result);
  if (pooled) parts.push(`\n${pooled.title}\n${textTable(pooled.header, pooled.rows)}`);
  parts.push(`\n${shippingLine(result)}`);
  parts.push(
    `\ntimings: ${result.timings.map((t) => `${t.model} fit ${t.fitMs.toFixed(0)} ms, predict ${t.predictMs.toFixed(0)} ms`).join("; ")}`,
  );
  return parts.join("\n");
}

/**
 * The result as JSON. Per-forecast records are left out unless asked for: they are large and the metrics
 * already summarise them. NaN and Infinity become null, as JSON has no such numbers.
 */
export function toJsonReport(result: WalkForwardResult, options: { includeRecords?: boolean } = {}): string {
  const body = options.includeRecords
    ? result
    : { ...result, entries: result.entries.map(({ records: _records, ...rest }) => rest) };
  return JSON.stringify(
    body,
    (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value),
    2,
  );
}

const NOTES = [
  "MAE, RMSE and MAPE score the median price close * exp(q0.5). MASE divides MAE by persistence's MAE on the same test points (< 1 beats persistence).",
  'Direction: "up" is a log return > 0; zero counts as not up. p(50%) is the exact two-sided binomial test against a coin; maj is the majority-class share of the test set (the best constant guess in hindsight) and p(>maj) the one-sided binomial test of beating it.',
  "Pinball and CRPS are on log returns (CRPS approximated from the five quantiles). cov80/cov95: share of outcomes inside [q0.1, q0.9] and [q0.025, q0.975].",
  "DM: Diebold-Mariano statistic against persistence with Newey-West variance (h - 1 lags) and the Harvey-Leybourne-Newbold correction, on d = loss(model) - loss(persistence): negative means the model's loss is lower. p(DM) is two-sided, from Student's t with n - 1 degrees of freedom.",
  "Backtest: long for the next step when P(up) > threshold, else flat; fees on every position change, open positions sold at the end; Sharpe annualised at zero risk-free rate.",
];

/** A Markdown report: a section per symbol, a metrics table per horizon, the h=1 backtest, and notes. */
export function toMarkdownReport(result: WalkForwardResult): string {
  const lines: string[] = ["# Walk-forward evaluation", "", summaryLine(result), ""];
  for (const symbol of result.symbols) {
    lines.push(`## ${symbol}`, "");
    for (const horizon of result.config.horizons) {
      const entries = bySymbolAndHorizon(result, symbol, horizon);
      if (entries.length === 0) continue;
      lines.push(`### Horizon ${horizon}`, "", markdownTable(METRIC_HEADER, entries.map(metricRow)), "");
    }
    const rows = backtestRows(bySymbolAndHorizon(result, symbol, 1));
    if (rows.length > 0)
      lines.push("### Backtest (h = 1, long/flat)", "", markdownTable(BACKTEST_HEADER, rows), "");
  }
  lines.push("## Probabilistic skill", "", shippingLine(result), "");
  for (const table of skillTables(result)) {
    lines.push(`### ${table.title}`, "", markdownTable(table.header, table.rows), "");
  }
  lines.push("## Notes", "", ...NOTES.map((n) => `- ${n}`), "");
  return lines.join("\n");
}

/** Where the shipped models' evaluation is recorded (and where their model cards read it). */
export function evaluationDir(modelsDir: string, timeframe: string): string {
  return join(modelsDir, "evaluation", timeframe);
}

/**
 * Reads back a report.json written by writeReport (its per-forecast records were left out), or null when
 * `dir` holds none.
 */
export async function readReport(dir: string): Promise<WalkForwardResult | null> {
  // A large report may be committed gzipped (report.json.gz) beside its report.md.
  const text =
    (await readFile(join(dir, "report.json"), "utf8").catch(() => null)) ??
    (await readFile(join(dir, "report.json.gz")).then(
      (zipped) => gunzipSync(zipped).toString("utf8"),
      () => null,
    ));
  if (text === null) return null;
  const report = JSON.parse(text) as WalkForwardResult;
  return { ...report, entries: report.entries.map((e) => ({ ...e, records: e.records ?? [] })) };
}

/** Writes report.json and report.md into `dir` (created if missing) and returns their paths. */
export async function writeReport(
  result: WalkForwardResult,
  dir: string,
): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, "report.json");
  const markdown = join(dir, "report.md");
  await writeFile(json, `${toJsonReport(result)}\n`);
  await writeFile(markdown, toMarkdownReport(result));
  return { json, markdown };
}
