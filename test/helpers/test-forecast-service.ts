import { join } from "node:path";
import type { RecordedEvaluations } from "../../src/evaluation/recorded.js";
import { createForecastCaches } from "../../src/forecast/cache.js";
import { openLedger } from "../../src/forecast/ledger.js";
import type { Ledger } from "../../src/forecast/ledger-contract.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import type { Logger } from "../../src/logger.js";
import type { MarketData } from "../../src/market/market-data.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { type ForecastCoreParts, joinForecastCore } from "../../src/root/forecast-core.js";
import { handMadeMeta } from "./hand-made-meta.js";

/** A hand-made serving model of `timeframe` (its usual horizons), version `cnn-gru <id>`. */
export function handMadeChampion(timeframe: ModelTimeframe, id = "shipped"): ModelVersionInfo {
  const meta = handMadeMeta({ timeframe, horizons: timeframe === "1d" ? [1, 3, 7] : [1, 3, 6] });
  return {
    id,
    dir: `/models/${timeframe}/${id}`,
    meta,
    version: `cnn-gru ${id}`,
    promotedAt: null,
    reason: null,
  };
}

/**
 * A model registry in memory: the hand-made shipped champion of each timeframe until a promotion makes the
 * promoted id serve; a challenger is staged in `dir`; a rollback returns to the shipped one.
 */
function handMadeRegistry(dir: string): ForecastCoreParts["registry"] {
  const champions = new Map<ModelTimeframe, ModelVersionInfo>();
  return {
    champion: async (timeframe) => champions.get(timeframe) ?? handMadeChampion(timeframe),
    stage: async () => ({ id: "challenger", dir: join(dir, "challenger") }),
    promote: async (timeframe, id) => {
      champions.set(timeframe, handMadeChampion(timeframe, id));
      return true;
    },
    discard: async () => {},
    rollback: async (timeframe) => {
      champions.delete(timeframe);
      return handMadeChampion(timeframe);
    },
  };
}

/**
 * The forecast core joined by the composition root's own joinForecastCore (series cache, retrainer,
 * service), over a test's market, registry (default: handMadeRegistry) and runner, with forecast and chart
 * caches and a SQLite ledger in `dir`. What must be closed afterwards goes to `closers`, in the order it was opened.
 */
export async function testForecastService(options: {
  dir: string;
  market: MarketData;
  registry?: ForecastCoreParts["registry"];
  runner: ModelRunner;
  logger: Logger;
  now: () => number;
  closers: (() => Promise<void>)[];
  redisUrl?: string | undefined;
  evaluations?: RecordedEvaluations;
  firstRefreshWaitMs?: number | undefined;
  sleep?: (ms: number) => Promise<void>;
  /** What the service gets instead of the ledger itself (a counting proxy). */
  wrapLedger?: (ledger: Ledger) => Ledger;
}) {
  const { dir, market, runner, logger, now, redisUrl } = options;
  const registry = options.registry ?? handMadeRegistry(dir);
  // One SQLite connection (or one Redis each) and one circuit for both caches, as the root builds them.
  const caches = createForecastCaches({ dataDir: dir, redisUrl, logger, timeoutMs: 200 });
  const ledger = await openLedger({ file: join(dir, "ledger.sqlite"), logger });
  options.closers.push(
    () => caches.forecasts.close(),
    () => caches.charts.close(),
    () => ledger.close(),
  );
  const service = await joinForecastCore({
    market,
    registry,
    runner,
    caches,
    ledger: options.wrapLedger?.(ledger) ?? ledger,
    holdoutDays: 60,
    logger,
    now,
    ...(options.evaluations === undefined ? {} : { evaluations: options.evaluations }),
    ...(options.firstRefreshWaitMs === undefined ? {} : { firstRefreshWaitMs: options.firstRefreshWaitMs }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  return { service, cache: caches.forecasts, ledger };
}
