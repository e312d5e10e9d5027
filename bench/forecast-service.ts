/**
 * The forecast service as chat commands use it: shipped data and models, the model on wasm in a worker
 * thread, cache and ledger in a fresh data directory. Measures
 *   - a cached forecast (in process, the keyv SQLite cache answering),
 *   - an uncached forecast (candles in memory, then features + network in the worker; no chart),
 *   - 1,000 concurrent requests over 3 symbols x 5 horizons on an empty cache: all answered, model runs
 *     counted (the single flight should allow one per distinct pair), p50/p99 latency,
 *   - uncached forecast latency while a full retrain (the 4h challenger: the shipped 4h model ends in
 *     June 2025, so there is held-out data to train against) runs in the training worker, with the same
 *     figure measured before it started beside it.
 * Run: `npx tsx bench/forecast-service.ts [--quick]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConfig } from "../src/config.js";
import type { ModelRunner } from "../src/forecast/runner.js";
import type { ForecastService } from "../src/forecast/service.js";
import { silentLogger } from "../src/logger.js";
import { type CoreOverrides, createServices, type Services } from "../src/main.js";
import { uncachedCore } from "./core-overrides.js";
import {
  type BenchResult,
  isMain,
  measure,
  median,
  printTable,
  quickFlag,
  type SummaryRow,
} from "./measure.js";

const TARGET_CACHED_MS = 2;
const TARGET_UNCACHED_MS = 100;
const TARGET_DURING_RETRAIN_P99_MS = 250;
const SYMBOLS = ["BTC", "ETH", "XRP"];
const HORIZONS = ["4h", "12h", "1d", "3d", "7d"];

export interface ForecastServiceOptions {
  cachedRuns?: number;
  uncachedRuns?: number;
  concurrent?: number;
  /** How long forecasts are sampled while the retrain runs, and how often one is asked for (ms). */
  retrainSampleMs?: number;
  retrainEveryMs?: number;
}

export const QUICK_OPTIONS: ForecastServiceOptions = {
  cachedRuns: 20,
  uncachedRuns: 5,
  concurrent: 100,
  retrainSampleMs: 3_000,
};

