import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { fleetKey } from "./redis.js";

/** A worker (or bot) is live while its heartbeat is younger than this; `coincast status` counts those. */
export const LIVE_MS = 60_000;
const BEAT_EVERY_MS = 10_000;

/** What a fleet process says about itself, every few seconds: a worker, or a bot replica (store-split.ts). */
export interface Beat {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  /** When this beat was written. */
  at: number;
}

/** Who beats: each kind has its own keys, so one kind's list never holds the other's. */
export type BeatKind = "worker" | "bot";

/** What a `coincast worker` says about itself, every few seconds. */
export interface WorkerBeat extends Beat {
  /** The TensorFlow.js back-end its threads run on (tensorflow-gpu, tensorflow, wasm, cpu). */
  backend: string;
  /** Forecast jobs it runs at once. */
  concurrency: number;
  /** Jobs it has finished (forecasts, charts, trainings). */
  jobs: number;
}

/** What a bot replica says about itself (store-split.ts): which subscription store its commands write. */
export interface BotBeat extends Beat {
  /** The store's identity (src/schedule/store-identity.ts). */
  store: string;
}

export interface Heartbeat {
  /** Writes a beat now (also done every 10 s). */
  beat(): Promise<void>;
  /** Stops beating and removes the entry, so status stops counting this process at once. */
  stop(): Promise<void>;
}

/**
 * One key per process with a 60 s expiry: a process killed with -9 drops out of the list within a minute.
 * `afterBeat` runs after each beat written (a bot compares the stores the fleet announces, store-split.ts).
 */
export function startHeartbeat<B extends Beat = WorkerBeat>(options: {
  redis: Redis;
  prefix: string;
  /** Default "worker". */
  kind?: BeatKind;
  describe: () => Omit<B, "at" | "host" | "pid">;
  afterBeat?: () => Promise<void>;
  now?: () => number;
}): Heartbeat {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const key = () => fleetKey(prefix, options.kind ?? "worker", options.describe().id);
  const beat = async () => {
    const value = { ...options.describe(), host: hostname(), pid: process.pid, at: now() };
    await redis.set(key(), JSON.stringify(value), "PX", LIVE_MS);
    await options.afterBeat?.();
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
export function liveWorkers(redis: Redis, prefix: string): Promise<WorkerBeat[]> {
  return liveBeats<WorkerBeat>(redis, prefix, "worker");
}

/** The processes of one kind seen in the last minute, oldest first. */
export async function liveBeats<B extends Beat>(redis: Redis, prefix: string, kind: BeatKind): Promise<B[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", fleetKey(prefix, kind, "*"), "COUNT", 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  const beats: B[] = [];
  for (const value of values) {
    if (value === null) continue; // expired between SCAN and MGET
    try {
      beats.push(JSON.parse(value) as B);
    } catch {
      // A damaged entry expires on its own within a minute.
    }
  }
  return beats.sort((a, b) => a.startedAt - b.startedAt);
}

/** How many distinct stores the live bot replicas write: 1 is one shared store; 0, no bot announced one. */
export async function fleetStores(redis: Redis, prefix: string): Promise<number> {
  return new Set((await liveBeats<BotBeat>(redis, prefix, "bot")).map((bot) => bot.store)).size;
}
