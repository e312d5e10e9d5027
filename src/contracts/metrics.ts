/**
 * What the core tells an operator, as numbers: the port through which forecasts, caches, queue jobs,
 * data refreshes, alerts and posts are counted. The composition root passes a Prometheus implementation
 * (src/ops/prom-metrics.ts, loaded only with HTTP_PORT) or NO_METRICS; nothing below the root imports
 * prom-client. Every method is synchronous and never throws, so a metric can never fail a forecast.
 */

/**
 * How a forecast request ended: `fresh` (the model ran for it, or for a caller it joined), `cached` (made
 * before it was asked), `stale` (answered from candles a failed refresh left behind), `busy` (refused: the
 * queue was full), `refused` (the user's input: an unknown symbol or horizon, too short a history; a
 * UserError that is not retryable), `error` (anything else: a dependency away, a worker timing out, a fault).
 */
export type ForecastOutcome = "fresh" | "cached" | "stale" | "busy" | "refused" | "error";

export interface Metrics {
  /** One forecast request, its outcome and its latency in seconds. */
  forecast(labels: { symbol: string; horizon: string; outcome: ForecastOutcome }, seconds: number): void;
  /** One lookup in the forecast or chart cache. */
  cacheLookup(cache: "forecast" | "chart", hit: boolean): void;
  /** One queue job a fleet worker ran (forecast, chart, challenge), in seconds. */
  job(labels: { name: string; ok: boolean }, seconds: number): void;
  /** A refresh of `symbol` from the exchange succeeded at `at` (ms). */
  dataRefreshed(symbol: string, at: number): void;
  /** An alert fired on a close, and whether its post went out (`sent`) or not. */
  alertFired(status: string): void;
  /** One post (scheduled or alert) to a chat platform, accepted or not. */
  post(platform: string, ok: boolean): void;
}

/** The metrics of a process without HTTP_PORT: nothing is counted, nothing is loaded. */
export const NO_METRICS: Metrics = {
  forecast: () => {},
  cacheLookup: () => {},
  job: () => {},
  dataRefreshed: () => {},
  alertFired: () => {},
  post: () => {},
};
