import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { fleetKey } from "./redis.js";

/** A worker is live while its heartbeat is younger than this; `coincast status` lists those. */
export const LIVE_MS = 60_000;
const BEAT_EVERY_MS = 10_000;

/** What a `coincast worker` says about itself, every few seconds. */
export interface WorkerBeat {
  id: string;
  host: string;
  pid: number;
  /** The TensorFlow.js back-end its threads run on (tensorflow-gpu, tensorflow, wasm, cpu). */
  backend: string;
  /** Forecast jobs it runs at once. */
  concurrency: number;
  startedAt: number;
  /** Jobs it has finished (forecasts, charts, trainings). */
  jobs: number;
  /** When this beat was written. */
  at: number;
}

export interface Heartbeat {
  /** Writes a beat now (also done every 10 s). */
  beat(): Promise<void>;
  /** Stops beating and removes the entry, so status stops listing this worker at once. */
  stop(): Promise<void>;
}

/** One key per worker with a 60 s expiry: a worker killed with -9 drops out of the list within a minute. */
export function startHeartbeat(options: {
  redis: Redis;
  prefix: string;
  describe: () => Omit<WorkerBeat, "at" | "host" | "pid">;
  now?: () => number;
}): Heartbeat {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const key = () => fleetKey(prefix, "worker", options.describe().id);
  const beat = async () => {
    const value: WorkerBeat = { ...options.describe(), host: hostname(), pid: process.pid, at: now() };
    await redis.set(key(), JSON.stringify(value), "PX", LIVE_MS);
  };
  const timer = setInterval(() => {
    // A missed beat is harmless (the next one comes in 10 s); a Redis outage is logged by the client.
    beat().catch(() => undefined);
  }, BEAT_EVERY_MS);
  timer.unref();
  // At once when Redis is back: a restarted Redis may have lost the key, and status would list no worker
  // (and bots refuse forecasts) until the next beat.
  const onReady = () => {
    beat().catch(() => undefined);
  };
  redis.on("ready", onReady);
  return {
    beat,
    stop: async () => {
      clearInterval(timer);
      redis.off("ready", onReady);
      await redis.del(key());
    },
  };
}

/** The workers seen in the last minute, oldest first. */
export async function liveWorkers(redis: Redis, prefix: string): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", fleetKey(prefix, "worker", "*"), "COUNT", 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  const beats: WorkerBeat[] = [];
  for (const value of values) {
    if (value === null) continue; // expired between SCAN and MGET
    try {
      beats.push(JSON.parse(value) as WorkerBeat);
    } catch {
      // A damaged entry expires on its own within a minute.
    }
  }
  return beats.sort((a, b) => a.startedAt - b.startedAt);
}
