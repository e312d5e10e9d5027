// What the replica scripts of the election tests (discord-replica.ts, telegram-replica.ts) share: their
// environment, a logger, the real election over Redis, and the IPC line to the parent test.
import { createElection } from "../../src/fleet/leader.js";
import { openRedis } from "../../src/fleet/redis.js";
import { createLogger } from "../../src/logger.js";

/** An environment key the parent test must set. */
export const env = (key: string): string => {
  const value = process.env[key];
  if (value === undefined) throw new Error(`${key} is not set`);
  return value;
};
export const name = env("REPLICA_NAME");
export const logger = createLogger("warn");
export const redis = openRedis(env("REDIS_URL"), logger);
export const election = createElection({
  redis,
  prefix: env("QUEUE_PREFIX"),
  ttlMs: Number(env("LEASE_MS")),
  logger,
});
/** A message to the parent test (elected, deposed, …). */
export const send = (message: object) => process.send?.(message);
