import type { Config } from "./config.js";
import type { Metrics } from "./contracts/metrics.js";
import type { FleetAttempts } from "./fleet/attempts.js";
import type { ChampionEvents } from "./fleet/champion-events.js";
import type { Election } from "./fleet/leader.js";
import type { FleetLock } from "./fleet/lock.js";
import type { FleetStatus, QueueModelRunner } from "./fleet/queue-runner.js";
import type { QueueWorker } from "./fleet/queue-worker.js";
import type { TrackRecordSource } from "./forecast/close-at.js";
import type { ForecastService } from "./forecast/service.js";
import type { ModelRegistry } from "./lifecycle/model-registry.js";
import type { Logger } from "./logger.js";
import type { SeriesStatus } from "./market/history.js";
import type { MarketData } from "./market/market-data.js";
import type { SelectedBackend } from "./model/acceleration/backend.js";
import type { ModelTimeframe } from "./model/horizons.js";
import type { SeriesData } from "./model/types.js";
import type { SubscriptionStore } from "./schedule/store.js";
import type { WorkerPoolStats } from "./workers/worker-pool.js";

/**
 * `all` (default): chat, schedules and the model work in this process, as a single bot always ran; with
 * REDIS_URL it also takes jobs from the fleet's queues. `bot`: chat and schedules only, the model work
 * goes to `coincast worker` processes through BullMQ (needs REDIS_URL).
 */
export type StartRole = "all" | "bot";

/**
 * What the composition root (src/create-services.ts) builds, each service on first use, once per process, from Config.
 * Commands ask for what they need, so `coincast --help` builds nothing, and a forecast from stored candles
 * never loads ccxt.
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  marketData(): Promise<MarketData>;
  /** Selects and initialises the TensorFlow.js back-end (process-wide), once. */
  modelBackend(): Promise<SelectedBackend>;
  /** Every configured symbol's candles at a model timeframe, from the local store (no network). */
  modelSeries(timeframe: ModelTimeframe): Promise<SeriesData[]>;
  /**
   * The training corpus (data/corpus/ and DATA_DIR/corpus/, pairs outside SYMBOLS) in `timeframe`, through
   * the candle store; never refreshed from the exchange.
   */
  corpusSeries(timeframe: ModelTimeframe): Promise<SeriesData[]>;
  /** `data status` rows of the corpus (4h). */
  corpusStatus(): Promise<SeriesStatus[]>;
  /**
   * The pairs kept on demand, as DATA_DIR's registry names them (read only: MarketData.loadKept applies
   * MAX_SYMBOLS).
   */
  keptSymbols(): Promise<string[]>;
  /** Which model version serves each timeframe, and the kept ones (no model is loaded). */
  modelRegistry(): Promise<ModelRegistry>;
  /** The kept model versions for reading (`model list`): the registry without the fleet's announcements. */
  modelVersions(): Promise<ModelRegistry>;
  /** The forecast core (cache, ledger, worker threads, retraining), built once. */
  forecastService(): Promise<ForecastService>;
  /** The ledger's track record, scored on the stored candles (`accuracy`): no model, cache or fleet. */
  trackRecord(): Promise<TrackRecordSource>;
  /** Channel subscriptions and their posts (DATA_DIR/subscriptions.sqlite, or DATABASE_URL), opened once. */
  subscriptionStore(): Promise<SubscriptionStore>;
  /**
   * With REDIS_URL: the BullMQ runner every forecast goes through (so replicas share model runs), its
   * fleet status and a fleet-wide lock; undefined without REDIS_URL (worker threads in this process).
   */
  fleet(): Promise<Fleet | undefined>;
  /**
   * Takes model work from the queues on this machine's worker threads (`coincast worker`, and `coincast
   * start --role all` with REDIS_URL).
   * @throws ConfigError without REDIS_URL.
   */
  startQueueWorker(options?: { lockDurationMs?: number; stalledIntervalMs?: number }): Promise<QueueWorker>;
  /**
   * Resolves once this process's forecast threads have started TensorFlow.js on TF_BACKEND (starting them
   * if need be); rejects with their ConfigError when the back-end asked for cannot run here.
   */
  modelThreadsReady(): Promise<void>;
  /**
   * What the core counts for an operator: Prometheus metrics with HTTP_PORT (prom-client loads then),
   * NO_METRICS without. The forecast core and the queue worker are built with it.
   */
  metrics(): Promise<Metrics>;
  /** This process's forecast threads, once started (undefined before, and in a bot replica, which has none). */
  forecastPool(): WorkerPoolStats | undefined;
  /** Stops what was started (worker threads, database handles) so the process can exit. */
  close(): Promise<void>;
}

/** The shared parts of a fleet of bot replicas and workers on one Redis (REDIS_URL). */
export interface Fleet {
  runner: QueueModelRunner;
  lock: FleetLock;
  /** Attempts with their outcome (a day's post, without PostgreSQL), so that a failed one may be retried once. */
  attempts: FleetAttempts;
  /** Roles one replica holds at a time (the Telegram poller, the Discord gateway), over a renewed lease in Redis. */
  election: Election;
  champions: ChampionEvents;
  status(): Promise<FleetStatus>;
  /**
   * Announces this bot's subscription store (its identity) until the process closes, and warns when the
   * live bots write more than one (src/fleet/store-split.ts).
   */
  announceStore(identity: string): Promise<void>;
}
