import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from "../helpers/fake-discord.js";
import { type Child, startChild, until } from "../helpers/processes.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

const REPLICA = fileURLToPath(new URL("../helpers/discord-replica.ts", import.meta.url));
const TOKEN = "MTIz.fake-bot-token.for-replica-tests";
const LEASE_MS = 1500;

describe.skipIf(!(await redisAvailable()))("Discord with bot replicas (real Redis)", () => {
  let fake: FakeDiscord;
  let redis: Redis;
  const prefixes: string[] = [];
  const replicas: Child[] = [];
  let events: { elected?: string; deposed?: string; posted?: string }[] = [];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fake?.close();
    if (redis !== undefined) {
      for (const prefix of prefixes) await deletePrefix(redis, prefix);
      await redis.quit();
    }
  });

  const start = (name: string, prefix: string, shards = "") => {
    const child = startChild(REPLICA, [], {
      REPLICA_NAME: name,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      LEASE_MS: String(LEASE_MS),
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: shards,
    });
    child.process.on("message", (message: (typeof events)[number] & { ready?: boolean }) => {
      if (message.ready !== true) events.push(message);
    });
    replicas.push(child);
    return child;
  };
  const isCallback = (request: RecordedRequest) => request.path.endsWith("/callback");
  const answers = () =>
    fake.requests
      .filter(isCallback)
      .map((request) => (request.body as { data: { embeds?: { description?: string }[] } }).data)
      .map((data) => data.embeds?.[0]?.description ?? JSON.stringify(data));
  const fresh = async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.stop()));
    await fake?.close();
    fake = await startFakeDiscord({ token: TOKEN });
    events = [];
    const prefix = uniquePrefix("discord");
    prefixes.push(prefix);
    return prefix;
  };

  it("GIVEN two replicas and no DISCORD_SHARDS THEN one holds the gateway and answers each command once; WHEN it is killed with -9 THEN the other takes over, and both post meanwhile", async () => {
    const prefix = await fresh();
    const [a, b] = [start("a", prefix), start("b", prefix)];
    await Promise.all([a.ready, b.ready]);
    await until("a gateway holder", () => events.some((e) => e.elected !== undefined));
    // Several lease renewals later, still one gateway connection.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 2));
    const first = events.filter((e) => e.elected !== undefined).map((e) => e.elected);
    expect(first).toHaveLength(1);
    expect(fake.identifies).toHaveLength(1);
    fake.sendCommand({ name: "ping" });
    await until("the answer", () => answers().length >= 1);
    fake.sendCommand({ name: "ping" });
    await until("the second answer", () => answers().length >= 2);
    expect(answers()).toEqual([`pong from ${first[0]}`, `pong from ${first[0]}`]);

    const [leader, standby, other] = first[0] === "a" ? [a, b, "b"] : [b, a, "a"];
    // The replica without the gateway still posts over REST.
    standby.process.send({ post: fake.channelId });
    await until("the standby's post", () => events.some((e) => e.posted === other));

    leader.process.kill("SIGKILL");
    await until("the other replica to be elected", () => events.some((e) => e.elected === other));
    fake.sendCommand({ name: "ping" });
    await until("the third answer", () => answers().length >= 3);
    expect(answers()[2]).toBe(`pong from ${other}`);
    expect(fake.identifies).toHaveLength(2);
    expect(events.filter((e) => e.deposed !== undefined)).toEqual([]);
  }, 120_000);

  it("GIVEN two replicas with DISCORD_SHARDS THEN each opens its own shard, with no election", async () => {
    const prefix = await fresh();
    const [a, b] = [start("a", prefix, "0/2"), start("b", prefix, "1/2")];
    await Promise.all([a.ready, b.ready]);
    await until("both gateway connections", () => fake.identifies.length === 2);
    expect(events.filter((e) => e.elected !== undefined)).toEqual([]);
  }, 120_000);
});
