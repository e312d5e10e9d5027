import { join } from "node:path";
import type { RecordedEvaluations } from "../../src/evaluation/recorded.js";
import { createForecastCaches } from "../../src/forecast/cache.js";
import { openLedger } from "../../src/forecast/ledger.js";
import type { Ledger } from "../../src/forecast/ledger-contract.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import { createSeriesCache } from "../../src/forecast/series-cache.js";
import { createForecastService } from "../../src/forecast/service.js";
import type { ModelRegistry } from "../../src/lifecycle/model-registry.js";
import { createRetrainer } from "../../src/lifecycle/retrainer.js";
import type { Logger } from "../../src/logger.js";
import type { MarketData } from "../../src/market/market-data.js";

/**
 * The forecast core as the composition root wires it (series cache, forecast and chart caches, a SQLite
 * ledger, the retrainer), over a test's market, registry and runner, with its files in `dir`. What must be
 * closed afterwards goes to `closers`, in the order it was opened.
 */
export async function testForecastService(options: {
  dir: string;
  market: MarketData;
  registry: Pick<ModelRegistry, "champion" | "stage" | "promote" | "discard" | "rollback">;
  runner: ModelRunner;
  logger: Logger;
  now: () => number;
  closers: (() => Promise<void>)[];
  redisUrl?: string | undefined;
  evaluations?: RecordedEvaluations;
  firstRefreshWaitMs?: number | undefined;
  /** What the service gets instead of the ledger itself (a counting proxy). */
  wrapLedger?: (ledger: Ledger) => Ledger;
}) {
  const { dir, market, registry, runner, logger, now, redisUrl } = options;
  const series = createSeriesCache({ market, logger, now });
  // One SQLite connection (or one Redis each) and one circuit for both caches, as the root builds them.
  const { forecasts: cache, charts: chartCache } = createForecastCaches({
    dataDir: dir,
    redisUrl,
    logger,
    timeoutMs: 200,
  });
  const ledger = await openLedger({ file: join(dir, "ledger.sqlite"), logger });
  options.closers.push(
    () => cache.close(),
    () => chartCache.close(),
    () => ledger.close(),
  );
  const symbols = market.symbols;
  const retrainer = createRetrainer({ registry, runner, series, symbols, holdoutDays: 60, logger, now });
  const service = createForecastService({
    market,
    series,
    registry,
    runner,
    cache,
    chartCache,
    ledger: options.wrapLedger?.(ledger) ?? ledger,
    retrainer,
    logger,
    now,
    ...(options.evaluations === undefined ? {} : { evaluations: options.evaluations }),
    ...(options.firstRefreshWaitMs === undefined ? {} : { firstRefreshWaitMs: options.firstRefreshWaitMs }),
  });
  return { service, cache, ledger };
}
