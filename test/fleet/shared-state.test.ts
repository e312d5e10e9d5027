import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../commands/types.js";
import { createFleetLock, fleetOnce } from "../../src/fleet/lock.js";
import type { Forecast } from "../../src/forecast/forecast.js";
import { openLedger } from "../../src/forecast/ledger.js";
import { openPostgresLedger } from "../../src/forecast/ledger-postgres.js";
import { silentLogger } from "../../src/logger.js";
import { TIMEFRAME_MS } from "../../src/market/types.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { openPostgresSubscriptionStore } from "../../src/schedule/store-postgres.js";
import { openPostgres } from "../../src/storage/postgres.js";
import { createTestDatabase, postgresAvailable } from "../helpers/postgres.js";
import { recordingTarget, subscription } from "../helpers/posts.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

const DAY = TIMEFRAME_MS["1d"];
const MIN = 60_000;
/** 08:00 Europe/Berlin on 2026-06-02 is 06:00 UTC; the replicas run at 06:05. */
const POST_TIME = Date.UTC(2026, 5, 2, 6, 5);

const postgres = await postgresAvailable();
const redis = await redisAvailable();

describe.skipIf(!postgres)("shared state in PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  /** A replica's own connection pool, as a separate bot process would hold. */
  const replicaPool = () => {
    const pool = openPostgres(database.url, { max: 2 });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await database?.drop();
  });

  it("GIVEN three replicas running the daily schedule THEN each subscription is posted once a day, also after they restart", async () => {
    const { target, sent: posted } = recordingTarget({ delayMs: 20 });
    const sent = () => posted.map((post) => post.channelId);
    const compose = async (): Promise<Reply> => ({ lines: ["post"] });
    const replicas = async () => {
      const stores: SubscriptionStore[] = [];
      for (let i = 0; i < 3; i++) stores.push(await openPostgresSubscriptionStore({ db: replicaPool() }));
      return stores.map((store) =>
        createPostScheduler({
          store,
          targets: { telegram: target },
          compose,
          graceMs: 120 * MIN,
          logger: silentLogger(),
        }),
      );
    };
    const setup = await openPostgresSubscriptionStore({ db: replicaPool() });
    for (const channelId of ["-1", "-2", "-3", "-4"]) {
      await setup.upsert(subscription({ channelId }), POST_TIME - DAY);
    }

    const first = await replicas();
    await Promise.all(first.map((s) => s.runDue(POST_TIME)));
    expect(sent().sort()).toEqual(["-1", "-2", "-3", "-4"]);
    // The same day again, by three freshly started replicas (a restart): nothing more.
    const restarted = await replicas();
    await Promise.all(restarted.map((s) => s.runDue(POST_TIME + 30 * MIN)));
    expect(sent()).toHaveLength(4);
    // The next day: once each again.
    await Promise.all(restarted.map((s) => s.runDue(POST_TIME + DAY)));
    expect(sent()).toHaveLength(8);
    expect(new Set(sent().slice(4))).toEqual(new Set(["-1", "-2", "-3", "-4"]));
    const posts = await setup.postsSince("2026-06-01");
    expect(posts.map((p) => p.status)).toEqual(Array(8).fill("done"));
  });

  it("GIVEN the same forecasts and outcomes THEN the PostgreSQL ledger gives the SQLite ledger's track record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coincast-ledger-"));
    const sqlite = await openLedger({ file: join(dir, "ledger.sqlite"), logger: silentLogger() });
    const ledgers = [sqlite, await openPostgresLedger({ db: replicaPool(), logger: silentLogger() })];
    const t0 = Date.UTC(2024, 2, 10);
    const forecasts: Forecast[] = [1, 2, 3, 4, 5].map((i) => ({
      symbol: i % 2 === 0 ? "BTC/USDT" : "ETH/USDT",
      horizon: "1d",
      timeframe: "1d",
      asOf: t0 + i * DAY,
      targetTime: t0 + (i + 2) * DAY,
      lastPrice: 100,
      median: 100 + i,
      interval80: { low: 95, high: 100 + 2 * i },
      interval95: { low: 90, high: 100 + 3 * i },
      probabilityUp: 0.4 + i / 20,
      expectedVolatility: 0.05,
      modelVersion: "cnn-gru 2024-03-01 a1b2c3d4",
      data: { source: "live", asOf: t0 + i * DAY, stale: false },
      madeAt: t0 + (i + 1) * DAY,
    }));
    const actual = async (_symbol: string, _tf: string, openTime: number) =>
      openTime < t0 + 6 * DAY ? 100 + ((openTime / DAY) % 7) : undefined;
    const results = [];
    for (const ledger of ledgers) {
      for (const forecast of forecasts) await ledger.record(forecast, "command");
      // Recording again (another replica served the same forecast) is a no-op.
      expect(await ledger.record(forecasts[0] as Forecast, "post")).toBe(false);
      const scored = await ledger.scoreDue(t0 + 10 * DAY, actual);
      results.push({
        scored,
        all: await ledger.trackRecord(),
        btc: await ledger.trackRecord({ symbol: "BTC/USDT" }),
        entries: await ledger.scored({ limit: 2 }),
      });
    }
    await sqlite.close();
    await rm(dir, { recursive: true, force: true });
    expect(results[0]?.scored).toBe(4);
    expect(results[0]?.all.pending).toBe(1);
    expect(results[1]).toEqual(results[0]);
  });
});

describe.skipIf(!redis)("fleet-wide locks in Redis", () => {
  const prefix = uniquePrefix("lock");
  const clients = [new Redis(REDIS_URL), new Redis(REDIS_URL), new Redis(REDIS_URL)];
  afterAll(async () => {
    await deletePrefix(clients[0] as Redis, prefix);
    await Promise.all(clients.map((client) => client.quit()));
  });

  it("GIVEN three replicas whose retrain cron fires in the same minute THEN one of them retrains", async () => {
    let runs = 0;
    const at = Date.UTC(2026, 5, 7, 3, 0, 2);
    const outcomes = await Promise.all(
      clients.map((client, i) =>
        fleetOnce(createFleetLock(client, prefix), () => at + i * 1500)("retrain", async () => {
          runs++;
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    // The next week's slot is a new claim.
    await fleetOnce(createFleetLock(clients[1] as Redis, prefix), () => at + 7 * DAY)("retrain", async () => {
      runs++;
    });
    expect(runs).toBe(2);
  });

  it("GIVEN a lock held by a task THEN a second holder is refused until it is released, and it frees itself after its expiry", async () => {
    const [a, b] = clients.map((client) => createFleetLock(client, prefix));
    let release: () => void = () => undefined;
    const held = a?.run("refresh", 300, () => new Promise<void>((resolve) => (release = resolve)));
    // Extended while the task runs: still held after twice the expiry.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await b?.run("refresh", 300, async () => "b")).toEqual({ ran: false });
    release();
    expect(await held).toEqual({ ran: true, value: undefined });
    expect(await b?.run("refresh", 300, async () => "b")).toEqual({ ran: true, value: "b" });
    expect(await a?.claim("slot", 200)).toBe(true);
    expect(await b?.claim("slot", 200)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await b?.claim("slot", 200)).toBe(true);
  });
});
