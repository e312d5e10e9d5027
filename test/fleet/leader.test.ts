import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createElection } from "../../src/fleet/leader.js";
import { silentLogger } from "../../src/logger.js";

const TTL_MS = 1200;

/**
 * Redis as one replica sees it: the lease key answers SET NX and the renewal script, until `drop()`; from
 * then on no command is answered and none fails, as when packets to Redis are dropped.
 */
function droppingRedis() {
  let dropped = false;
  const hang = new Promise<never>(() => undefined);
  const redis = {
    set: async () => (dropped ? hang : "OK"),
    eval: async () => (dropped ? hang : 1),
  } as unknown as Redis;
  const drop = () => {
    dropped = true;
  };
  return { redis, drop };
}

describe("createElection", () => {
  it("GIVEN a leader whose renewal goes unanswered THEN it steps down once half the lease has passed, before the lease can run out", async () => {
    const { redis, drop } = droppingRedis();
    const events: { event: string; at: number }[] = [];
    const candidacy = createElection({ redis, prefix: "test", ttlMs: TTL_MS, logger: silentLogger() })(
      "telegram-poller",
      {
        elected: async () => void events.push({ event: "elected", at: Date.now() }),
        deposed: async () => void events.push({ event: "deposed", at: Date.now() }),
      },
    );
    try {
      await expect.poll(() => events.map((e) => e.event)).toEqual(["elected"]);
      // Renewed every third of the lease: the last renewal Redis answered is at most a third old.
      await new Promise((resolve) => setTimeout(resolve, TTL_MS / 2));
      const droppedAt = Date.now();
      drop();
      await expect
        .poll(() => events.map((e) => e.event), { timeout: 2 * TTL_MS })
        .toEqual(["elected", "deposed"]);
      // The lease runs out at the earliest TTL_MS after the last renewal answered, which came before the drop.
      expect((events[1]?.at ?? Number.POSITIVE_INFINITY) - droppedAt).toBeLessThan(TTL_MS - 50);
      // Campaigning again meets the same silence; stopping waits for it no longer than half a lease.
      const stopping = Date.now();
      await candidacy.stop();
      expect(Date.now() - stopping).toBeLessThan(TTL_MS);
    } finally {
      await candidacy.stop();
    }
  });

  it("GIVEN a role slower to start than half the lease (a gateway login) THEN the leader renews once it is up and keeps the role", async () => {
    // Redis a few milliseconds away, as over a network: an answer is never there at once.
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 5));
    const redis = { set: () => later("OK"), eval: () => later(1) } as unknown as Redis;
    const events: string[] = [];
    const candidacy = createElection({ redis, prefix: "test", ttlMs: TTL_MS, logger: silentLogger() })(
      "discord-gateway",
      {
        elected: async () => {
          await new Promise((resolve) => setTimeout(resolve, (TTL_MS * 2) / 3));
          events.push("elected");
        },
        deposed: async () => void events.push("deposed"),
      },
    );
    try {
      await expect.poll(() => events).toEqual(["elected"]);
      // Before: the first round after the start found half the lease gone and stepped down, to be elected again.
      await new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS));
      expect(events).toEqual(["elected"]);
    } finally {
      await candidacy.stop();
    }
  });

  it("GIVEN one renewal that fails THEN the next, before half the lease, keeps the leader; and a take whose answer came too late is found its own", async () => {
    const calls: string[] = [];
    let renewals = 0;
    const hang = new Promise<never>(() => undefined);
    const redis = {
      // The first take is applied but never answered; later ones find the key held (by this candidate).
      set: async () => {
        calls.push("set");
        return calls.filter((c) => c === "set").length === 1 ? hang : null;
      },
      eval: async () => {
        renewals += 1;
        if (renewals === 2) throw new Error("Command timed out");
        return 1;
      },
    } as unknown as Redis;
    const events: string[] = [];
    const candidacy = createElection({ redis, prefix: "test", ttlMs: TTL_MS, logger: silentLogger() })(
      "telegram-poller",
      { elected: async () => void events.push("elected"), deposed: async () => void events.push("deposed") },
    );
    try {
      await expect.poll(() => events, { timeout: 3 * TTL_MS }).toEqual(["elected"]);
      await expect.poll(() => renewals, { timeout: 3 * TTL_MS }).toBeGreaterThanOrEqual(5);
      expect(events).toEqual(["elected"]);
    } finally {
      await candidacy.stop();
    }
  });
});
