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
