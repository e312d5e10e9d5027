import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { liveWorkers } from "../../src/fleet/heartbeat.js";
import { FORECAST_QUEUE } from "../../src/fleet/queue-jobs.js";
import { bullConnection } from "../../src/fleet/redis.js";
import { silentLogger } from "../../src/logger.js";
import { createServices } from "../../src/main.js";
import { projectPath } from "../../src/paths.js";
import { createTestDatabase, postgresAvailable } from "../helpers/postgres.js";
import { BIN, type Child, startChild } from "../helpers/processes.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

const BOT = fileURLToPath(new URL("../helpers/fleet-bot.ts", import.meta.url));
const WORKER = fileURLToPath(new URL("../helpers/fleet-worker.ts", import.meta.url));
const SYMBOLS = ["BTC", "ETH", "XRP"];
/** 5 horizons x 3 symbols: 15 forecast keys. */
const HORIZONS = ["1d", "3d", "7d", "4h", "12h"];

interface Answer {
  id: number;
  ok: boolean;
  median?: number;
  modelVersion?: string;
  error?: string;
}

const services = (await redisAvailable()) && (await postgresAvailable());

/** Sends requests to bots round-robin and collects every answer, by request id. */
function ask(bots: Child[], requests: { symbol: string; horizon: string }[]): Promise<Map<number, Answer[]>> {
  const answers = new Map<number, Answer[]>();
  let received = 0;
  return new Promise((resolve) => {
    for (const bot of bots) {
      bot.process.on("message", (message: Answer & { ready?: boolean }) => {
        if (message.ready === true) return;
        answers.set(message.id, [...(answers.get(message.id) ?? []), message]);
        received++;
        if (received === requests.length) resolve(answers);
      });
    }
    requests.forEach((request, id) => {
      bots[id % bots.length]?.process.send({ id, ...request });
    });
  });
}

