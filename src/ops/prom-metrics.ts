import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Metrics } from "../contracts/metrics.js";
import type { WorkerBeat } from "../fleet/heartbeat.js";
import type { FleetStatus } from "../fleet/queue-runner.js";
import type { WorkerPoolStats } from "../workers/worker-pool.js";

/**
 * The Metrics port over prom-client, with its own Registry (no global state: two processes in one test run
 * keep their numbers apart). Events (forecasts, cache lookups, jobs, refreshes, alerts, posts) are counted
 * as they happen; the state of the queues, the workers and the serving models is read at each scrape from
 * the sources the role registers, so a scrape shows the fleet as it is, not as it was at the last event.
 * Loaded only with HTTP_PORT (see create-services.ts).
 */
export interface PromMetrics extends Metrics {
  readonly registry: Registry;
  /** Adds what this process can report at scrape time; a source that fails is skipped for that scrape. */
  observe(sources: ScrapeSources): void;
  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export interface ScrapeSources {
  /** The fleet's queues and live workers (a bot replica with REDIS_URL). */
  fleet?: () => Promise<FleetStatus>;
  /** The workers seen in the last minute (a fleet worker, which has no queue runner). */
  workers?: () => Promise<WorkerBeat[]>;
  /** This process's forecast threads (without REDIS_URL, or a fleet worker's own). */
  pool?: () => WorkerPoolStats | undefined;
  /** The model version serving each timeframe. */
  models?: () => Promise<{ timeframe: string; version: string }[]>;
}

/** Latency buckets (s): a cached forecast takes milliseconds, a fresh one tens, a cold queue hop seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Job buckets (s): forecasts and charts in milliseconds, a training challenge in minutes. */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600];

export function createPromMetrics(): PromMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const sources: ScrapeSources[] = [];
  const forecasts = new Counter({
    name: "coincast_forecasts_total",
    help: "Forecast requests by symbol, horizon and outcome (fresh, cached, stale, busy, refused: the user's input, error: the bot's or a dependency's)",
    labelNames: ["symbol", "horizon", "outcome"] as const,
    registers,
  });
  const latency = new Histogram({
    name: "coincast_forecast_duration_seconds",
    help: "Time to answer a forecast request, by outcome (fresh, cached, stale, busy, refused, error)",
    labelNames: ["outcome"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const cache = new Counter({
    name: "coincast_cache_lookups_total",
    help: "Forecast and chart cache lookups, by cache and result (hit, miss)",
    labelNames: ["cache", "result"] as const,
    registers,
  });
  const jobs = new Histogram({
    name: "coincast_job_duration_seconds",
    help: "Queue jobs run by this fleet worker, by job (forecast, chart, challenge) and outcome (ok, error)",
    labelNames: ["job", "outcome"] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const refreshed = new Gauge({
    name: "coincast_data_last_refresh_seconds",
    help: "Unix time of the last successful candle refresh from the exchange, by symbol (from start-up: the last one that stored candles, as the store recorded it)",
    labelNames: ["symbol"] as const,
    registers,
  });
  const alerts = new Counter({
    name: "coincast_alerts_fired_total",
    help: "Alerts that fired on a close, by what became of their post (sent, failed, paused, taken)",
    labelNames: ["status"] as const,
    registers,
  });
  const posts = new Counter({
    name: "coincast_posts_total",
    help: "Posts (scheduled and alerts) to chat platforms, by platform and result (sent, failed)",
    labelNames: ["platform", "result"] as const,
    registers,
  });
  // What every source answers, each within SOURCE_TIMEOUT_MS: a Redis that hangs must not hang the scrape.
  const every = async <T>(read: (s: ScrapeSources) => Promise<T | undefined> | T | undefined) => {
    const found = await Promise.all(sources.map((source) => withTimeout(() => read(source))));
    return found.filter((value): value is Awaited<T> => value !== undefined);
  };
  new Gauge({
    name: "coincast_queue_jobs",
    help: "Jobs in the fleet's queues (forecast, training), by state (waiting, active)",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      this.reset();
      for (const status of await every((s) => s.fleet?.())) {
        for (const queue of ["forecast", "training"] as const)
          for (const state of ["waiting", "active"] as const)
            this.set({ queue, state }, status[queue][state]);
      }
    },
  });
  new Gauge({
    name: "coincast_pool_jobs",
    help: "Jobs on this process's forecast threads, by state (queued, running)",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      this.reset();
      for (const stats of await every((s) => s.pool?.())) {
        this.set({ state: "queued" }, stats.queued);
        this.set({ state: "running" }, stats.running);
      }
    },
  });
  new Gauge({
    name: "coincast_worker_last_heartbeat_seconds",
    help: "Unix time of each live fleet worker's last heartbeat, with its TensorFlow.js back-end",
    labelNames: ["worker", "backend"] as const,
    registers,
    async collect() {
      this.reset();
      const fleets = await every((s) => s.fleet?.().then((f) => f.workers));
      for (const beats of [...fleets, ...(await every((s) => s.workers?.()))])
        for (const beat of beats) this.set({ worker: beat.id, backend: beat.backend }, beat.at / 1000);
    },
  });
  new Gauge({
    name: "coincast_model_info",
    help: "The model version serving each timeframe (value 1)",
    labelNames: ["timeframe", "version"] as const,
    registers,
    async collect() {
      this.reset();
      for (const models of await every((s) => s.models?.()))
        for (const { timeframe, version } of models) this.set({ timeframe, version }, 1);
    },
  });

  return {
    registry,
    observe: (more) => {
      // Two gauges read the fleet's status: one round of Redis calls serves both in a scrape.
      const fleet = more.fleet;
      sources.push(fleet === undefined ? more : { ...more, fleet: recent(fleet, 1_000) });
    },
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    forecast: (labels, seconds) => {
      forecasts.inc(labels);
      latency.observe({ outcome: labels.outcome }, seconds);
    },
    cacheLookup: (name, hit) => cache.inc({ cache: name, result: hit ? "hit" : "miss" }),
    job: ({ name, ok }, seconds) => jobs.observe({ job: name, outcome: ok ? "ok" : "error" }, seconds),
    dataRefreshed: (symbol, at) => refreshed.set({ symbol }, at / 1000),
    alertFired: (status) => alerts.inc({ status }),
    post: (platform, ok) => posts.inc({ platform, result: ok ? "sent" : "failed" }),
  };
}

/** How long a scrape waits for one source (ms); past it the source is left out of that scrape. */
const SOURCE_TIMEOUT_MS = 2_000;

async function withTimeout<T>(read: () => Promise<T | undefined> | T | undefined): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), SOURCE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(read), late]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** `read`, answered from its last call while that is younger than `ms`. */
function recent<T>(read: () => Promise<T>, ms: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (last === undefined || Date.now() - last.at > ms) last = { at: Date.now(), value: read() };
    return last.value;
  };
}