export interface LatencySpread {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ForecastServiceReport {
  cached: BenchResult;
  uncached: BenchResult;
  concurrent: LatencySpread & {
    requests: number;
    answered: number;
    distinct: number;
    modelRuns: number;
    wallMs: number;
  };
  idle: LatencySpread;
  duringRetrain: LatencySpread & { retrainProgress: number };
}

function spread(latencies: readonly number[]): LatencySpread {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { count: sorted.length, p50Ms: median(sorted), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

async function withServices<T>(
  overrides: CoreOverrides,
  run: (s: Services, f: ForecastService) => Promise<T>,
) {
  const dataDir = await mkdtemp(join(tmpdir(), "coincast-bench-"));
  const config = createConfig({
    DATA_DIR: dataDir,
    TF_BACKEND: "wasm",
    LOG_LEVEL: "silent",
    RETRAIN_CRON: "off",
  });
  const services = createServices(config, silentLogger(), overrides);
  try {
    const service = await services.forecastService();
    // The first forecast starts the worker (tsx, TensorFlow.js, the model): not what is measured.
    await service.forecast("BTC", "1d");
    return await run(services, service);
  } finally {
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Asks for an uncached forecast every `everyMs` for `forMs`, each timed on its own. */
async function sample(service: ForecastService, forMs: number, everyMs: number): Promise<number[]> {
  const latencies: Promise<number>[] = [];
  const end = performance.now() + forMs;
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    latencies.push(service.forecast(SYMBOLS[i % 3] as string, "1d").then(() => performance.now() - started));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Promise.all(latencies);
}

export async function benchForecastService(
  options: ForecastServiceOptions = {},
): Promise<ForecastServiceReport> {
  const { cachedRuns = 500, uncachedRuns = 40, concurrent = 1000 } = options;
  const { retrainSampleMs = 30_000, retrainEveryMs = 100 } = options;

  const cached = await withServices({}, async (_, service) =>
    measure("cached forecast", cachedRuns, () => service.forecast("BTC", "1d"), { warmup: 20 }),
  );

  let modelRuns = 0;
  const counting = (real: ModelRunner): ModelRunner => ({
    ...real,
    forecast: (input) => {
      modelRuns += 1;
      return real.forecast(input);
    },
  });
  const concurrentReport = await withServices({ runner: counting }, async (_, service) => {
    const started = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: concurrent }, async (_, i) => {
        const t = performance.now();
        await service.forecast(SYMBOLS[i % 3] as string, HORIZONS[Math.floor(i / 3) % 5] as string);
        return performance.now() - t;
      }),
    );
    return {
      ...spread(latencies),
      requests: concurrent,
      answered: latencies.length,
      distinct: SYMBOLS.length * HORIZONS.length,
      // Counted from the start: the warm-up forecast (BTC 1d) is one of the 15 distinct pairs.
      modelRuns,
      wallMs: performance.now() - started,
    };
  });

  const noCache = uncachedCore();
  return withServices(noCache, async (_, service) => {
    const uncached = await measure("uncached forecast (features + model in the worker)", uncachedRuns, () =>
      service.forecast("BTC", "1d"),
    );
    const idle = spread(await sample(service, Math.min(retrainSampleMs, 10_000), retrainEveryMs));
    let retrainProgress = 0;
    const retrain = service.retrainer
      .retrain({ timeframe: "4h" }, (status) => {
        retrainProgress = status.fraction;
      })
      .catch(() => []);
    // Let the training worker start (load TensorFlow.js, build the dataset) before sampling.
    while (retrainProgress === 0 && service.retrainer.status() !== null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const during = spread(await sample(service, retrainSampleMs, retrainEveryMs));
    const progress = retrainProgress;
    // Closing the services terminates the training worker: the retrain ends as "failed", nothing promoted.
    void retrain;
    return {
      cached,
      uncached,
      concurrent: concurrentReport,
      idle,
      duringRetrain: { ...during, retrainProgress: progress },
    };
  });
}

export function printForecastService(report: ForecastServiceReport): void {
  printTable([report.cached, report.uncached], {
    [report.cached.name]: `< ${TARGET_CACHED_MS} ms`,
    [report.uncached.name]: `< ${TARGET_UNCACHED_MS} ms`,
  });
  const c = report.concurrent;
  console.log(
    `${c.requests} concurrent requests over ${c.distinct} (symbol, horizon) pairs: ${c.answered} answered, ` +
      `${c.modelRuns} model runs, p50 ${c.p50Ms.toFixed(1)} ms, p99 ${c.p99Ms.toFixed(1)} ms, ` +
      `max ${c.maxMs.toFixed(1)} ms, all in ${c.wallMs.toFixed(0)} ms`,
  );
  const line = (label: string, s: LatencySpread) =>
    `${label}: ${s.count} uncached forecasts, p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms`;
  console.log(line("no retrain running", report.idle));
  console.log(
    `${line("while the 4h retrain runs", report.duringRetrain)} ` +
      `(retrain ${(report.duringRetrain.retrainProgress * 100).toFixed(0)}% done when sampling ended; ` +
      `p99 ratio to idle ${(report.duringRetrain.p99Ms / report.idle.p99Ms).toFixed(2)}x)`,
  );
}

export function summariseForecastService(report: ForecastServiceReport): SummaryRow[] {
  const bench = "forecast-service";
  // The count sent: 1,000, or 100 with --quick.
  const concurrent = `${report.concurrent.requests.toLocaleString("en-US")} concurrent`;
  return [
    {
      bench,
      name: "cached forecast",
      value: report.cached.medianMs,
      unit: "ms",
      target: { op: "<", value: TARGET_CACHED_MS },
    },
    {
      bench,
      name: "uncached forecast",
      value: report.uncached.medianMs,
      unit: "ms",
      target: { op: "<", value: TARGET_UNCACHED_MS },
    },
    {
      bench,
      name: `${concurrent}: model runs`,
      value: report.concurrent.modelRuns,
      unit: "runs",
      target: { op: "<", value: report.concurrent.distinct + 1 },
    },
    { bench, name: `${concurrent}: p99`, value: report.concurrent.p99Ms, unit: "ms" },
    {
      bench,
      name: "p99 during retrain",
      value: report.duringRetrain.p99Ms,
      unit: "ms",
      target: { op: "<", value: TARGET_DURING_RETRAIN_P99_MS },
    },
  ];
}

if (isMain(import.meta.url)) {
  const report = await benchForecastService(quickFlag() ? QUICK_OPTIONS : {});
  printForecastService(report);
}
