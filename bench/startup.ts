/**
 * Start-up time as a new user meets it: `coincast --help`, `coincast forecast BTC 1d`, and the console's
 * first answer after `npm start` (`/forecast BTC 1d` piped in), each a fresh process in a fresh DATA_DIR
 * (no cache, no candle store, no ledger) with no chat token and an exchange URL nobody answers, so no run
 * touches the network. The clock runs from spawn to the process's exit (`--help`, `forecast`) or to the
 * first line of the answer on stdout (`npm start`).
 * Run: `npx tsx bench/startup.ts [--quick] [--runs N]`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type BenchResult, isMain, median, printTable, quickFlag, type SummaryRow } from "./measure.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "coincast.mjs");
const RUNS = 7;
export const QUICK_RUNS = 1;

export const NAME_HELP = "coincast --help";
export const NAME_FORECAST = "coincast forecast BTC 1d";
export const NAME_CONSOLE = "npm start, first answer to /forecast BTC 1d";
const TARGETS_MS: Record<string, number> = { [NAME_HELP]: 500, [NAME_FORECAST]: 2500, [NAME_CONSOLE]: 2500 };

interface Step {
  name: string;
  command: string;
  args: string[];
  stdin?: string;
  /** Stop the clock at the first stdout chunk matching this, instead of at exit. */
  until?: RegExp;
}

const STEPS: Step[] = [
  { name: NAME_HELP, command: process.execPath, args: [BIN, "--help"] },
  { name: NAME_FORECAST, command: process.execPath, args: [BIN, "forecast", "BTC", "1d"] },
  {
    name: NAME_CONSOLE,
    command: "npm",
    args: ["start", "--silent"],
    stdin: "/forecast BTC 1d\n",
    // The answer's first line names the pair and the horizon.
    until: /BTC\/USDT/,
  },
];

/** The user's environment without anything that would make a run differ: no tokens, no Redis, no .env keys. */
function cleanEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    EXCHANGE_API_URL: "http://127.0.0.1:9",
  };
}

/** One timed run of `step` in a fresh data directory; rejects when the command fails or never answers. */
function runOnce(step: Step): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "coincast-startup-"));
  return new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(step.command, step.args, { cwd: ROOT, env: cleanEnv(dataDir) });
    let stdout = "";
    let stderr = "";
    let answeredAt: number | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (answeredAt === undefined && step.until?.test(stdout)) answeredAt = performance.now();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(step.stdin ?? "");
    child.on("error", reject);
    child.on("close", (code) => {
      const end = answeredAt ?? performance.now();
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${step.name} exited ${code}:\n${stderr}`));
      else if (step.until !== undefined && answeredAt === undefined)
        reject(new Error(`${step.name} never answered:\n${stdout}`));
      else resolve(end - start);
    });
  });
}

/** Every step `runs` times, interleaved (help, forecast, console, help, ...), so load drifts hit all alike. */
export async function benchStartup(runs = RUNS): Promise<BenchResult[]> {
  const times = new Map<string, number[]>(STEPS.map((step) => [step.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const step of STEPS) times.get(step.name)?.push(await runOnce(step));
  }
  return STEPS.map((step) => {
    const t = times.get(step.name) ?? [];
    return {
      name: step.name,
      medianMs: median(t),
      minMs: Math.min(...t),
      maxMs: Math.max(...t),
      firstMs: t[0] as number,
      runs,
    };
  });
}

export function printStartup(results: readonly BenchResult[]): void {
  printTable(
    results,
    Object.fromEntries(Object.entries(TARGETS_MS).map(([name, ms]) => [name, `< ${ms} ms`])),
  );
}

export function summariseStartup(results: readonly BenchResult[]): SummaryRow[] {
  return results.map((r) => {
    const target = TARGETS_MS[r.name];
    return {
      bench: "startup",
      name: r.name,
      value: Math.round(r.medianMs),
      unit: "ms",
      ...(target === undefined ? {} : { target: { op: "<", value: target } }),
    };
  });
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, runs: { type: "string" } },
  });
  const runs = values.runs !== undefined ? Number(values.runs) : quickFlag() ? QUICK_RUNS : RUNS;
  const results = await benchStartup(runs);
  printStartup(results);
  console.log(`(${runs} runs each, load average ${(await import("node:os")).loadavg()[0]?.toFixed(2)})`);
}
