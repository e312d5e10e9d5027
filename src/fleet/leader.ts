import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { within } from "../time.js";
import { fleetKey } from "./redis.js";

/** Extends the lease only if this candidate still holds it. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
/** Gives the lease up only if this candidate still holds it. */
const RESIGN = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** What the one elected replica does: start its role when elected, stop it when it loses the lease. */
export interface LeaderRole {
  elected(): Promise<void>;
  deposed(): Promise<void>;
}

export interface Candidacy {
  /** Stops campaigning; a leader stops its role and gives the lease up, so another takes over at once. */
  stop(): Promise<void>;
}

/** Campaigns for one named role among the fleet's replicas. */
export type Election = (name: string, role: LeaderRole) => Candidacy;

/**
 * Leader election over one Redis key: a lease (SET NX PX with a random token) that the leader renews every
 * sixth of `ttlMs`, so that a renewal that failed is tried again before half the lease has passed; the
 * others try to take it every third. A leader that dies stops renewing, so another replica takes the role
 * at most `ttlMs` plus a third of it later. A leader that cannot reach Redis steps
 * down once half the lease has passed since its last renewal: before the lease can expire and another take
 * it, so two never hold the role at once (as long as their clocks run at the same rate).
 */
export function createElection(options: {
  redis: Redis;
  prefix: string;
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}): Election {
  const { redis, prefix, ttlMs, logger } = options;
  const now = options.now ?? Date.now;
  return (name, role) => {
    const key = fleetKey(prefix, "leader", name);
    const token = randomUUID();
    const log = logger.child({ role: name });
    let leading = false;
    let renewedAt = 0;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let round: Promise<void> = Promise.resolve();

    // Every wait on Redis is bounded: one that goes unanswered (packets dropped, no error) must neither
    // outlast the lease nor hold up a stop.
    const resign = () =>
      within(
        redis.eval(RESIGN, 1, key, token).catch(() => undefined),
        ttlMs / 2,
      );
    /** Extends the lease if this candidate holds it: true, false (another does), undefined (no answer in time). */
    const renew = (waitMs: number) =>
      within(
        redis.eval(RENEW, 1, key, token, String(ttlMs)).then(
          (reply) => reply === 1,
          () => undefined,
        ),
        waitMs,
      );
    const stepDown = async (why: string) => {
      leading = false;
      log.warn({ why }, "no longer the leader: stopping the role");
      await role
        .deposed()
        .catch((error: unknown) => log.warn({ err: error }, "the role did not stop cleanly"));
    };

    const tick = async () => {
      if (stopped) return;
      // The lease can not have been set or extended before the command was sent: its time counts from then.
      const started = now();
      if (!leading) {
        let taken = await within(
          redis.set(key, token, "PX", ttlMs, "NX").catch(() => null),
          ttlMs / 2,
        );
        // Held already with our token: an earlier take Redis applied but whose answer was lost (timed out).
        // Renewed, so that its time counts from now.
        if (taken === null && (await renew(ttlMs / 2)) === true) taken = "OK";
        if (taken !== "OK" || stopped) {
          if (taken === "OK") await resign();
          return;
        }
        leading = true;
        renewedAt = started;
        log.info("elected: starting the role");
        try {
          await role.elected();
        } catch (error) {
          // Leave the role to another replica rather than hold a lease with nothing behind it.
          log.warn({ err: error }, "the role did not start: giving the lease up");
          leading = false;
          await resign();
          return;
        }
        // A role slow to start (a gateway login of several seconds) renewed nothing meanwhile: renew now, or
        // the next round would find half the lease gone and step down, to be elected again, for ever.
        const startedAt = now();
        const renewed = await renew(renewedAt + ttlMs - startedAt);
        if (renewed === true) renewedAt = startedAt;
        else if (renewed === false) await stepDown("another replica holds the lease");
        return;
      }
      // A renewal that goes unanswered (packets dropped, no error) is given up on when half the lease has
      // passed since the last one: waiting longer could outlast the lease while another replica takes it.
      const renewed = await renew(renewedAt + ttlMs / 2 - started);
      if (renewed === true) renewedAt = started;
      else if (renewed === false) await stepDown("another replica holds the lease");
      else if (now() - renewedAt >= ttlMs / 2) await stepDown("Redis unreachable for half the lease");
    };

    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(
        () => {
          round = tick()
            .catch((error: unknown) => log.warn({ err: error }, "election round failed"))
            .finally(schedule);
        },
        Math.max(50, Math.floor(ttlMs / (leading ? 6 : 3))),
      );
    };
    round = tick()
      .catch((error: unknown) => log.warn({ err: error }, "election round failed"))
      .finally(schedule);

    return {
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await round;
        if (!leading) return;
        leading = false;
        await role
          .deposed()
          .catch((error: unknown) => log.warn({ err: error }, "the role did not stop cleanly"));
        await resign();
      },
    };
  };
}
