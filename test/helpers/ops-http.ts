import { createServer } from "node:net";

/** A port nothing listens on now, for a process or a server to bind (HTTP_PORT). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** One request to the operations server on `port`: its status, content type and body. */
export async function opsGet(
  port: number,
  path: string,
  method = "GET",
): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

/** /readyz on `port`: its status and the report (ready, and each check's outcome). */
export async function readiness(port: number) {
  const { status, body } = await opsGet(port, "/readyz");
  return {
    status,
    ...(JSON.parse(body) as { ready: boolean; checks: Record<string, { ok: boolean; reason?: string }> }),
  };
}
