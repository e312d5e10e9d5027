/**
 * What a down cache costs a forecast: the forecast service over the shipped data, asking for a forecast
 * and its chart as a chat command does, with the model replaced by a constant answer (so the figure is the
 * service's own overhead, not TensorFlow.js). Three set-ups, each in a fresh data directory:
 *   - no cache at all (a cache that always misses): the floor,
 *   - Redis refused (REDIS_URL=redis://127.0.0.1:1, nothing listens): the first call meets the failure
 *     and opens the circuit, later calls skip the cache,
 *   - the SQLite cache, working: for comparison.
 * Run: `npx tsx bench/cache-down.ts [--quick]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConfig } from "../src/config.js";
import type { ModelRunner } from "../src/forecast/runner.js";
import { silentLogger } from "../src/logger.js";
import { type CoreOverrides, createServices } from "../src/main.js";
import { uncachedCore } from "./core-overrides.js";
import { type BenchResult, isMain, measure, printTable, quickFlag } from "./measure.js";

const QUANTILES = [-0.05, -0.02, 0.001, 0.02, 0.05];
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The model and the chart renderer answer at once: what is left is cache, ledger and candles. */
const instant = (real: ModelRunner): ModelRunner => ({
  ...real,
  forecast: async () => ({ quantiles: QUANTILES }),
  chart: async () => ({ png: PNG }),
});

async function run(name: string, env: Record<string, string>, overrides: CoreOverrides, runs: number) {
  const dataDir = await mkdtemp(join(tmpdir(), "coincast-bench-cache-"));
  const config = createConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", RETRAIN_CRON: "off", ...env });
  const services = createServices(config, silentLogger(), { runner: instant, ...overrides });
  try {
    const service = await services.forecastService();
    // Every call a new key (another horizon or coin), so a working cache is a miss too: get and set both run.
    const horizons = ["4h", "12h", "1d", "3d", "7d"];
    const symbols = ["BTC", "ETH", "XRP"];
    let i = 0;
    return await measure(name, runs, async () => {
      const f = await service.forecast(symbols[i % 3] as string, horizons[Math.floor(i / 3) % 5] as string);
      i += 1;
      await service.chart(f);
    });
  } finally {
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchCacheDown(runs = 30): Promise<BenchResult[]> {
  const none = uncachedCore();
  return [
    await run("forecast + chart, no cache", {}, none, runs),
    await run("forecast + chart, Redis refused", { REDIS_URL: "redis://127.0.0.1:1" }, {}, runs),
    await run("forecast + chart, SQLite cache", {}, {}, runs),
  ];
}

if (isMain(import.meta.url)) {
  const results = await benchCacheDown(quickFlag() ? 5 : 30);
  printTable(results);
  const [none, down] = results;
  if (none !== undefined && down !== undefined) {
    console.log(
      `Redis refused: the first call ${down.firstMs.toFixed(0)} ms (it meets the failure and opens the circuit), ` +
        `then a median ${down.medianMs.toFixed(1)} ms against ${none.medianMs.toFixed(1)} ms with no cache at all`,
    );
  }
}
