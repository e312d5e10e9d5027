/**
 * Latency of a forecast from the shipped daily model, whatever its kind, the way the forecast job asks for
 * one: SavedForecaster.predict on BTC candles already in memory. For a network (on wasm) that computes the
 * features, scales and windows them, runs the network and applies the conformal calibration; for a
 * statistical model (HAR, EWMA...: what ships today) it runs the fitted recursions in plain JavaScript.
 * One origin (the latest candle) and 256 origins in one call, over the last 1,000 candles of the model's
 * timeframe as the service sends them (INFERENCE_CANDLES), or over the whole shipped series (`--candles all`).
 * Run: `npx tsx bench/forecast-latency.ts [--quick] [--model <dir>] [--candles N|all]`.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { INFERENCE_CANDLES } from "../src/forecast/forecast-job-input.js";
import { createLogger, type Logger, silentLogger } from "../src/logger.js";
import { fillGaps } from "../src/market/gaps.js";
import { resample } from "../src/market/resample.js";
import { loadShipped } from "../src/market/shipped.js";
import { type SelectedBackend, selectBackend } from "../src/model/acceleration/backend.js";
import type { ModelTimeframe } from "../src/model/horizons.js";
import { kindOf, loadSavedForecaster } from "../src/model/saved/forecasters.js";
import { listModelDirs, META_FILE, readSavedMetas } from "../src/model/saved/model-io.js";
import type { SeriesData } from "../src/model/types.js";
import { projectPath } from "../src/paths.js";
import { type BenchResult, isMain, measure, printTable, quickFlag, type SummaryRow } from "./measure.js";

const SYMBOL = "BTC/USDT";
/** Horizon, in candles of the model's timeframe: `forecast btc 1d` on the daily model. */
const HORIZON = 1;
const BATCH_ORIGINS = 256;
const TARGET_SINGLE_MS = 30;
const TARGET_BATCH_MS = 300;
const NAME_SINGLE = "forecast, 1 origin (features + model)";
const NAME_BATCH = `forecast, ${BATCH_ORIGINS} origins in one call`;

export interface ForecastLatencyOptions {
  /** A saved model of any kind (network or statistical); default the shipped daily model, models/1d. */
  modelDir?: string;
  /** Timed runs after warm-up: one origin, and the batch of 256. */
  singleRuns?: number;
  batchRuns?: number;
  /** Untimed runs of each before timing (kernels compile and the wasm heap grows on the first calls). */
  warmup?: number;
  /** The last this many candles, as the service sends (default INFERENCE_CANDLES); Infinity for all. */
  candles?: number;
  logger?: Logger;
}

/** `--quick`: a few runs, to see the bench go through; not a measurement. */
export const QUICK_OPTIONS: ForecastLatencyOptions = { singleRuns: 3, batchRuns: 1, warmup: 2 };

export type ForecastLatencyReport =
  | { status: "skipped"; modelDir: string; reason: string }
  | {
      status: "measured";
      modelDir: string;
      /** Model name, timeframe and the candles it was asked about. */
      model: string;
      kind: "network" | "statistical";
      candles: number;
      single: BenchResult;
      batch: BenchResult;
      /** The TensorFlow.js back-end a network ran on; none for a statistical model. */
      selected: SelectedBackend | null;
    };

/** A pooled model (meta.json in `dir`) or a per-symbol one (meta.json in subdirectories). */
async function hasSavedModel(dir: string): Promise<boolean> {
  const pooled = await access(join(dir, META_FILE)).then(
    () => true,
    () => false,
  );
  return pooled || (await listModelDirs(dir)).length > 0;
}

