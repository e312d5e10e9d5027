import { connect, createServer, type Server, type Socket } from "node:net";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleetAttempts } from "../../src/fleet/attempts.js";
import { createFleetLock } from "../../src/fleet/lock.js";
import { openRedis } from "../../src/fleet/redis.js";
import { silentLogger } from "../../src/logger.js";
import { deletePrefix, redisAvailable, uniquePrefix } from "../helpers/redis.js";

/**
 * A TCP relay to the local Redis that can stop passing bytes without closing anything: packets dropped both
 * ways, or (`answers`) Redis's answers held back until `speak()`, so that commands are applied and their
 * answers come too late.
 */
async function silencingRelay(): Promise<{
  url: string;
  silence(which?: "both" | "answers"): void;
  speak(): void;
  close(): Promise<void>;
}> {
  let silent: "both" | "answers" | false = false;
  const late: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const redis = connect(6379, "127.0.0.1");
    for (const socket of [client, redis]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    }
    client.on("data", (bytes) => silent === "both" || redis.write(bytes));
    redis.on("data", (bytes) => {
      if (silent === "answers") late.push(() => client.write(bytes));
      else if (silent === false) client.write(bytes);
    });
    client.on("close", () => redis.destroy());
    redis.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    silence: (which = "both") => {
      silent = which;
    },
    speak: () => {
      silent = false;
      for (const send of late.splice(0)) send();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(!(await redisAvailable()))(
  "a Redis that stops answering without closing (real Redis)",
  () => {
    const prefix = uniquePrefix("silence");
    let relay: Awaited<ReturnType<typeof silencingRelay>>;
    let redis: Redis;
    beforeAll(async () => {
      relay = await silencingRelay();
      redis = openRedis(relay.url, silentLogger());
    });
    afterAll(async () => {
      redis?.disconnect();
      await relay?.close();
      const direct = openRedis("redis://127.0.0.1:6379", silentLogger());
      await deletePrefix(direct, prefix);
      await direct.quit();
    });

    /** A claim as the lock takes it (an alert's firing, a retrain slot) and as a day's post is attempted. */
    const claimers = [
      {
        name: "lock",
        claim: (r: Redis) => {
          const lock = createFleetLock(r, prefix);
          return (key: string) => lock.claim(key, 60_000);
        },
      },
      {
        name: "attempt",
        claim: (r: Redis) => {
          const attempts = createFleetAttempts(r, prefix);
          return (key: string) => attempts.claim(key, 1, 60_000, 0);
        },
      },
    ];
    it.each(claimers)(
      "GIVEN a claim Redis applied but whose answer was lost THEN the same process asking again holds it, and no other does ($name)",
      async ({ name, claim }) => {
        const key = `post|discord|41|2026-12-07|${name}`;
        const mine = claim(redis);
        await redis.ping();
        relay.silence("answers");
        await expect(mine(key)).rejects.toThrow(/timed out/i);
        relay.speak();
        // Asked again, as the scheduler's next round would.
        expect(await mine(key)).toBe(true);
        const direct = openRedis("redis://127.0.0.1:6379", silentLogger());
        try {
          expect(await claim(direct)(key)).toBe(false);
        } finally {
          await direct.quit();
        }
      },
    );

    it("GIVEN a post claim asked once Redis falls silent THEN it fails within the client's command timeout instead of waiting for TCP", async () => {
      const lock = createFleetLock(redis, prefix);
      expect(await lock.claim("post|discord|42|2026-12-07", 60_000)).toBe(true);
      relay.silence();
      const asked = Date.now();
      await expect(lock.claim("post|discord|43|2026-12-07", 60_000)).rejects.toThrow(/timed out/i);
      // The client's 2 s, not the minutes TCP takes to give up on a silent peer.
      expect(Date.now() - asked).toBeLessThan(10_000);
    });
  },
);
