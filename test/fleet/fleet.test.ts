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
import { savedModelDirs } from "../../src/model/saved/model-io.js";
import { projectPath } from "../../src/paths.js";
import { createTestDatabase, postgresAvailable } from "../helpers/postgres.js";
import { BIN, type Child, startChild, until as waitUntil } from "../helpers/processes.js";
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
  // The scenarios run in order on one fleet (one prefix: its queues, heartbeats and forecast cache): the
  // bots and workers of the first serve the promotion, and the kill test runs on the same bots. Starting
  // a process (TensorFlow.js, the model, tsx) is what costs time here, so each starts once.
  const prefix = uniquePrefix("fleet");
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: Redis;
  let events: QueueEvents;
  const children: Child[] = [];
  // No shared volume: every bot, worker and the admin has its own DATA_DIR, and the model registry is in
  // PostgreSQL with the ledger.
  let bots: Child[] = [];
  let workers: Child[] = [];
  /** The version the promotion scenario made champion, served again in the kill scenario. */
  let promoted: string | undefined;
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
  const until = (what: string, done: () => Promise<boolean> | boolean) => waitUntil(what, done, 120_000);
  const live = () => liveWorkers(redis, prefix);
  /** Every bot answers one BTC 1d forecast. */
  const everyBot = async () =>
    [
      ...(
        await ask(
          bots,
          bots.map(() => ({ symbol: "BTC", horizon: "1d" })),
        )
      ).values(),
    ].flat();

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis(REDIS_URL);
    events = new QueueEvents(FORECAST_QUEUE, { connection: bullConnection(REDIS_URL), prefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await events?.close();
    if (redis !== undefined) {
      await deletePrefix(redis, prefix);
      await redis.quit();
    }
    await database?.drop();
  });

  it("GIVEN three bots and two workers WHEN 1,000 forecasts over 15 keys are asked at once THEN 15 model runs answer all 1,000", async () => {
    const runs: string[] = [];
    const onActive = ({ jobId }: { jobId: string }) => runs.push(jobId);
    events.on("active", onActive);
    workers = [1, 2].map(() => start(BIN, ["worker"], { DATABASE_URL: database.url }));
    bots = [1, 2, 3].map(() => start(BOT, [], { DATABASE_URL: database.url }));
    await Promise.all(bots.map((bot) => bot.ready));
    await until("2 workers", async () => (await live()).length >= 2);

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
    // The three bots share one ledger, which holds no forecast made from the shipped history: its targets
    // (December 2025) had closed when they were made, so their outcome was known (issue 24: the PostgreSQL
    // ledger recorded all 15, SQLite none). One row per forecast across replicas: test/forecast/ledger.test.ts.
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const { rows } = await db.query<{ n: string }>("SELECT COUNT(*) AS n FROM forecasts");
    await db.end();
    expect(Number(rows[0]?.n)).toBe(0);
  }, 300_000);

  it("GIVEN a model promoted while bots and workers run THEN every bot serves it at once, on workers never restarted", async () => {
    // The first scenario's bots and workers, still running.
    expect(bots.length).toBe(3);
    const before = await everyBot();
    expect(before.every((a) => a.ok)).toBe(true);
    const shipped = before[0]?.modelVersion;

    // An admin's process promotes a version (the shipped weights under another data hash: another meta.json,
    // so another version label).
    const admin = createServices(
      createConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-fleet-admin-")),
        DATABASE_URL: database.url,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: "silent",
      }),
      silentLogger(),
    );
    const registry = await admin.modelRegistry();
    const staged = await registry.stage("1d");
    await cp(projectPath("models/1d"), staged.dir, { recursive: true });
    // The first network's meta.json (a seed ensemble keeps one per member, in seed-<n>/): its hash names the version.
    const [first] = await savedModelDirs(staged.dir);
    if (first === undefined) throw new Error("the shipped daily model holds no meta.json");
    const metaFile = join(first, "meta.json");
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as { dataHash: string };
    writeFileSync(metaFile, JSON.stringify({ ...meta, dataHash: "sha256:feedc0de00000000" }));
    await registry.promote("1d", staged.id, "fleet test");
    await admin.close();

    let after: Answer[] = [];
    await until("every bot to serve the promoted model", async () => {
      after = await everyBot();
      return after.every((a) => a.ok && a.modelVersion !== shipped);
    });
    promoted = after[0]?.modelVersion;
    expect(promoted).toBeDefined();
    expect(promoted).not.toBe(shipped);
    // Every bot serves the same new version: the shipped model's name and date, another hash.
    expect(after.map((a) => a.modelVersion)).toEqual(bots.map(() => promoted));
    expect(promoted?.split(" ").slice(0, 2)).toEqual(shipped?.split(" ").slice(0, 2));
    expect(workers.every((w) => w.process.exitCode === null && w.process.signalCode === null)).toBe(true);
  }, 300_000);

  it("GIVEN a worker killed with -9 mid-job THEN another worker takes the job over and every caller gets one answer", async () => {
    // The same bots; the workers make way for one that takes a job and never finishes it. ETH 1d of the
    // promoted model has not been asked yet, so its job is new.
    await Promise.all(workers.map((worker) => worker.stop()));
    const held = start(WORKER, ["--hold"], { DATABASE_URL: database.url });
    const rescuer = start(WORKER, ["--standby"], { DATABASE_URL: database.url });
    await Promise.all([held.ready, rescuer.ready]);
    await until("the held worker alone", async () => {
      const found = await live();
      return found.length === 1 && found[0]?.backend === "held";
    });
    const activeJobs: string[] = [];
    const completed: string[] = [];
    const onActive = ({ jobId }: { jobId: string }) => activeJobs.push(jobId);
    const onCompleted = ({ jobId }: { jobId: string }) => completed.push(jobId);
    events.on("active", onActive);
    events.on("completed", onCompleted);

    const pending = ask(
      bots,
      Array.from({ length: 20 }, () => ({ symbol: "ETH", horizon: "1d" })),
    );
    await until("the held worker to take the job", () => activeJobs.length > 0);
    held.process.kill("SIGKILL");
    rescuer.process.send({ go: true });
    const answers = await pending;
    events.off("active", onActive);
    events.off("completed", onCompleted);

    expect(answers.size).toBe(20);
    expect([...answers.values()].every((list) => list.length === 1 && list[0]?.ok === true)).toBe(true);
    expect([...answers.values()].every((list) => list[0]?.modelVersion === promoted)).toBe(true);
    // The job ran twice (the killed worker's attempt, then the rescuer's) and completed once.
    expect(activeJobs.length).toBe(2);
    expect(new Set(activeJobs).size).toBe(1);
    expect(completed).toEqual([activeJobs[0]]);
  }, 300_000);
});
