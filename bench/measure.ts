/** What every bench shares: timing, medians, tables, the summary row, and "am I the script being run". */
import { pathToFileURL } from "node:url";

/** One measured step: times over `runs` runs, the first (cold, JIT not yet warm) run shown apart. */
export interface BenchResult {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** The first timed run: cold unless warm-up runs came before it. */
  firstMs: number;
  runs: number;
}

/** A figure with its target, as the end-of-run summary shows it. */
export interface SummaryRow {
  bench: string;
  name: string;
  value: number;
  unit: "ms" | "x" | "runs";
  /** `<`: the value must stay below it (a latency); `>=`: reach it (a speed-up). Absent: informative only. */
  target?: { op: "<" | ">="; value: number };
}

export interface MeasureOptions {
  /** Untimed runs first (compiling kernels, growing the wasm heap). Default 0: the first run is timed. */
  warmup?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `step` `warmup` times untimed, then `runs` times timed; awaits it, so async work is included. */
export async function measure(
  name: string,
  runs: number,
  step: () => unknown,
  options: MeasureOptions = {},
): Promise<BenchResult> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  return {
    name,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    firstMs: times[0] as number,
    runs,
  };
}

/** The median / min / max / first table; `targets` adds a column (by row name) where a row has one. */
export function printTable(results: readonly BenchResult[], targets: Record<string, string> = {}): void {
  const pad = Math.max(4, ...results.map((r) => r.name.length));
  const hasTargets = Object.keys(targets).length > 0;
  console.log(
    `${"step".padEnd(pad)}  median ms   min ms   max ms  first ms  runs${hasTargets ? "  target" : ""}`,
  );
  for (const r of results) {
    const cells = [r.medianMs, r.minMs, r.maxMs, r.firstMs].map((v) => v.toFixed(1).padStart(8));
    const target = hasTargets ? `  ${targets[r.name] ?? ""}` : "";
    console.log(`${r.name.padEnd(pad)}  ${cells.join(" ")}  ${String(r.runs).padStart(4)}${target}`);
  }
}

/** "pass" / "FAIL" against a row's target, with value/target (below 1 passes a `<` target, not a `>=`). */
export function verdict(row: SummaryRow): { ratio: number; pass: boolean } | null {
  if (row.target === undefined) return null;
  const ratio = row.value / row.target.value;
  return { ratio, pass: row.target.op === "<" ? ratio < 1 : ratio >= 1 };
}

/** One screen: bench, figure, value, target, value/target and pass/FAIL. */
export function printSummary(rows: readonly SummaryRow[]): void {
  // At least two significant digits: one decimal would show a 0.25x target as 0.3x beside its ratio.
  const digits = (value: number) =>
    Number.isInteger(value) ? String(value) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toPrecision(2);
  const show = (row: SummaryRow, value: number) =>
    `${digits(value)}${row.unit === "x" ? "x" : ` ${row.unit}`}`;
  const table = rows.map((row) => {
    const v = verdict(row);
    return [
      row.bench,
      row.name,
      show(row, row.value),
      row.target ? `${row.target.op} ${show(row, row.target.value)}` : "-",
      v ? v.ratio.toFixed(2) : "-",
      v ? (v.pass ? "pass" : "FAIL") : "-",
    ];
  });
  const header = ["bench", "figure", "median", "target", "ratio", "verdict"];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...table.map((cells) => (cells[i] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ");
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
}

/** True when the module at `moduleUrl` is the script node was started with (`npx tsx bench/<name>.ts`). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(script).href;
}

/** `--quick`: tiny settings, to check a bench runs end to end, not to measure anything. */
export function quickFlag(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes("--quick");
}
