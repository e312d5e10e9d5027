import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../src/chat/telegram.js";
import { silentLogger } from "../../src/logger.js";
import { type FakeTelegram, startFakeTelegram } from "../helpers/fake-telegram.js";
import { type Child, startChild, until } from "../helpers/processes.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

const REPLICA = fileURLToPath(new URL("../helpers/telegram-replica.ts", import.meta.url));
const LEASE_MS = 1500;

describe.skipIf(!(await redisAvailable()))(
  "Telegram with bot replicas: one elected poller (real Redis)",
  () => {
    const prefix = uniquePrefix("telegram");
    let fake: FakeTelegram;
    let redis: Redis;
    const replicas: Child[] = [];
    const events: { elected?: string; deposed?: string }[] = [];

    beforeAll(async () => {
      fake = await startFakeTelegram();
      redis = new Redis(REDIS_URL);
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await fake?.close();
      if (redis !== undefined) {
        await deletePrefix(redis, prefix);
        await redis.quit();
      }
    });

    const start = (name: string) => {
      const child = startChild(REPLICA, [], {
        REPLICA_NAME: name,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        LEASE_MS: String(LEASE_MS),
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
      });
      child.process.on("message", (message: { elected?: string; deposed?: string; ready?: boolean }) => {
        if (message.ready !== true) events.push(message);
      });
      replicas.push(child);
      return child;
    };
    const answers = () => fake.callsTo("sendMessage").map((call) => String(call.params.text));
    const conflicts = () => fake.callsTo("getUpdates").filter((call) => call.status === 409);

    it("GIVEN two replicas THEN exactly one polls; WHEN it is killed with -9 THEN the other takes over within the lease, with no 409", async () => {
      const [a, b] = [start("a"), start("b")];
      await Promise.all([a.ready, b.ready]);
      await until("a poller", () => events.some((e) => e.elected !== undefined));
      // Several lease renewals later, still one poller and one answer per message.
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 2));
      const first = events.filter((e) => e.elected !== undefined).map((e) => e.elected);
      expect(first).toHaveLength(1);
      fake.sendText({ text: "/ping", from: { id: 7 } });
      await until("the answer", () => answers().length === 1);
      expect(answers()).toEqual([`pong from ${first[0]}`]);

      const [leader, other] = first[0] === "a" ? [a, "b"] : [b, "a"];
      const killedAt = Date.now();
      leader.process.kill("SIGKILL");
      await until("the other replica to be elected", () => events.some((e) => e.elected === other));
      const takeover = Date.now() - killedAt;
      fake.sendText({ text: "/ping", from: { id: 7 } });
      await until("the second answer", () => answers().length === 2);
      expect(answers()[1]).toBe(`pong from ${other}`);
      expect(conflicts()).toEqual([]);
      expect(events.filter((e) => e.deposed !== undefined)).toEqual([]);
      console.info(`telegram poller takeover after kill -9: ${takeover} ms (lease ${LEASE_MS} ms)`);
    }, 120_000);
  },
);

describe("the fake Bot API's conflict check", () => {
  it("GIVEN two adapters long polling one token without an election THEN the fake answers 409 Conflict", async () => {
    const fake = await startFakeTelegram();
    const options = {
      token: fake.token,
      apiRoot: fake.apiRoot,
      dispatcher: { dispatch: async () => ({ lines: ["pong"] }) },
      commands: [],
      adminUserIds: [],
      logger: silentLogger(),
    };
    const first = await startTelegram(options);
    const second = await startTelegram(options).catch(() => undefined);
    try {
      const conflict = await fake.waitForCall("getUpdates", { where: (call) => call.status === 409 });
      expect(conflict.status).toBe(409);
    } finally {
      await Promise.allSettled([first.stop(), second?.stop()]);
      await fake.close();
    }
  });
});
