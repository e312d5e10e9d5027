/**
 * Latency of a forecast from the shipped daily model on wasm, the way the forecast service asks for one:
 * NeuralForecaster.predict on BTC candles already in memory, which computes the features, scales and
 * windows them, runs the network and applies the conformal calibration. One origin (the latest candle) and
 * 256 origins in one call. Run: `npx tsx bench/forecast-latency.ts [--quick] [--model <dir>]`.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLogger, type Logger, silentLogger } from "../src/logger.js";
import { fillGaps } from "../src/market/gaps.js";
import { resample } from "../src/market/resample.js";
import { loadShipped } from "../src/market/shipped.js";
import { type SelectedBackend, selectBackend } from "../src/model/backend.js";
import { listModelDirs, META_FILE } from "../src/model/model-io.js";
import { neuralForecasterFromSaved } from "../src/model/neural-forecaster.js";
import type { SeriesData } from "../src/model/types.js";
import { projectPath } from "../src/paths.js";
import { type BenchResult, isMain, measure, printTable, quickFlag, type SummaryRow } from "./measure.js";

const SYMBOL = "BTC/USDT";
/** Horizon, in candles of the model's timeframe: `forecast btc 1d` on the daily model. */
const HORIZON = 1;
const BATCH_ORIGINS = 256;
const TARGET_SINGLE_MS = 30;
const TARGET_BATCH_MS = 300;
const NAME_SINGLE = "forecast, 1 origin (features + network)";
const NAME_BATCH = `forecast, ${BATCH_ORIGINS} origins in one call`;

export interface ForecastLatencyOptions {
  /** A directory saved by NeuralForecaster.toSaved; default the shipped daily model, models/1d. */
  modelDir?: string;
  /** Timed runs after warm-up: one origin, and the batch of 256. */
  singleRuns?: number;
  batchRuns?: number;
  /** Untimed runs of each before timing (kernels compile and the wasm heap grows on the first calls). */
  warmup?: number;
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
      candles: number;
      single: BenchResult;
      batch: BenchResult;
      selected: SelectedBackend;
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

  const selected = await selectBackend({ preference: "wasm", logger: options.logger ?? silentLogger() });
  const forecaster = await neuralForecasterFromSaved(modelDir);
  try {
    const meta = forecaster.networks[0];
    if (meta === undefined) throw new Error(`${modelDir}: the forecaster restored no network`);
    const shipped = await loadShipped(SYMBOL);
    if (shipped === null) throw new Error(`no shipped history for ${SYMBOL}`);
    const series: SeriesData = {
      symbol: SYMBOL,
      candles: resample(fillGaps(shipped).candles, meta.timeframe),
    };
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
      candles: series.candles.length,
      single,
      batch,
      selected,
    };
  } finally {
    forecaster.dispose();
  }
}

/** Summary rows: both latencies against their targets, or nothing when the bench was skipped. */
export function summariseForecastLatency(report: ForecastLatencyReport): SummaryRow[] {
  if (report.status === "skipped") return [];
  return [
    {
      bench: "forecast-latency",
      name: "forecast 1 origin, wasm",
      value: report.single.medianMs,
      unit: "ms",
      target: { op: "<", value: TARGET_SINGLE_MS },
    },
    {
      bench: "forecast-latency",
      name: `forecast ${BATCH_ORIGINS} origins, wasm`,
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
  console.log(
    `${report.model} (${report.candles} candles in memory), horizon ${HORIZON}, ${report.modelDir} ` +
      `(wasm: SIMD ${selected.has.simd ? "on" : "off"}, threads ${selected.threads}); timed after warm-up`,
  );
  printTable([report.single, report.batch], {
    [NAME_SINGLE]: `< ${TARGET_SINGLE_MS} ms`,
    [NAME_BATCH]: `< ${TARGET_BATCH_MS} ms`,
  });
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, model: { type: "string" } } });
  const report = await benchForecastLatency({
    ...(quickFlag() ? QUICK_OPTIONS : {}),
    ...(values.model === undefined ? {} : { modelDir: values.model }),
    logger: createLogger("info"),
  });
  printForecastLatency(report);
}
