import { createConnection } from "node:net";

/**
 * Whether a service answers on 127.0.0.1:`port` (a TCP connect within 500 ms); where none does, tests that
 * need it skip, and this says so once, naming the service.
 */
export async function serviceAnswers(name: string, port: number): Promise<boolean> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(500);
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
  if (!reachable) console.warn(`skipping ${name} tests: no ${name} answers on 127.0.0.1:${port}`);
  return reachable;
}
