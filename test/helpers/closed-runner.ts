// A library user's queue runner with REDIS_URL where nothing listens: made, asked once, closed, and its
// plain client closed. Writes "closed" and then has nothing left to do: the test checks the process ends.
import { createQueueRunner } from "../../src/fleet/queue-runner.js";
import { openRedis } from "../../src/fleet/redis.js";
import { silentLogger } from "../../src/logger.js";

const url = process.argv[2] ?? "redis://127.0.0.1:1";
const logger = silentLogger();
const redis = openRedis(url, logger);
const runner = createQueueRunner({
  redisUrl: url,
  prefix: "closed",
  redis,
  queueLimit: 2,
  timeoutMs: 1000,
  logger,
});
await runner.status().catch(() => undefined);
await runner.close();
await redis.quit().catch(() => redis.disconnect());
process.stdout.write("closed\n");