describe.skipIf(!services)("a fleet of bots and workers on BullMQ (real Redis and PostgreSQL)", () => {
  // One prefix per test: its own queues, heartbeats and forecast cache.
  let prefix = uniquePrefix("fleet");
  const prefixes = [prefix];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: Redis;
  let events: QueueEvents;
  const children: Child[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-fleet-")),
    LOG_LEVEL: "warn",
    EXCHANGE_API_URL: "http://127.0.0.1:9",
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    FORECAST_TIMEOUT_MS: "180000",
    FORECAST_QUEUE_LIMIT: "5000",
    ...extra,
  });
  const start = (script: string, args: string[], extra: Record<string, string> = {}) => {
    const child = startChild(script, args, env(extra));
    children.push(child);
    return child;
  };
  const until = async (what: string, done: () => Promise<boolean> | boolean) => {
    const deadline = Date.now() + 120_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const waitForWorkers = (count: number) =>
    until(`${count} workers`, async () => (await liveWorkers(redis, prefix)).length >= count);
  const listen = async () => {
    await events?.close();
    events = new QueueEvents(FORECAST_QUEUE, { connection: bullConnection(REDIS_URL), prefix });
    await events.waitUntilReady();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await events?.close();
    if (redis !== undefined) {
      for (const used of prefixes) await deletePrefix(redis, used);
      await redis.quit();
    }
    await database?.drop();
  });

  it("GIVEN three bots and two workers WHEN 1,000 forecasts over 15 keys are asked at once THEN 15 model runs answer all 1,000", async () => {
    await listen();
    const runs: string[] = [];
    const onActive = ({ jobId }: { jobId: string }) => runs.push(jobId);
    events.on("active", onActive);
    const workers = [start(BIN, ["worker"]), start(BIN, ["worker"])];
    const bots = [1, 2, 3].map(() => start(BOT, [], { DATABASE_URL: database.url }));
    await Promise.all(bots.map((bot) => bot.ready));
    await waitForWorkers(workers.length);

    const requests = Array.from({ length: 1000 }, (_, i) => ({
      symbol: SYMBOLS[i % SYMBOLS.length] as string,
      horizon: HORIZONS[Math.floor(i / SYMBOLS.length) % HORIZONS.length] as string,
    }));
    const answers = await ask(bots, requests);
    events.off("active", onActive);

    expect(answers.size).toBe(1000);
    const failures = [...answers.values()].flat().filter((a) => !a.ok);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    expect([...answers.values()].every((list) => list.length === 1)).toBe(true);
    // One model run per key, whichever bot asked: every answer of a key is the same forecast.
    expect(runs.length).toBe(15);
    expect(new Set(runs).size).toBe(15);
    const medians = new Map<string, Set<number>>();
    for (const [id, [answer]] of answers) {
      const r = requests[id];
      const key = `${r?.symbol}|${r?.horizon}`;
      medians.set(key, (medians.get(key) ?? new Set()).add(answer?.median ?? Number.NaN));
    }
    expect(medians.size).toBe(15);
    expect([...medians.values()].every((set) => set.size === 1)).toBe(true);
    // The three bots share one ledger: each forecast is one row.
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const { rows } = await db.query<{ n: string }>("SELECT COUNT(*) AS n FROM forecasts");
    await db.end();
    expect(Number(rows[0]?.n)).toBe(15);
    await Promise.all([...workers, ...bots].map((child) => child.stop()));
  }, 300_000);

  it("GIVEN a worker killed with -9 mid-job THEN another worker takes the job over and every caller gets one answer", async () => {
    prefix = uniquePrefix("kill");
    prefixes.push(prefix);
    await listen();
    const activeJobs: string[] = [];
    const completed: string[] = [];
    const onActive = ({ jobId }: { jobId: string }) => activeJobs.push(jobId);
    const onCompleted = ({ jobId }: { jobId: string }) => completed.push(jobId);
    events.on("active", onActive);
    events.on("completed", onCompleted);
    const bots = [1, 2].map(() => start(BOT, [], {}));
    const held = start(WORKER, ["--hold"]);
    await Promise.all([...bots, held].map((child) => child.ready));
    await waitForWorkers(1);

    const pending = ask(
      bots,
      Array.from({ length: 20 }, () => ({ symbol: "ETH", horizon: "1d" })),
    );
    await until("the held worker to take the job", () => activeJobs.length > 0);
    held.process.kill("SIGKILL");
    const rescuer = start(WORKER, []);
    const answers = await pending;
    events.off("active", onActive);
    events.off("completed", onCompleted);

    expect(answers.size).toBe(20);
    expect([...answers.values()].every((list) => list.length === 1 && list[0]?.ok === true)).toBe(true);
    // The job ran twice (the killed worker's attempt, then the rescuer's) and completed once.
    expect(activeJobs.length).toBe(2);
    expect(completed.length).toBe(1);
    await Promise.all([...bots, rescuer].map((child) => child.stop()));
  }, 300_000);

  it("GIVEN a model promoted while bots and workers run THEN every bot serves it at once, on workers never restarted", async () => {
    prefix = uniquePrefix("promote");
    prefixes.push(prefix);
    // The bots share one DATA_DIR, so one model registry (a volume in docker-compose.yml).
    const shared = mkdtempSync(join(tmpdir(), "coincast-fleet-shared-"));
    const workers = [start(BIN, ["worker"]), start(BIN, ["worker"])];
    const bots = [1, 2].map(() => start(BOT, [], { DATA_DIR: shared }));
    await Promise.all(bots.map((bot) => bot.ready));
    await waitForWorkers(2);
    const everyBot = async () =>
      [
        ...(
          await ask(bots, [
            { symbol: "BTC", horizon: "1d" },
            { symbol: "BTC", horizon: "1d" },
          ])
        ).values(),
      ].flat();
    const before = await everyBot();
    expect(before.every((a) => a.ok)).toBe(true);
    const shipped = before[0]?.modelVersion;

    // An admin's process promotes a version (the shipped weights under another data hash, so its label differs).
    const admin = createServices(
      createConfig({ DATA_DIR: shared, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: "silent" }),
      silentLogger(),
    );
    const registry = await admin.modelRegistry();
    const staged = await registry.stage("1d");
    await cp(projectPath("models/1d"), staged.dir, { recursive: true });
    const metaFile = join(staged.dir, "meta.json");
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as { dataHash: string };
    writeFileSync(metaFile, JSON.stringify({ ...meta, dataHash: "sha256:feedc0de00000000" }));
    await registry.promote("1d", staged.id, "fleet test");
    await admin.close();

    let after: Answer[] = [];
    await until("every bot to serve the promoted model", async () => {
      after = await everyBot();
      return after.every((a) => a.ok && a.modelVersion?.endsWith("feedc0de"));
    });
    expect(after.map((a) => a.modelVersion)).toEqual([
      expect.stringMatching(/feedc0de$/),
      expect.stringMatching(/feedc0de$/),
    ]);
    expect(after[0]?.modelVersion).not.toBe(shipped);
    expect(workers.every((w) => w.process.exitCode === null)).toBe(true);
    await Promise.all([...bots, ...workers].map((child) => child.stop()));
  }, 300_000);
});
