import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookServer {
  port: number;
  /** Stops listening and closes idle connections; resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * A local HTTP server (behind the operator's TLS proxy) that hands POSTs to `path` to `handle` and
 * answers 404 to anything else. A handler that fails answers 400 for a malformed body, else 500, and
 * `onError` hears of it. Platform-free: the platform's library parses and checks the request.
 */
export async function serveWebhook(options: {
  path: string;
  port: number;
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<unknown>;
  onError: (error: unknown) => void;
}): Promise<WebhookServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method !== "POST" || path !== options.path) {
      response.writeHead(404).end();
      return;
    }
    options.handle(request, response).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) response.writeHead(error instanceof SyntaxError ? 400 : 500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
