/**
 * Start-up time as a new user meets it: `coincast --help`, `coincast forecast BTC 1d`, and the console's
 * first answer after `npm start` (`/forecast BTC 1d` piped in), each a fresh process in a fresh DATA_DIR
 * (no cache, no candle store, no ledger) with no chat token and an exchange URL nobody answers, so no run
 * touches the network. The clock runs from spawn to the process's exit (`--help`, `forecast`) or to the
 * first line of the answer on stdout (`npm start`). Beside each median of wall time it prints the median
 * CPU time (user + system) of the whole process tree, read with /usr/bin/time where it exists: on a machine
 * shared with other work the wall times swing with the load, the CPU a start-up costs much less.
 * Run: `npx tsx bench/startup.ts [--quick] [--runs N]`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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

const TIME = "/usr/bin/time";

interface Run {
  wallMs: number;
  /** User + system CPU of the process and its children until exit; NaN without /usr/bin/time. */
  cpuMs: number;
}

/** One timed run of `step` in a fresh data directory; rejects when the command fails or never answers. */
function runOnce(step: Step): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), "coincast-startup-"));
  const cpuFile = join(dataDir, "cpu.txt");
  const timed = existsSync(TIME);
  const [command, args] = timed
    ? [TIME, ["-f", "%U %S", "-o", cpuFile, step.command, ...step.args]]
    : [step.command, step.args];
  return new Promise<Run>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(dataDir) });
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
      const cpu = timed
        ? readFileSync(cpuFile, "utf8").trim().split("\n").at(-1)?.split(" ").map(Number)
        : [];
      const cpuMs = cpu?.length === 2 ? ((cpu[0] ?? 0) + (cpu[1] ?? 0)) * 1000 : Number.NaN;
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${step.name} exited ${code}:\n${stderr}`));
      else if (step.until !== undefined && answeredAt === undefined)
        reject(new Error(`${step.name} never answered:\n${stdout}`));
      else resolve({ wallMs: end - start, cpuMs });
    });
  });
}

export interface StartupResult extends BenchResult {
  /** Median CPU time (user + system) of the process, NaN where it could not be read. */
  cpuMedianMs: number;
}

/** Every step `runs` times, interleaved (help, forecast, console, help, ...), so load drifts hit all alike. */
export async function benchStartup(runs = RUNS): Promise<StartupResult[]> {
  const times = new Map<string, Run[]>(STEPS.map((step) => [step.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const step of STEPS) times.get(step.name)?.push(await runOnce(step));
  }
  return STEPS.map((step) => {
    const t = (times.get(step.name) ?? []).map((run) => run.wallMs);
    return {
      name: step.name,
      medianMs: median(t),
      minMs: Math.min(...t),
      maxMs: Math.max(...t),
      firstMs: t[0] as number,
      runs,
      cpuMedianMs: median((times.get(step.name) ?? []).map((run) => run.cpuMs)),
    };
  });
}

export function printStartup(results: readonly StartupResult[]): void {
  printTable(
    results,
    Object.fromEntries(
      results.map((r) => [r.name, `< ${TARGETS_MS[r.name]} ms, CPU ${r.cpuMedianMs.toFixed(0)} ms`]),
    ),
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
