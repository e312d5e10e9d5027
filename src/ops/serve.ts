import type { Metrics } from "../contracts/metrics.js";
import { redactUrls } from "../error-report.js";
import type { QueueWorker } from "../fleet/queue-worker.js";
import { splitStoresMessage } from "../fleet/status-lines.js";
import { MODEL_TIMEFRAMES } from "../model/horizons.js";
import type { Services } from "../services.js";
import { within } from "../time.js";
import type { OpsServer } from "./http-server.js";
import type { PromMetrics, ScrapeSources } from "./prom-metrics.js";
import { type Check, opened } from "./readiness.js";

/**
 * The operations endpoints of each role, wired from its services: which readiness checks it answers and
 * what its metrics read at scrape time. Nothing here runs without HTTP_PORT (the roles call these only
 * then), so prom-client and node:http stay unloaded otherwise.
 */

/**
 * A chat platform as readiness sees it: connecting (first try running), connected, retrying (the first try
 * failed: backoff in the background), refused (a token refused), or disconnected after it had connected
 * (with why: Discord's gateway reconnecting, Telegram's getUpdates failing).
 */
export type SurfaceState = "connecting" | "connected" | "retrying" | "refused" | `disconnected (${string})`;

/**
 * `coincast start` (roles all and bot): ready when its stores are open, a forecast worker is alive (one
 * beating in the fleet, or this process's own threads) and every configured chat platform is connected.
 * One that is not says which and why (connecting, retrying, refused, disconnected): its users get no
 * answer meanwhile, though the other platforms and the console keep working.
 */
export function serveBot(
  services: Services,
  options: { role: string; surfaces: () => ReadonlyMap<string, SurfaceState>; stopping: () => boolean },
): Promise<OpsServer | undefined> {
  const checks: Record<string, Check> = {
    process: () => (options.stopping() ? "stopping" : undefined),
    stores: storesCheck(services),
    worker: workerCheck(services, options.role),
    surfaces: () => {
      const down = [...options.surfaces()].filter(([, state]) => state !== "connected");
      return down.length === 0
        ? undefined
        : down.map(([platform, state]) => `${platform}: ${state}`).join("; ");
    },
  };
  const sources: ScrapeSources = {
    fleet: async () => {
      const fleet = await services.fleet();
      if (fleet === undefined) throw new Error("no fleet");
      return fleet.status();
    },
    pool: () => services.forecastPool(),
    models: async () => {
      const service = await services.forecastService();
      return Promise.all(
        MODEL_TIMEFRAMES.map(async (timeframe) => ({
          timeframe,
          version: (await service.champion(timeframe)).version,
        })),
      );
    },
  };
  return serve(services, options.role, checks, sources);
}

/** How long the worker check waits for the fleet's status: within the check's budget (CHECK_TIMEOUT_MS). */
const FLEET_STATUS_WAIT_MS = 1_500;

/**
 * The stores open; ready then even while the bot replicas write more than one subscription store (each its
 * own DATA_DIR): every replica still answers, so the note tells the operator without taking them out.
 */
function storesCheck(services: Pick<Services, "fleet" | "forecastService" | "subscriptionStore">): Check {
  return async () => {
    const closed =
      (await opened("forecast core and ledger", () => services.forecastService())()) ??
      (await opened("subscriptions", () => services.subscriptionStore())());
    if (closed !== undefined) return closed;
    const fleet = await services.fleet();
    const status = await within(
      fleet?.status().catch(() => undefined) ?? Promise.resolve(undefined),
      FLEET_STATUS_WAIT_MS,
    );
    return status !== undefined && status.stores > 1
      ? { note: splitStoresMessage(status.stores) }
      : undefined;
  };
}

/**
 * A forecast worker alive: one beating in the fleet, or this process's own threads. Role all serves on its
 * own threads while Redis is away (withLocalFallback), so it stays ready then, saying why.
 */
export function workerCheck(
  services: Pick<Services, "fleet" | "forecastPool" | "config">,
  role: string,
): Check {
  const ownThreads = () => {
    const pool = services.forecastPool();
    if (pool === undefined) return "the forecast threads are starting";
    return pool.closed ? "the forecast threads are closed" : undefined;
  };
  return async () => {
    const fleet = await services.fleet();
    if (fleet === undefined) return ownThreads();
    const status = await within(
      fleet.status().catch(() => undefined),
      FLEET_STATUS_WAIT_MS,
    );
    if (status === undefined) {
      if (role === "all") return ownThreads() ?? { note: "Redis unreachable; serving on own threads" };
      return `Redis (${redactUrls(services.config.redisUrl ?? "")}) does not answer: no forecast worker can be reached`;
    }
    return status.workers.length > 0
      ? undefined
      : "no forecast worker has sent a heartbeat in the last minute: start `coincast worker`";
  };
}

/**
 * `coincast worker`: ready while its queue worker takes jobs (running, threads open, Redis answering).
 * Served before the worker starts (`worker()` is undefined until then), so that a port that cannot be used
 * stops the worker before it takes a job.
 */
export function serveWorker(
  services: Services,
  worker: () => QueueWorker | undefined,
): Promise<OpsServer | undefined> {
  return serve(
    services,
    "worker",
    { worker: () => worker()?.health() ?? "the queue worker is starting" },
    { workers: async () => (await worker()?.peers()) ?? [], pool: () => services.forecastPool() },
  );
}

function isProm(metrics: Metrics): metrics is PromMetrics {
  return "scrape" in metrics && "observe" in metrics;
}

async function serve(
  services: Services,
  role: string,
  checks: Record<string, Check>,
  sources: ScrapeSources,
): Promise<OpsServer | undefined> {
  const { config, logger } = services;
  if (config.httpPort === undefined) return undefined;
  const [metrics, { startOpsServer }] = await Promise.all([services.metrics(), import("./http-server.js")]);
  // With HTTP_PORT, services.metrics() is the Prometheus one (create-services.ts).
  if (!isProm(metrics)) throw new Error("HTTP_PORT is set but the services' metrics are not Prometheus's");
  const prom = metrics;
  prom.observe(sources);
  return startOpsServer({ port: config.httpPort, role, checks, scrape: () => prom.scrape(), logger });
}
