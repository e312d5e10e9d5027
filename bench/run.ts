/**
 * Every bench in sequence, each table as it finishes, then a one-screen summary against the targets.
 * Run: `npm run bench` (or `npx tsx bench/run.ts`) with `--quick` for tiny settings (a smoke test, not a
 * measurement), `--no-simd` for wasm's plain build in train-throughput, `--model <dir>` for another
 * saved model in forecast-latency. Benches share one process, so they run one after another, never at once.
 */
import { parseArgs } from "node:util";
import { benchChart, printChart, QUICK_RUNS as QUICK_CHART_RUNS, summariseChart } from "./chart.js";
import { benchFeatures, printFeatures, QUICK_RUNS, summariseFeatures } from "./features.js";
import {
  benchForecastLatency,
  printForecastLatency,
  QUICK_OPTIONS as QUICK_FORECAST,
  summariseForecastLatency,
} from "./forecast-latency.js";
import {
  benchForecastService,
  printForecastService,
  QUICK_OPTIONS as QUICK_SERVICE,
  summariseForecastService,
} from "./forecast-service.js";
import { printSummary, type SummaryRow } from "./measure.js";
import {
  benchTrainThroughput,
  printTrainThroughput,
  QUICK_OPTIONS as QUICK_TRAIN,
  summariseTrainThroughput,
} from "./train-throughput.js";

interface Bench {
  name: string;
  /** Runs the bench, prints its table and returns its summary rows, or a note when it skipped. */
  run: () => Promise<{ rows: SummaryRow[]; note?: string }>;
}

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "no-simd": { type: "boolean", default: false },
    model: { type: "string" },
  },
});
const quick = values.quick;

const benches: Bench[] = [
  {
    name: "features",
    run: async () => {
      const results = await benchFeatures(quick ? QUICK_RUNS : undefined);
      printFeatures(results);
      return { rows: summariseFeatures(results) };
    },
  },
  {
    name: "train-throughput",
    run: async () => {
      const report = await benchTrainThroughput({
        ...(quick ? QUICK_TRAIN : {}),
        ...(values["no-simd"] ? { wasmSimd: false } : {}),
      });
      printTrainThroughput(report);
      return { rows: summariseTrainThroughput(report) };
    },
  },
  {
    name: "forecast-latency",
    run: async () => {
      const report = await benchForecastLatency({
        ...(quick ? QUICK_FORECAST : {}),
        ...(values.model === undefined ? {} : { modelDir: values.model }),
      });
      printForecastLatency(report);
      return {
        rows: summariseForecastLatency(report),
        ...(report.status === "skipped" ? { note: `skipped: ${report.reason}` } : {}),
      };
    },
  },
  {
    name: "forecast-service",
    run: async () => {
      const report = await benchForecastService(quick ? QUICK_SERVICE : {});
      printForecastService(report);
      return { rows: summariseForecastService(report) };
    },
  },
  {
    name: "chart",
    run: async () => {
      const results = await benchChart(quick ? QUICK_CHART_RUNS : undefined);
      printChart(results);
      return { rows: summariseChart(results) };
    },
  },
];

const rows: SummaryRow[] = [];
const notes: string[] = [];
let failed = false;
const started = performance.now();
for (const bench of benches) {
  console.log(`\n== ${bench.name}${quick ? " (--quick: smoke test, not a measurement)" : ""}`);
  const benchStart = performance.now();
  try {
    const result = await bench.run();
    rows.push(...result.rows);
    if (result.note !== undefined) notes.push(`${bench.name}: ${result.note}`);
  } catch (error) {
    // One broken bench should not hide the figures of the others.
    failed = true;
    console.error(error);
    notes.push(`${bench.name}: FAILED (${error instanceof Error ? error.message : String(error)})`);
  }
  console.log(`(${bench.name}: ${((performance.now() - benchStart) / 1000).toFixed(1)} s)`);
}

console.log(`\n== summary${quick ? " (--quick: figures are not measurements)" : ""}`);
printSummary(rows);
for (const note of notes) console.log(note);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failed) process.exitCode = 1;
