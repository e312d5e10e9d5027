import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { type BotBeat, liveBeats } from "../../src/fleet/heartbeat.js";
import { announceStore } from "../../src/fleet/store-split.js";
import { createServices, type Services, SUBSCRIPTIONS_FILE } from "../../src/main.js";
import { serveBot } from "../../src/ops/serve.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { readiness } from "../helpers/ops-http.js";
import { freePort, runCoincast, until } from "../helpers/processes.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

const SPLIT = /^The bot replicas write 2 different subscription stores \(a DATA_DIR each, no DATABASE_URL\)/;
const FIX = /Set DATABASE_URL \(the same on every bot\), or give every bot one shared DATA_DIR\.$/;

describe.skipIf(!(await redisAvailable()))("bot replicas and their subscription stores (real Redis)", () => {
  const redis = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  const dirs: string[] = [];
  const services: Services[] = [];
  const stores: SubscriptionStore[] = [];
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    for (const s of services) await s.close();
    for (const store of stores) await store.close();
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    await redis.quit();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const fleetPrefix = () => {
    const prefix = uniquePrefix("stores");
    prefixes.push(prefix);
    return prefix;
  };
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "coincast-stores-"));
    dirs.push(dir);
    return dir;
  };
  /** A bot replica's composition root (REDIS_URL, no DATABASE_URL) on `dir`, its subscription store opened. */
  const replica = async (prefix: string, dir: string, env: Record<string, string> = {}) => {
    const log = captureLogger();
    const config = createConfig({
      DATA_DIR: dir,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      EXCHANGE_API_URL: "http://127.0.0.1:9",
      ...env,
    });
    const built = createServices(config, log.logger);
    services.push(built);
    await built.subscriptionStore();
    const warnings = () => log.lines.filter((line) => line.level === 40).map((line) => String(line.msg));
    return { services: built, warnings };
  };
  const bots = (prefix: string) => liveBeats<BotBeat>(redis, prefix, "bot");
  /** `coincast status` as an operator runs it, on the fleet of `prefix`. */
  const status = async (prefix: string) => {
    const run = await runCoincast(["status"], { REDIS_URL, QUEUE_PREFIX: prefix }, { timeoutMs: 90_000 });
    expect(run.code).toBe(0);
    return run.stdout.split("\n");
  };

  it("GIVEN two bot replicas with a DATA_DIR each THEN the later one warns of two stores and the fix, and `coincast status` and /readyz say so", async () => {
    const prefix = fleetPrefix();
    const port = await freePort();
    await replica(prefix, await dataDir());
    await until("the first bot's announcement", async () => (await bots(prefix)).length === 1, 10_000);
    const second = await replica(prefix, await dataDir(), { HTTP_PORT: String(port) });
    await until("the second bot's warning", () => second.warnings().length > 0, 10_000);
    expect(second.warnings()).toHaveLength(1);
    expect(second.warnings()[0]).toMatch(SPLIT);
    expect(second.warnings()[0]).toMatch(FIX);
    const announced = await bots(prefix);
    expect(new Set(announced.map((bot) => bot.store)).size).toBe(2);

    const lines = await status(prefix);
    expect(lines[0]).toMatch(SPLIT);
    expect(lines[0]).toMatch(FIX);
    expect(lines[1]).toMatch(/^Forecast queue:/);

    // Ready still (every replica answers), with the note; the missing worker is another check's.
    const ops = await serveBot(second.services, {
      role: "bot",
      surfaces: () => new Map(),
      stopping: () => false,
    });
    stops.push(async () => ops?.close());
    await second.services.forecastService();
    const report = await readiness(port);
    expect(report.checks.stores).toEqual({ ok: true, note: expect.stringMatching(SPLIT) });
  });

  it("GIVEN two bot replicas on one DATA_DIR THEN they announce one store: no warning, no line in `coincast status`", async () => {
    const prefix = fleetPrefix();
    const dir = await dataDir();
    const first = await replica(prefix, dir);
    const second = await replica(prefix, dir);
    await until("both bots' announcements", async () => (await bots(prefix)).length === 2, 10_000);
    expect(new Set((await bots(prefix)).map((bot) => bot.store)).size).toBe(1);
    const lines = await status(prefix);
    expect(lines.join("\n")).not.toMatch(/subscription stores|DATA_DIR/);
    expect(lines[0]).toMatch(/^Forecast queue:/);
    expect([...first.warnings(), ...second.warnings()]).toEqual([]);
  });

  it("GIVEN stores in two files THEN each process warns once per change, and says when the bots share one store again", async () => {
    const prefix = fleetPrefix();
    const [a, b] = [await dataDir(), await dataDir()];
    const open = async (dir: string) => {
      const store = await openSubscriptionStore({ file: join(dir, SUBSCRIPTIONS_FILE) });
      stores.push(store);
      return store;
    };
    const here = captureLogger();
    const there = captureLogger();
    const sameFile = captureLogger();
    const announce = async (dir: string, log: ReturnType<typeof captureLogger>) => {
      const heartbeat = announceStore({
        redis,
        prefix,
        store: (await open(dir)).identity,
        logger: log.logger,
      });
      stops.push(() => heartbeat.stop());
      await heartbeat.beat();
      return heartbeat;
    };
    const warned = (log: ReturnType<typeof captureLogger>) => log.lines.filter((l) => l.level === 40);
    const mine = await announce(a, here);
    await announce(a, sameFile);
    expect(warned(here)).toEqual([]);
    expect(warned(sameFile)).toEqual([]);
    const other = await announce(b, there);
    // Said once by each process, at its first beat after the change, not at every beat.
    for (let i = 0; i < 3; i++) await Promise.all([mine.beat(), other.beat()]);
    expect(warned(here)).toHaveLength(1);
    expect(warned(there)).toHaveLength(1);
    const [warning] = warned(there);
    expect(String(warning?.msg)).toMatch(SPLIT);
    // The log names which bots write which store: two stores, the shared one written by two.
    const writers = Object.values(warning?.stores as Record<string, string[]>);
    expect(writers.map((ids) => ids.length).sort()).toEqual([1, 2]);

    await other.stop();
    await mine.beat();
    expect(here.messages()).toContain("the bot replicas share one subscription store again");
    expect(warned(here)).toHaveLength(1);
  });
});
