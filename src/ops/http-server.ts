import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError } from "../errors.js";
import type { Logger } from "../logger.js";
import { type Check, runChecks } from "./readiness.js";

/**
 * The operations endpoints on HTTP_PORT, over node:http (three fixed GET routes need no framework):
 * `/healthz` 200 while the process runs, `/readyz` 200 or 503 with every readiness check and its reason as
 * JSON, `/metrics` the Prometheus text exposition.
 */
export interface OpsServer {
  /** The port it listens on (HTTP_PORT, or the one the system chose for 0). */
  readonly port: number;
  close(): Promise<void>;
}

export interface OpsServerOptions {
  port: number;
  /** Default: every interface (a container's port is reached from outside it). */
  host?: string;
  /** Which process answers (bot, all, worker): in every body, so a probe's log says who failed. */
  role: string;
  checks: Record<string, Check>;
  scrape: () => Promise<{ contentType: string; body: string }>;
  logger: Logger;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { role, logger } = options;
  const startedAt = Date.now();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(`${JSON.stringify(body)}\n`);
  };
  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {
    "/healthz": async (res) => json(res, 200, { status: "ok", role, uptimeSeconds: uptime(startedAt) }),
    "/readyz": async (res) => {
      const report = await runChecks(options.checks);
      json(res, report.ready ? 200 : 503, { role, ...report });
    },
    "/metrics": async (res) => {
      const { contentType, body } = await options.scrape();
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      res.end(body);
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes[path];
    if (route === undefined)
      return json(res, 404, { error: `no such endpoint; try ${Object.keys(routes).join(", ")}` });
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return json(res, 405, { error: "GET only" });
    }
    await route(res);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, "operations endpoint failed");
      if (!res.headersSent) json(res, 500, { error: "internal error; see the log" });
      else res.destroy();
    });
  });
  // A probe's connection must not hold up a stop.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES"
          ? new ConfigError(
              `HTTP_PORT ${options.port} can not be used (${error.code}): another process holds it, or it needs ` +
                "privileges. Choose another port, or leave HTTP_PORT empty.",
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, role }, "operations endpoints: /healthz, /readyz, /metrics");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function uptime(startedAt: number): number {
  return Math.round((Date.now() - startedAt) / 1000);
}
