import type { Redis } from "ioredis";
import type { Metrics } from "../contracts/metrics.js";
import { ConfigError } from "../errors.js";
import type { QueueWorker } from "../fleet/queue-worker.js";
import type { ModelRegistry } from "../lifecycle/model-registry.js";
import type { SelectedBackend } from "../model/acceleration/backend.js";
import type { Fleet } from "../services.js";
import { once, type RootContext } from "./context.js";
import type { ModelPools } from "./model-threads.js";

/** A fleet role's lease (the Telegram poller, the Discord gateway): a dead holder's role moves to another replica within ~20 s. */
const LEASE_MS = 15_000;

/**
 * The fleet over Redis (REDIS_URL; BullMQ and ioredis load only then): the queue runner, locks, the
 * election and champion events every replica shares, and this machine's queue worker.
 */
export function createFleetParts(
  root: RootContext,
  parts: {
    modelPools: () => Promise<ModelPools>;
    modelBackend: () => Promise<SelectedBackend>;
    modelStore: () => Promise<ModelRegistry>;
    metrics: () => Promise<Metrics>;
  },
) {
  const { config, logger, closers } = root;
  // Whether this process takes the queue's jobs on its own threads (role all): its forecasts may then run
  // on them when the queue cannot take them (see withLocalFallback).
  let ownWorker = false;

  /** One plain Redis client per process, for heartbeats, locks and champion events (with REDIS_URL). */
  const plainRedis = once(async (): Promise<Redis> => {
    const { openRedis, checkEvictionPolicy, checkRedisDatabase } = await import("../fleet/redis.js");
    const url = redisUrl();
    const client = openRedis(url, logger);
    closers.push(async () => {
      await client.quit().catch(() => client.disconnect());
    });
    // A database number the server does not have stops the process; ioredis would go on in database 0.
    await checkRedisDatabase(client, url);
    // Once per process, at the first use of the queues: a warning, never a stop.
    void checkEvictionPolicy(client, logger);
    return client;
  });

  const redisUrl = (): string => {
    if (config.redisUrl === undefined)
      throw new ConfigError(
        "`coincast worker` takes its jobs from Redis: set REDIS_URL (redis://host:6379).",
      );
    return config.redisUrl;
  };

  const shared = once(async (): Promise<Fleet> => {
    const url = redisUrl();
    const [
      client,
      { createQueueRunner },
      { createChampionEvents },
      { createFleetLock },
      { createFleetAttempts },
      { createElection },
    ] = await Promise.all([
      plainRedis(),
      import("../fleet/queue-runner.js"),
      import("../fleet/champion-events.js"),
      import("../fleet/lock.js"),
      import("../fleet/attempts.js"),
      import("../fleet/leader.js"),
    ]);
    const runner = createQueueRunner({
      redisUrl: url,
      prefix: config.queue.prefix,
      redis: client,
      queueLimit: config.forecast.queueLimit,
      timeoutMs: config.queue.timeoutMs,
      logger,
    });
    const champions = createChampionEvents(client, config.queue.prefix, logger);
    closers.push(
      () => runner.close(),
      () => champions.close(),
    );
    return {
      runner,
      lock: createFleetLock(client, config.queue.prefix),
      attempts: createFleetAttempts(client, config.queue.prefix),
      election: createElection({ redis: client, prefix: config.queue.prefix, ttlMs: LEASE_MS, logger }),
      champions,
      status: () => runner.status(),
      async announceStore(identity) {
        const { announceStore } = await import("../fleet/store-split.js");
        const { prefix } = config.queue;
        const announced = announceStore({ redis: client, prefix, store: identity, logger });
        // Its key goes at once, so that status stops counting this bot's store before the minute is out.
        closers.push(() => announced.stop().catch(() => undefined));
      },
    };
  });

  const startQueueWorker = async (
    options: { lockDurationMs?: number; stalledIntervalMs?: number } = {},
  ): Promise<QueueWorker> => {
    const url = redisUrl();
    ownWorker = true;
    const [{ inference, training }, backend, client, { startQueueWorker }, models, meter] = await Promise.all(
      [
        parts.modelPools(),
        parts.modelBackend(),
        plainRedis(),
        import("../fleet/queue-worker.js"),
        config.databaseUrl === undefined ? undefined : parts.modelStore(),
        parts.metrics(),
      ],
    );
    const worker = await startQueueWorker({
      redisUrl: url,
      prefix: config.queue.prefix,
      redis: client,
      inference,
      training,
      // A job waits beside each busy thread, so that no thread idles for a Redis round trip between
      // jobs (one worker process of one thread: 158 -> 185-190 forecasts/s in bench/queue-throughput).
      concurrency: 2 * config.forecast.workers,
      backend: backend.name,
      logger,
      metrics: meter,
      ...(models?.has.sharedVersions === true ? { models: models.files } : {}),
      ...options,
    });
    closers.push(() => worker.close());
    return worker;
  };

  return {
    /** The fleet with REDIS_URL, undefined without. */
    fleet: (): Promise<Fleet | undefined> =>
      config.redisUrl === undefined ? Promise.resolve(undefined) : shared(),
    startQueueWorker,
    /** Whether this process also works the queue (its threads may take what the queue cannot). */
    ownsWorker: () => ownWorker,
    started: () => [shared.started(), plainRedis.started()],
  };
}
