import type { Redis } from "ioredis";
import type { ModelRegistry } from "../lifecycle/model-registry.js";
import type { Retrainer } from "../lifecycle/retrainer.js";
import type { Logger } from "../logger.js";
import { MODEL_TIMEFRAMES, type ModelTimeframe } from "../model/horizons.js";
import { fleetKey } from "./redis.js";

type Listener = (timeframe: ModelTimeframe) => Promise<void> | void;

/**
 * "The champion changed" for the whole fleet, over Redis pub/sub: a promotion or rollback in any process
 * (a bot's retrain, `coincast model rollback` on an admin's shell) makes every bot replica ask the registry
 * again and drop its cached forecasts. Workers need no message: a job names its model's folder, and a new
 * folder is loaded on first use.
 */
export interface ChampionEvents {
  /**
   * Tells the fleet; never throws: the change is made by then, and a replica that misses the message
   * finds it in the registry within CHAMPION_RECHECK_MS (forecast/champions.ts).
   */
  publish(timeframe: ModelTimeframe): Promise<void>;
  subscribe(listener: Listener): void;
  close(): Promise<void>;
}

export function createChampionEvents(redis: Redis, prefix: string, logger: Logger): ChampionEvents {
  const channel = fleetKey(prefix, "champion");
  const listeners: Listener[] = [];
  let subscriber: Redis | undefined;
  return {
    publish: async (timeframe) => {
      await redis.publish(channel, timeframe).catch((error: unknown) => {
        logger.warn(
          { err: error, timeframe },
          "could not announce the champion change to the fleet: other replicas find it in the registry within a minute",
        );
      });
    },
    subscribe(listener) {
      listeners.push(listener);
      if (subscriber !== undefined) return;
      // A connection in subscriber mode can do nothing else: a second one, made on first use. Its SUBSCRIBE
      // waits for Redis however long it is away (maxRetriesPerRequest null): ioredis re-subscribes after a
      // reconnection only to channels it was subscribed to, so a first SUBSCRIBE that failed during an
      // outage (the main client's 2 retries) was never renewed, and this replica never heard a change.
      // No command timeout either: it would end a SUBSCRIBE waiting in the offline queue.
      subscriber = redis.duplicate({ maxRetriesPerRequest: null, commandTimeout: undefined });
      subscriber.on("error", () => undefined); // the main client logs outages
      subscriber
        .subscribe(channel)
        .then(() => logger.debug({ channel }, "listening for champion changes in the fleet"))
        .catch((error: unknown) => {
          // Only a closed client ends the wait (close() during an outage).
          logger.warn({ err: error }, "cannot hear champion changes from other replicas");
        });
      subscriber.on("message", (_channel: string, message: string) => {
        const timeframe = MODEL_TIMEFRAMES.find((tf) => tf === message);
        if (timeframe === undefined) return;
        logger.info({ timeframe }, "the champion changed in the fleet: serving the new one");
        for (const l of listeners) {
          Promise.resolve()
            .then(() => l(timeframe))
            .catch((error: unknown) => logger.warn({ err: error }, "a champion-change listener failed"));
        }
      });
    },
    close: async () => {
      if (subscriber === undefined) return;
      // While Redis is away a QUIT would wait in the offline queue for good (see subscribe): just drop it.
      if (subscriber.status !== "ready") return subscriber.disconnect();
      await subscriber.quit().catch(() => subscriber?.disconnect());
    },
  };
}

/**
 * The registry, announcing each promotion and rollback to the fleet once it is done (an announcement that
 * fails is logged: the change stands, and the caller is told it succeeded).
 */
export function announcingRegistry(registry: ModelRegistry, events: ChampionEvents): ModelRegistry {
  return {
    ...registry,
    promote: async (timeframe, id, reason, ifChampion) => {
      const promoted = await registry.promote(timeframe, id, reason, ifChampion);
      if (promoted) await events.publish(timeframe);
      return promoted;
    },
    rollback: async (timeframe, id) => {
      const restored = await registry.rollback(timeframe, id);
      await events.publish(timeframe);
      return restored;
    },
  };
}

/** The retrainer whose champion-change listeners also hear the fleet's changes. */
export function fleetRetrainer(retrainer: Retrainer, events: ChampionEvents): Retrainer {
  return {
    ...retrainer,
    onChampionChange: (listener) => {
      retrainer.onChampionChange(listener);
      events.subscribe(listener);
    },
  };
}
