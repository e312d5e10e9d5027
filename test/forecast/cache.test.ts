import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "sqlite";
import sqlite3 from "sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CACHE_FILE,
  createForecastCache,
  createForecastCaches,
  type ForecastCache,
} from "../../src/forecast/cache.js";
import { type CacheConnection, openCacheConnection } from "../../src/forecast/sqlite-cache-store.js";
import { silentLogger } from "../../src/logger.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { REDIS_URL, redisAvailable } from "../helpers/redis.js";

const logger = silentLogger();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("forecast cache on a SQLite file", () => {
  let dir: string;
  const opened: ForecastCache<unknown>[] = [];
  const open = (dataDir = dir) => {
    const cache = createForecastCache<{ median: number }>({ dataDir, redisUrl: undefined, logger });
    opened.push(cache);
    return cache;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-cache-"));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN a value set THEN a get returns it, and a new cache on the same directory (a restart) still has it", async () => {
    const cache = open();
    await cache.set("BTC/USDT|1d", { median: 97_120 }, 60_000);
    expect(await cache.get("BTC/USDT|1d")).toEqual({ median: 97_120 });
    await cache.close();
    expect(await open().get("BTC/USDT|1d")).toEqual({ median: 97_120 });
  });

  it("GIVEN a TTL THEN the entry is gone once it has passed", async () => {
    // Only Date is faked: keyv reads the clock for expiry, while the cache's own timeouts keep real timers,
    // so a loaded machine cannot turn a slow get into an expiry or the other way round.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const cache = open();
      await cache.set("k", { median: 1 }, 60_000);
      vi.setSystemTime(Date.now() + 59_000);
      expect(await cache.get("k")).toEqual({ median: 1 });
      vi.setSystemTime(Date.now() + 2_000);
      expect(await cache.get("k")).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it("GIVEN clear THEN every entry is gone", async () => {
    const cache = open();
    await cache.set("a", { median: 1 }, 60_000);
    await cache.set("b", { median: 2 }, 60_000);
    await cache.clear();
    expect(await cache.get("a")).toBeUndefined();
    expect(await cache.get("b")).toBeUndefined();
  });

  it("GIVEN a data directory that cannot hold the file THEN get reads as a miss and set does nothing, without throwing", async () => {
    const blocked = join(dir, "not-a-dir");
    await writeFile(blocked, "a file where the cache file's folder should be");
    const cache = createForecastCache<{ median: number }>({
      dataDir: join(blocked, "inner"),
      redisUrl: undefined,
      logger,
    });
    opened.push(cache);
    await expect(cache.set("k", { median: 1 }, 60_000)).resolves.toBeUndefined();
    await expect(cache.get("k")).resolves.toBeUndefined();
  });
});

describe("forecast cache on a locked SQLite file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-cache-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A second connection, as the sqlite3 shell would be, holding `BEGIN EXCLUSIVE` on the cache file. */
  async function holdExclusiveLock() {
    const locker = await open({ filename: join(dir, CACHE_FILE), driver: sqlite3.Database });
    await locker.exec("BEGIN EXCLUSIVE");
    return {
      release: async () => {
        await locker.exec("ROLLBACK");
        await locker.close();
      },
    };
  }

  it("GIVEN a file an older Coincast left (no WAL) locked by another connection WHEN the caches are built and used later THEN nothing rejects, get and set read as a miss, and the cache works once the lock is gone", async () => {
    // What @keyv/sqlite created: the same table, rollback journal, schema version 0.
    const old = await open({ filename: join(dir, CACHE_FILE), driver: sqlite3.Database });
    await old.exec("CREATE TABLE cache(key VARCHAR(255) PRIMARY KEY, value TEXT)");
    await old.close();
    const lock = await holdExclusiveLock();
    const { forecasts, charts } = createForecastCaches({
      dataDir: dir,
      redisUrl: undefined,
      logger,
      timeoutMs: 1_000,
      retryMs: 20,
    });
    try {
      // The bot builds its caches at start-up and asks them only when a forecast comes: an open that failed
      // meanwhile must not surface as an unhandled rejection (which ended the process).
      await sleep(300);
      await expect(forecasts.get("k")).resolves.toBeUndefined();
      await expect(charts.set("k", "png", 60_000)).resolves.toBeUndefined();
      await lock.release();
      // The circuit opened on the first failure; its background retry finds the file free again.
      await vi.waitFor(async () => {
        await charts.set("k", "png", 60_000);
        expect(await charts.get("k")).toBe("png");
      });
      expect(await forecasts.get("k")).toBeUndefined();
    } finally {
      await forecasts.close();
      await charts.close();
    }
  });

  it("GIVEN a cache file in WAL mode locked by another connection THEN reads still answer, a set is skipped, and nothing throws", async () => {
    const cache = createForecastCache<number>({
      dataDir: dir,
      redisUrl: undefined,
      logger,
      timeoutMs: 1_000,
      retryMs: 20,
    });
    try {
      await cache.set("k", 1, 60_000);
      const lock = await holdExclusiveLock();
      try {
        expect(await cache.get("k")).toBe(1);
        await expect(cache.set("k", 2, 60_000)).resolves.toBeUndefined();
      } finally {
        await lock.release();
      }
      await vi.waitFor(async () => expect(await cache.get("k")).toBe(1));
    } finally {
      await cache.close();
    }
  });
});

describe("forecast cache circuit breaker", () => {
  /** A cache back-end that cannot be opened, counting every attempt; `recover` makes it work. */
  function brokenConnection() {
    const attempts = { count: 0 };
    let real: ReturnType<typeof openCacheConnection> | undefined;
    let dir = "";
    const connection: CacheConnection = {
      db: async () => {
        attempts.count += 1;
        if (real === undefined) throw new Error("SQLITE_BUSY: database is locked");
        return real.db();
      },
      acquire: () => {},
      release: async () => {
        await real?.release();
        if (dir !== "") await rm(dir, { recursive: true, force: true });
      },
    };
    return {
      connection,
      attempts,
      recover: async () => {
        dir = await mkdtemp(join(tmpdir(), "coincast-cache-"));
        real = openCacheConnection(join(dir, CACHE_FILE), logger);
        real.acquire();
      },
    };
  }

  it("GIVEN a cache that fails THEN the first failure opens the circuit: later gets and sets never touch it, and it is logged once", async () => {
    const broken = brokenConnection();
    const capture = captureLogger();
    const cache = createForecastCache<number>({
      dataDir: tmpdir(),
      redisUrl: undefined,
      logger: capture.logger,
      connection: broken.connection,
      retryMs: 3_600_000,
    });
    try {
      for (let i = 0; i < 20; i++) {
        await expect(cache.get(`k${i}`)).resolves.toBeUndefined();
        await expect(cache.set(`k${i}`, i, 60_000)).resolves.toBeUndefined();
      }
      // The open started with the cache, and the first get's: then never again.
      expect(broken.attempts.count).toBe(2);
      expect(capture.lines.filter((l) => l.level === 40)).toHaveLength(1);
    } finally {
      await cache.close();
    }
  });

  it("GIVEN a file that takes longer to open than an operation's budget (a busy host) THEN the cache starts opening it when created, and the first get and set wait for the open rather than fail", async () => {
    const real = openCacheConnection(
      join(await mkdtemp(join(tmpdir(), "coincast-cache-")), CACHE_FILE),
      logger,
    );
    let opens = 0;
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const connection: CacheConnection = {
      db: async () => {
        opens += 1;
        await slow;
        return real.db();
      },
      acquire: () => real.acquire(),
      release: () => real.release(),
    };
    const capture = captureLogger();
    const cache = createForecastCache<number>({
      dataDir: tmpdir(),
      redisUrl: undefined,
      logger: capture.logger,
      connection,
      timeoutMs: 250,
      retryMs: 3_600_000,
    });
    try {
      expect(opens).toBe(1);
      const setting = cache.set("k", 7, 60_000);
      // The open outlasts the operation's budget.
      await sleep(400);
      release();
      await setting;
      expect(await cache.get("k")).toBe(7);
      expect(capture.lines.filter((l) => Number(l.level) >= 40)).toEqual([]);
    } finally {
      await cache.close();
    }
  });

  it("GIVEN an open circuit THEN a background retry closes it once the cache answers again, and says so", async () => {
    const broken = brokenConnection();
    const capture = captureLogger();
    const cache = createForecastCache<number>({
      dataDir: tmpdir(),
      redisUrl: undefined,
      logger: capture.logger,
      connection: broken.connection,
      retryMs: 10,
    });
    try {
      expect(await cache.get("k")).toBeUndefined();
      await broken.recover();
      await vi.waitFor(() => expect(capture.messages()).toContain("forecast cache is back"));
      await cache.set("k", 7, 60_000);
      expect(await cache.get("k")).toBe(7);
    } finally {
      await cache.close();
    }
  });

  it("GIVEN the forecast and chart caches over one down Redis THEN they share one circuit: one failure skips both", async () => {
    const capture = captureLogger();
    const { forecasts, charts } = createForecastCaches({
      dataDir: tmpdir(),
      redisUrl: "redis://127.0.0.1:1",
      logger: capture.logger,
      timeoutMs: 200,
      retryMs: 3_600_000,
    });
    try {
      await expect(forecasts.get("k")).resolves.toBeUndefined();
      await expect(charts.get("k")).resolves.toBeUndefined();
      await expect(charts.set("k", "png", 60_000)).resolves.toBeUndefined();
      expect(capture.lines.filter((l) => l.level === 40)).toHaveLength(1);
    } finally {
      await forecasts.close();
      await charts.close();
    }
  });
});

describe("forecast cache on Redis", () => {
  it("GIVEN Redis is down THEN get is a miss within the timeout and nothing throws", async () => {
    // Port 1 on loopback: nothing listens, the connection is refused.
    const cache = createForecastCache<number>({
      dataDir: tmpdir(),
      redisUrl: "redis://127.0.0.1:1",
      logger,
      timeoutMs: 200,
    });
    const started = Date.now();
    await expect(cache.set("k", 1, 60_000)).resolves.toBeUndefined();
    await expect(cache.get("k")).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    await cache.close();
  });

  it("GIVEN a Redis on 127.0.0.1:6379 THEN values round-trip with their TTL and clear empties the namespace", async (context) => {
    if (!(await redisAvailable())) context.skip();
    const namespace = `coincast-test-${process.pid}-${Date.now()}`;
    const cache = createForecastCache<{ median: number }>({
      dataDir: tmpdir(),
      redisUrl: REDIS_URL,
      logger,
      namespace,
      timeoutMs: 1_000,
    });
    try {
      expect(cache.kind).toBe("redis");
      await cache.set("BTC/USDT|1d", { median: 97_120 }, 60_000);
      await cache.set("short", { median: 1 }, 80);
      expect(await cache.get("BTC/USDT|1d")).toEqual({ median: 97_120 });
      await sleep(150);
      expect(await cache.get("short")).toBeUndefined();
      await cache.clear();
      expect(await cache.get("BTC/USDT|1d")).toBeUndefined();
    } finally {
      await cache.close();
    }
  });
});
