import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import type { FleetStatus } from "../../src/fleet/queue-runner.js";
import { silentLogger } from "../../src/logger.js";
import { type OpsServer, startOpsServer } from "../../src/ops/http-server.js";
import { createPromMetrics } from "../../src/ops/prom-metrics.js";
import type { Check } from "../../src/ops/readiness.js";
import { opsGet } from "../helpers/ops-http.js";
import { parseExposition, sampleValue } from "../helpers/prometheus.js";

const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(checks: Record<string, Check>, metrics = createPromMetrics()) {
  const server = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    role: "bot",
    checks,
    scrape: () => metrics.scrape(),
    logger: silentLogger(),
  });
  servers.push(server);
  const get = (path: string, method = "GET") => opsGet(server.port, path, method);
  return { server, get, metrics };
}

describe("the operations server (node:http, real requests)", () => {
  it("GIVEN every check passes THEN /readyz is 200 and lists each check ok", async () => {
    const { get } = await serve({ stores: () => undefined, worker: async () => undefined });
    const res = await get("/readyz");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      role: "bot",
      ready: true,
      checks: { stores: { ok: true }, worker: { ok: true } },
    });
  });

  it("GIVEN a failing, a throwing and a hanging check THEN /readyz is 503 with each reason, within the time budget", async () => {
    const { get } = await serve({
      stores: () => undefined,
      worker: () => "no forecast worker",
      surfaces: async () => {
        throw new Error("telegram: refused");
      },
      redis: () => new Promise<never>(() => {}),
    });
    const started = Date.now();
    const res = await get("/readyz");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      role: "bot",
      ready: false,
      checks: {
        stores: { ok: true },
        worker: { ok: false, reason: "no forecast worker" },
        surfaces: { ok: false, reason: "telegram: refused" },
        redis: { ok: false, reason: "no answer within 2000 ms" },
      },
    });
    // Liveness is not readiness: the process still answers /healthz.
    expect((await get("/healthz")).status).toBe(200);
  });

  it("GIVEN an unknown path or a POST THEN 404 and 405, and the server keeps answering", async () => {
    const { get } = await serve({});
    expect((await get("/admin")).status).toBe(404);
    expect((await get("/metrics", "POST")).status).toBe(405);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("GIVEN HTTP_PORT held by another process THEN a ConfigError names the key", async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const { port } = other.address() as AddressInfo;
    try {
      const attempt = startOpsServer({
        port,
        host: "127.0.0.1",
        role: "worker",
        checks: {},
        scrape: async () => ({ contentType: "text/plain", body: "" }),
        logger: silentLogger(),
      });
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(/HTTP_PORT \d+ can not be used \(EADDRINUSE\)/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it("GIVEN counted events and scrape-time sources THEN /metrics is valid text format with every metric, and a failing source is left out", async () => {
    const metrics = createPromMetrics();
    const status: FleetStatus = {
      workers: [
        {
          id: "w1",
          host: "h",
          pid: 1,
          backend: "wasm",
          concurrency: 2,
          startedAt: 0,
          jobs: 3,
          at: 1_700_000_000_000,
        },
      ],
      stores: 1,
      forecast: { waiting: 4, active: 2 },
      training: { waiting: 0, active: 1 },
    };
    metrics.observe({
      fleet: async () => status,
      models: async () => [{ timeframe: "1d", version: "2026-12-01 abc" }],
      pool: () => ({ queued: 5, running: 1, completed: 9, threads: 1, closed: false }),
    });
    metrics.observe({
      models: async () => {
        throw new Error("registry down");
      },
    });
    metrics.forecast({ symbol: "BTC/USDT", horizon: "1d", outcome: "fresh" }, 0.02);
    metrics.forecast({ symbol: "BTC/USDT", horizon: "1d", outcome: "cached" }, 0.001);
    metrics.forecast({ symbol: "other", horizon: "other", outcome: "refused" }, 0.0005);
    metrics.cacheLookup("forecast", false);
    metrics.cacheLookup("forecast", true);
    metrics.job({ name: "forecast", ok: true }, 0.015);
    metrics.dataRefreshed("ETH/USDT", 1_700_000_100_000);
    metrics.alertFired("sent");
    metrics.post("telegram", true);
    metrics.post("discord", false);
    const { get } = await serve({}, metrics);
    const res = await get("/metrics");
    expect(res.status).toBe(200);
    const e = parseExposition(res.body);
    const v = (name: string, labels: Record<string, string> = {}) => sampleValue(e, name, labels);
    expect(v("coincast_forecasts_total", { symbol: "BTC/USDT", horizon: "1d", outcome: "fresh" })).toBe(1);
    expect(v("coincast_forecasts_total", { outcome: "refused" })).toBe(1);
    expect(v("coincast_forecast_duration_seconds_count", { outcome: "fresh" })).toBe(1);
    expect(v("coincast_forecast_duration_seconds_bucket", { outcome: "fresh", le: "0.01" })).toBe(0);
    expect(v("coincast_forecast_duration_seconds_bucket", { outcome: "fresh", le: "0.025" })).toBe(1);
    expect(v("coincast_cache_lookups_total", { cache: "forecast", result: "hit" })).toBe(1);
    expect(v("coincast_cache_lookups_total", { cache: "forecast", result: "miss" })).toBe(1);
    expect(v("coincast_job_duration_seconds_count", { job: "forecast", outcome: "ok" })).toBe(1);
    expect(v("coincast_data_last_refresh_seconds", { symbol: "ETH/USDT" })).toBe(1_700_000_100);
    expect(v("coincast_alerts_fired_total", { status: "sent" })).toBe(1);
    expect(v("coincast_posts_total", { platform: "telegram", result: "sent" })).toBe(1);
    expect(v("coincast_posts_total", { platform: "discord", result: "failed" })).toBe(1);
    expect(v("coincast_queue_jobs", { queue: "forecast", state: "waiting" })).toBe(4);
    expect(v("coincast_queue_jobs", { queue: "training", state: "active" })).toBe(1);
    expect(v("coincast_pool_jobs", { state: "queued" })).toBe(5);
    expect(v("coincast_worker_last_heartbeat_seconds", { worker: "w1", backend: "wasm" })).toBe(
      1_700_000_000,
    );
    expect(e.samples.filter((s) => s.name === "coincast_model_info")).toEqual([
      { name: "coincast_model_info", labels: { timeframe: "1d", version: "2026-12-01 abc" }, value: 1 },
    ]);
    // The process's own: CPU, memory, event loop lag.
    expect(e.types.get("process_cpu_seconds_total")).toBe("counter");
    expect(e.types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
  });

  it("GIVEN a source that hangs (Redis down) THEN /metrics still answers within its budget, without that source", async () => {
    const metrics = createPromMetrics();
    metrics.observe({
      fleet: () => new Promise<never>(() => {}),
      pool: () => ({ queued: 2, running: 0, completed: 0, threads: 1, closed: false }),
    });
    const { get } = await serve({}, metrics);
    const started = Date.now();
    const res = await get("/metrics");
    expect(Date.now() - started).toBeLessThan(4_000);
    const e = parseExposition(res.body);
    expect(e.samples.filter((s) => s.name === "coincast_queue_jobs")).toEqual([]);
    expect(sampleValue(e, "coincast_pool_jobs", { state: "queued" })).toBe(2);
  });
});