/** Runs the benchmark and returns its figures; prints nothing. Skips, fitting nothing, without a model. */
export async function benchForecastLatency(
  options: ForecastLatencyOptions = {},
): Promise<ForecastLatencyReport> {
  const modelDir = options.modelDir ?? projectPath("models", "1d");
  const { singleRuns = 20, batchRuns = 5, warmup = 3 } = options;
  if (!(await hasSavedModel(modelDir))) {
    return { status: "skipped", modelDir, reason: `no shipped model in ${modelDir}, run coincast train` };
  }

  const [first] = await readSavedMetas(modelDir);
  // Only a network needs TensorFlow.js: a statistical model is served without it, so it is benched so too.
  const selected =
    first !== undefined && !kindOf(first).needsTensorFlow
      ? null
      : await selectBackend({ preference: "wasm", logger: options.logger ?? silentLogger() });
  const forecaster = await loadSavedForecaster(modelDir);
  try {
    const meta = forecaster.metas[0];
    if (meta === undefined) throw new Error(`${modelDir}: the model restored no meta.json`);
    const shipped = await loadShipped(SYMBOL);
    if (shipped === null) throw new Error(`no shipped history for ${SYMBOL}`);
    const all = resample(fillGaps(shipped).candles, meta.timeframe as ModelTimeframe);
    const keep = options.candles ?? INFERENCE_CANDLES;
    const series: SeriesData = { symbol: SYMBOL, candles: Number.isFinite(keep) ? all.slice(-keep) : all };
    const last = series.candles.length - 1;
    const batchOrigins = Array.from({ length: BATCH_ORIGINS }, (_, i) => last - BATCH_ORIGINS + 1 + i);

    const single = await measure(
      NAME_SINGLE,
      singleRuns,
      () => forecaster.predict(series, [last], [HORIZON]),
      { warmup },
    );
    const batch = await measure(
      NAME_BATCH,
      batchRuns,
      () => forecaster.predict(series, batchOrigins, [HORIZON]),
      { warmup },
    );
    return {
      status: "measured",
      modelDir,
      model: `${meta.name} ${meta.timeframe}, ${SYMBOL}`,
      kind: forecaster.kind,
      candles: series.candles.length,
      single,
      batch,
      selected,
    };
  } finally {
    forecaster.dispose();
  }
}

/** Where the model ran: "wasm" for a network, "JavaScript" for a statistical model. */
const ranOn = (report: Extract<ForecastLatencyReport, { status: "measured" }>) =>
  report.selected === null ? "JavaScript" : report.selected.name;

/** Summary rows: both latencies against their targets, or nothing when the bench was skipped. */
export function summariseForecastLatency(report: ForecastLatencyReport): SummaryRow[] {
  if (report.status === "skipped") return [];
  return [
    {
      bench: "forecast-latency",
      name: `forecast 1 origin, ${report.kind} on ${ranOn(report)}`,
      value: report.single.medianMs,
      unit: "ms",
      target: { op: "<", value: TARGET_SINGLE_MS },
    },
    {
      bench: "forecast-latency",
      name: `forecast ${BATCH_ORIGINS} origins, ${report.kind} on ${ranOn(report)}`,
      value: report.batch.medianMs,
      unit: "ms",
      target: { op: "<", value: TARGET_BATCH_MS },
    },
  ];
}

export function printForecastLatency(report: ForecastLatencyReport): void {
  if (report.status === "skipped") {
    console.log(`forecast-latency skipped: ${report.reason}`);
    return;
  }
  const { selected } = report;
  const where =
    selected === null
      ? "statistical model, plain JavaScript, no TensorFlow.js"
      : `${selected.name}: SIMD ${selected.has.simd ? "on" : "off"}, threads ${selected.threads}`;
  console.log(
    `${report.model} (${report.candles} candles in memory), horizon ${HORIZON}, ${report.modelDir} ` +
      `(${where}); timed after warm-up`,
  );
  printTable([report.single, report.batch], {
    [NAME_SINGLE]: `< ${TARGET_SINGLE_MS} ms`,
    [NAME_BATCH]: `< ${TARGET_BATCH_MS} ms`,
  });
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: { quick: { type: "boolean" }, model: { type: "string" }, candles: { type: "string" } },
  });
  const candles = values.candles === "all" ? Number.POSITIVE_INFINITY : Number(values.candles);
  if (values.candles !== undefined && !(candles > 0)) throw new Error("--candles takes a count or all");
  const report = await benchForecastLatency({
    ...(quickFlag() ? QUICK_OPTIONS : {}),
    ...(values.model === undefined ? {} : { modelDir: values.model }),
    ...(values.candles === undefined ? {} : { candles }),
    logger: createLogger("info"),
  });
  printForecastLatency(report);
}
