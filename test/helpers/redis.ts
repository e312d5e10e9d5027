import { createConnection } from "node:net";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** Whether a Redis answers on 127.0.0.1:6379; tests that need one skip, saying so, where none does. */
export async function redisAvailable(): Promise<boolean> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port: 6379 });
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
  if (!reachable) console.warn("skipping Redis tests: no Redis answers on 127.0.0.1:6379");
  return reachable;
}
