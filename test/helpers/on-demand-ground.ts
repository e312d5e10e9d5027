import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import type { Logger } from "../../src/logger.js";
import { createExchange } from "../../src/market/exchange.js";
import { createMarketData } from "../../src/market/market-data.js";
import { createCandleStore } from "../../src/market/store.js";
import type { CandleStore } from "../../src/market/types.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { fastBackoff } from "./fast-backoff.js";

/**
 * The ground the /forecast suites for pairs outside SYMBOLS build on (on-demand-fixture.ts,
 * offline-corpus-forecast.test.ts): a fresh folder per test and the real market data over an exchange URL.
 */

/**
 * Registers a suite's hooks: a fresh folder `dir` (named `prefix`…) before each test; after it, whatever
 * `closers` holds closed, last opened first, then the folder gone. A kept pair's use is saved in the
 * background (on-demand.ts: `void save()` after the answer): its replaceFile temp file (or the
 * registry's lock folder, on-demand-registry.ts) can land while rm walks the folder (ENOTEMPTY once in a
 * full run), hence the retries.
 */
export function folderPerTest(prefix: string): { dir: string; closers: (() => Promise<void>)[] } {
  const state = { dir: "", closers: [] as (() => Promise<void>)[] };
  beforeEach(async () => {
    state.dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const close of state.closers.splice(0).reverse()) await close();
    await rm(state.dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return state;
}

/**
 * The market data over the exchange at `apiUrl` (binance, no retries unless `retries`, then 1 ms apart),
 * its candle store and on-demand
 * registry (at most `maxSymbols`, default 5, pairs) in `dir`, the corpus folders (if any) read by both.
 * `store` and `registryFile` given: another process over the same files (a restart, a second replica).
 */
export function onDemandMarket(options: {
  dir: string;
  apiUrl: string;
  symbols: string[];
  now: () => number;
  logger: Logger;
  corpusDirs?: string[];
  maxSymbols?: number;
  store?: CandleStore;
  registryFile?: string;
  retries?: number;
  /** EXCHANGE_TIMEOUT_MS; default 10 s. */
  timeoutMs?: number;
}) {
  const { dir, logger, now } = options;
  const corpus = options.corpusDirs === undefined ? {} : { corpusDirs: options.corpusDirs };
  const exchange = {
    id: "binance",
    apiUrl: options.apiUrl,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 0,
  };
  return createMarketData({
    backoff: fastBackoff(1, 1, 1),
    store: options.store ?? createCandleStore({ dir, shippedDir: join(dir, "none"), ...corpus, logger }),
    exchange: createExchange(exchange),
    config: { exchange, symbols: options.symbols },
    logger,
    now,
    onDemand: {
      registryFile: options.registryFile ?? join(dir, "on-demand.json"),
      maxSymbols: options.maxSymbols ?? 5,
      ...corpus,
    },
  });
}

/**
 * A model registry that always serves `champion` (a rollback: its 1d model), stages a challenger in `dir`
 * and neither promotes nor discards anything.
 */
export function servingRegistry(
  dir: string,
  champion: (timeframe: ModelTimeframe) => Promise<ModelVersionInfo>,
) {
  return {
    champion,
    stage: async () => ({ id: "challenger", dir: join(dir, "challenger") }),
    promote: async () => true,
    discard: async () => {},
    rollback: async () => champion("1d"),
  };
}
