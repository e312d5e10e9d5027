import type { Redis } from "ioredis";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { within } from "../time.js";

/** What a caller hears while the queue's Redis cannot be reached: the bot goes on answering everything else. */
export const QUEUE_UNREACHABLE_MESSAGE =
  "The forecast queue (Redis) is unreachable; Coincast is retrying the connection. Try again in a minute.";

export function queueUnreachable(cause?: unknown): UserError {
  return new UserError(QUEUE_UNREACHABLE_MESSAGE, {
    code: "queue-unreachable",
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * How long a command waits for a Redis that has not answered yet (the process just started) before it is
 * called unreachable: a connection attempt's timeout (openRedis: 2 s) and a little more. A known outage
 * is refused at once.
 */
export const FIRST_CONNECT_WAIT_MS = 3_000;

/**
 * Whether the process's Redis answers, read from its plain client's connection events. ioredis and BullMQ
 * reconnect on their own; this is what lets a caller be told at once that they are doing so, instead of
 * waiting in ioredis's offline queue (for BullMQ's blocking connections, forever).
 */
export interface RedisHealth {
  readonly up: boolean;
  /**
   * Resolves when Redis answers. Rejects with the queue-unreachable UserError at once during a known
   * outage, or after `waitMs` while the first connection is still being made.
   */
  whenUp(waitMs?: number): Promise<void>;
  /** Hears each change: false when the connection is lost, true when it is ready again. Returns `off`. */
  onChange(listener: (up: boolean) => void): () => void;
}

const watched = new WeakMap<Redis, RedisHealth>();

/** The health of `client`'s server: one watcher per client, however many ask. */
export function redisHealth(client: Redis): RedisHealth {
  let health = watched.get(client);
  if (health === undefined) {
    health = watch(client);
    watched.set(client, health);
  }
  return health;
}

function watch(client: Redis): RedisHealth {
  // "starting" until the first connection attempt ends either way.
  let state: "starting" | "up" | "down" = client.status === "ready" ? "up" : "starting";
  const listeners = new Set<(up: boolean) => void>();
  const set = (next: "up" | "down") => {
    if (state === next) return;
    state = next;
    for (const listener of [...listeners]) listener(next === "up");
  };
  client.on("ready", () => set("up"));
  // ioredis reports a failed connection attempt as "error" and a lost connection as "close".
  client.on("error", () => {
    if (client.status !== "ready") set("down");
  });
  client.on("close", () => set("down"));
  client.on("end", () => set("down"));

  const health: RedisHealth = {
    get up() {
      return state === "up" && client.status === "ready";
    },
    whenUp(waitMs = FIRST_CONNECT_WAIT_MS) {
      if (health.up) return Promise.resolve();
      if (state === "down") return Promise.reject(queueUnreachable());
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(queueUnreachable());
        }, waitMs);
        const off = health.onChange((up) => {
          clearTimeout(timer);
          off();
          if (up) resolve();
          else reject(queueUnreachable());
        });
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return health;
}

/**
 * Whether `error` is a lost or refused connection (ioredis, BullMQ), as opposed to an answer from Redis or
 * a job's own failure.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: string };
  return (
    error.name === "MaxRetriesPerRequestError" ||
    (code !== undefined && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE)$/.test(code)) ||
    /Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET|connect ETIMEDOUT/.test(
      error.message,
    )
  );
}

/**
 * An "error" listener for BullMQ queues and workers that logs one line per outage, not one per reconnect
 * attempt of each of their connections; the next outage after Redis came back is logged again.
 */
export function outageLogger(health: RedisHealth, logger: Logger, message: string): (error: Error) => void {
  let logged = false;
  health.onChange((up) => {
    if (up) logged = false;
  });
  return (error) => {
    if (logged && isConnectionError(error)) return;
    logged = isConnectionError(error);
    logger.warn({ err: error }, message);
  };
}

/** How long closing BullMQ's queues and workers may take while Redis is away (their close waits for it). */
export const CLOSE_DEADLINE_MS = 2_000;

/**
 * Closes BullMQ objects, waiting at most CLOSE_DEADLINE_MS while Redis is away: their close() waits for a
 * connection that is not coming (BullMQ 6.7: QueueEvents and Worker never settle), and a command that is
 * done must end. The queue runner's connections stop retrying once it closes (see bullConnection); what
 * else is left retrying is stopped with the process (see src/cli.ts).
 */
export async function closeWithin(health: RedisHealth, closing: Promise<unknown>): Promise<void> {
  const settled = closing.then(
    () => undefined,
    () => undefined,
  );
  if (health.up) return settled;
  await within(settled, CLOSE_DEADLINE_MS);
}
