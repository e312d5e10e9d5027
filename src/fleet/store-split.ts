import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { type BotBeat, type Heartbeat, liveBeats, startHeartbeat } from "./heartbeat.js";
import { splitStoresMessage } from "./status-lines.js";

/**
 * Whether the bot replicas share one subscription store. Without DATABASE_URL each writes the SQLite file
 * under its DATA_DIR: one store when they share one DATA_DIR volume, but one each when every replica has its
 * own, and then a /subscribe, /unsubscribe or /alert lands in the file of the replica that received it (an
 * /unsubscribe on one leaves another posting every day) and /accuracy differs between them. Each bot beats
 * its store's identity (src/schedule/store-identity.ts) beside the workers' heartbeats; more than one
 * identity among the live bots is said in the log (once per change), in `coincast status` and `/model`
 * (fleet.splitStores), and in /readyz's note.
 */

/**
 * Announces `store` for this bot process until stopped, and after each beat compares it with the live bots'
 * stores: a warning when they become more than one (naming which bots write which), an info line when they
 * are one again.
 */
export function announceStore(options: {
  redis: Redis;
  prefix: string;
  store: string;
  logger: Logger;
}): Heartbeat {
  const { redis, prefix, store, logger } = options;
  const id = `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;
  const startedAt = Date.now();
  // The stores as this process last saw them (sorted ids): a change is said once, not at every beat.
  let seen: string[] = [store];
  const compare = async () => {
    const bots = await liveBeats<BotBeat>(redis, prefix, "bot");
    const stores = [...new Set([store, ...bots.map((bot) => bot.store)])].sort();
    if (stores.join() === seen.join()) return;
    const was = seen;
    seen = stores;
    if (stores.length > 1) {
      const writers: Record<string, string[]> = {};
      for (const bot of bots) writers[bot.store] = [...(writers[bot.store] ?? []), bot.id];
      logger.warn({ stores: writers, bot: id }, splitStoresMessage(stores.length));
    } else if (was.length > 1)
      logger.info({ bot: id }, "the bot replicas share one subscription store again");
  };
  const heartbeat = startHeartbeat<BotBeat>({
    redis,
    prefix,
    kind: "bot",
    describe: () => ({ id, startedAt, store }),
    afterBeat: compare,
  });
  // At once: the interval's first beat comes 10 s later. Redis away: the heartbeat beats again when it is back.
  heartbeat.beat().catch(() => undefined);
  return heartbeat;
}
