import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./processes.js";

/** Whether `redis-server` can be started here; the outage tests skip, saying so, where it cannot. */
export function redisServerInstalled(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * A Redis of the test's own on a spare port, without persistence (a restart loses every key, as a Redis
 * replaced by its orchestrator does), that the test stops and starts again on the same port to make an
 * outage. Never the shared Redis on 6379.
 */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  /** SIGKILL: the connections drop as they would when the server dies. */
  stop(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  return {
    port,
    url,
    async start() {
      if (child !== undefined && child.exitCode === null) return;
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await probe.connect();
          await probe.ping();
          probe.disconnect();
          return;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`redis-server did not start on ${port}: ${error}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    },
    stop() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        running.once("exit", () => resolve());
        running.kill("SIGKILL");
      });
    },
  };
}
