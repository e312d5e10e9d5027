import { join } from "node:path";
import { open } from "sqlite";
import sqlite3 from "sqlite3";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { CACHE_FILE } from "../../src/forecast/cache.js";
import { staleNotice } from "../../src/format.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { utcMinute } from "../../src/time.js";
import { candlesEndingAt, type fakeMarket, refusedUpdate } from "../helpers/fake-market.js";
import { handMadeChampion } from "../helpers/test-forecast-service.js";
import {
  DAY,
  fakeRunner,
  H4,
  LAST_4H,
  LAST_DAILY,
  NOON,
  serviceUnderTest,
  sleep,
} from "./service-fixture.js";

describe("ForecastService", () => {
  const suite = serviceUnderTest();
  const { build } = suite;

  it("GIVEN volatilityHistory from ten days back THEN one batched model job, with an origin per day's last 4h candle and one at the newest", async () => {
    const run = fakeRunner(0);
    const { service } = await build({ runner: run, candles4h: 600 });
    const since = LAST_4H - 10 * DAY;
    const { days, latest } = await service.volatilityHistory("btc", "4h", since);
    // Day ends (20:00 UTC candles) from `since` up to the newest candle, which comes as `latest`.
    expect(days.map((d) => new Date(d.asOf).toISOString().slice(11, 16))).toEqual(Array(10).fill("20:00"));
    expect(days[0]?.asOf).toBeGreaterThanOrEqual(since);
    expect(latest.asOf).toBe(LAST_4H);
    expect(run.calls).toHaveLength(1);
    const [call] = run.calls;
    expect(call?.steps).toBe(1);
    expect(call?.origins).toHaveLength(11);
    // The first origin gets the 1000 candles a single forecast would (the series holds 600: all of them).
    expect(call?.candles).toBe(600);
    expect(call?.origins?.at(-1)).toBe(599);
    // Raw quantiles: the sd implied by the 80% interval of Q (±1.2816 sd).
    expect(latest.volatility).toBeCloseTo((0.06 - -0.05) / (2 * 1.2816), 3);
  });

  it("GIVEN 50 concurrent calls for the same symbol and horizon THEN the model runs once and all get the same forecast", async () => {
    const { service, run } = await build();
    const results = await Promise.all(Array.from({ length: 50 }, () => service.forecast("btc", "1d")));
    expect(run.calls).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({
      symbol: "BTC/USDT",
      horizon: "1d",
      asOf: LAST_DAILY,
      modelVersion: "cnn-gru shipped",
    });
  });

  it("GIVEN 1,000 concurrent calls over 3 symbols and 5 horizons THEN every one is answered and the model runs once per pair", async () => {
    const { service, run } = await build();
    const symbols = ["BTC", "ETH", "XRP"];
    const horizons = ["4h", "12h", "1d", "3d", "7d"];
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        service.forecast(symbols[i % 3] as string, horizons[Math.floor(i / 3) % 5] as string),
      ),
    );
    expect(results).toHaveLength(1000);
    expect(run.calls).toHaveLength(15);
    expect(new Set(run.calls.map((c) => `${c.symbol}|${c.steps}|${c.modelDir}`)).size).toBe(15);
  });

  it("GIVEN a forecast THEN it is built from the champion, the last candle and the horizon's steps", async () => {
    const { service, run } = await build();
    const f = await service.forecast("ETH", "12h");
    expect(run.calls[0]).toEqual({
      modelDir: "/models/4h/shipped",
      symbol: "ETH/USDT",
      steps: 3,
      candles: 120,
    });
    expect(f.timeframe).toBe("4h");
    expect(f.asOf).toBe(LAST_4H);
    expect(f.targetTime).toBe(LAST_4H + 4 * H4);
    expect(f.lastPrice).toBe(219);
    expect(f.median).toBeCloseTo(219 * Math.exp(0.01), 9);
    expect(f.madeAt).toBe(NOON);
  });

  it("GIVEN an unknown symbol or horizon THEN a UserError with suggestions, and no model run", async () => {
    const { service, run } = await build();
    await expect(service.forecast("BTX", "1d")).rejects.toThrow(UserError);
    await expect(service.forecast("BTX", "1d")).rejects.toMatchObject({ code: "unknown-symbol" });
    await expect(service.forecast("BTX", "1d")).rejects.toThrow(/BTC/);
    await expect(service.forecast("BTC", "2w")).rejects.toThrow(/4h, 12h|1d, 3d, 7d/);
    expect(run.calls).toHaveLength(0);
  });

  it("GIVEN a cached forecast THEN it expires when the next candle closes and is computed again", async () => {
    const { service, run } = await build();
    suite.clock = LAST_DAILY + 2 * DAY - 100; // 100 ms before the next daily close
    await service.forecast("BTC", "1d");
    await service.forecast("BTC", "1d");
    expect(run.calls).toHaveLength(1);
    await sleep(200);
    suite.clock = LAST_DAILY + 2 * DAY + 100; // the store has no newer candle (an offline bot): same as-of, new run
    await service.forecast("BTC", "1d");
    expect(run.calls).toHaveLength(2);
  });

  it("GIVEN a new candle in the store after the close THEN the forecast is based on it", async () => {
    const { service, data } = await build();
    const first = await service.forecast("BTC", "1d");
    data.set("BTC/USDT", "1d", candlesEndingAt("1d", LAST_DAILY + DAY, 121));
    suite.clock = LAST_DAILY + 2 * DAY + 60_000;
    const next = await service.forecast("BTC", "1d");
    expect(next.asOf).toBe(first.asOf + DAY);
  });

  it("GIVEN a post at a 4h close before the scheduled refresh THEN it waits for the candle to settle, refreshes and forecasts from it; offline, from the stored one marked stale", async () => {
    const waits: number[] = [];
    const { service, data } = await build({
      sleep: async (ms) => {
        waits.push(ms);
        suite.clock += ms;
      },
    });
    // NOON: the 08:00-12:00 candle has just closed; the store ends at the one before (LAST_4H).
    suite.clock = NOON + 40;
    const stored = await service.forecast("BTC", "4h");
    data.answerUpdates((symbol) => {
      if (symbol !== "BTC/USDT") return refusedUpdate(symbol);
      data.set(symbol, "4h", candlesEndingAt("4h", LAST_4H + H4));
      return { status: "updated", symbol, added: 1, replaced: 0, rejected: 0, asOf: LAST_4H + H4 };
    });
    const post = await service.forecast("BTC", "4h", { source: "post", fresh: true });
    expect(waits).toEqual([60_000 - 40]);
    expect(post.asOf).toBe(stored.asOf + H4);
    expect(post.data.stale).toBe(false);
    const offline = await service.forecast("ETH", "4h", { source: "post", fresh: true });
    expect(offline.asOf).toBe(stored.asOf);
    expect(offline.data.stale).toBe(true);
    expect(waits).toHaveLength(1);
  });

  it("GIVEN a restart THEN cache and ledger are still there: the forecast is served without running the model", async () => {
    const before = await build();
    const served = await before.service.forecast("BTC", "1d");
    await suite.restart();

    const runner = fakeRunner();
    runner.failWhenCalled();
    const after = await build({ runner });
    expect(await after.service.forecast("BTC", "1d")).toEqual(served);
    expect(runner.calls).toHaveLength(0);
    const record = await after.service.trackRecord({ symbol: "BTC/USDT" });
    expect(record.count + record.pending).toBe(1);
  });

  it("GIVEN the shipped model replaced in place (coincast train keeps its id) THEN after a restart the forecast is the new model's, not the old one's cached answer", async () => {
    const shippedAs = (version: string) => ({
      champion: async (timeframe: ModelTimeframe) => ({ ...handMadeChampion(timeframe), version }),
      stage: async () => ({ id: "challenger", dir: join(suite.dir, "challenger") }),
      promote: async () => true,
      discard: async () => {},
      rollback: async (timeframe: ModelTimeframe) => handMadeChampion(timeframe),
    });
    const before = await build({ registry: shippedAs("cnn-gru 2025-12-08 aaaaaaaa") });
    expect((await before.service.forecast("BTC", "1d")).modelVersion).toBe("cnn-gru 2025-12-08 aaaaaaaa");
    await suite.restart();
    const runner = fakeRunner();
    const after = await build({ runner, registry: shippedAs("cnn-gru 2025-12-09 bbbbbbbb") });
    expect((await after.service.forecast("BTC", "1d")).modelVersion).toBe("cnn-gru 2025-12-09 bbbbbbbb");
    expect(runner.calls).toHaveLength(1);
  });

  it("GIVEN the same forecast served many times THEN the ledger holds it once", async () => {
    const { service } = await build();
    for (let i = 0; i < 5; i++) await service.forecast("XRP", "3d");
    await service.forecast("XRP", "7d");
    const record = await service.trackRecord();
    expect(record.pending).toBe(2);
    expect(record.count).toBe(0);
  });

  it("GIVEN a cache that fails (Redis down) THEN forecasts are computed, never an error", async () => {
    const { service, run } = await build({ redisUrl: "redis://127.0.0.1:1" });
    const f = await service.forecast("BTC", "1d");
    expect(f.symbol).toBe("BTC/USDT");
    await service.forecast("BTC", "1d");
    expect(run.calls.length).toBeGreaterThanOrEqual(1);
  });

  it("GIVEN cache.sqlite held under BEGIN EXCLUSIVE by another process THEN forecasts are still answered, each a cache miss", async () => {
    // The file as a first start left it, then locked from a second connection (as the sqlite3 shell does).
    const locker = await open({ filename: join(suite.dir, CACHE_FILE), driver: sqlite3.Database });
    await locker.exec("CREATE TABLE cache(key VARCHAR(255) PRIMARY KEY, value TEXT)");
    await locker.exec("BEGIN EXCLUSIVE");
    try {
      const { service, run } = await build();
      await sleep(300);
      expect((await service.forecast("BTC", "1d")).symbol).toBe("BTC/USDT");
      expect((await service.forecast("BTC", "1d")).symbol).toBe("BTC/USDT");
      // Nothing could be read or stored: the model ran for each request.
      expect(run.calls).toHaveLength(2);
    } finally {
      await locker.exec("ROLLBACK");
      await locker.close();
    }
  });

  it("GIVEN a refresh the exchange refused THEN even a cached forecast says its data are stale", async () => {
    const { service, data } = await build();
    expect((await service.forecast("BTC", "1d")).data.stale).toBe(false);
    data.answerUpdates(refusedUpdate);
    await service.refreshData();
    expect((await service.forecast("BTC", "1d")).data.stale).toBe(true);
  });

  describe("the first answer after start-up, from a year-old store", () => {
    const YEAR = 365 * DAY;
    /** The start-up refresh: the exchange serves the year of candles the store lacked. */
    const catchUp = (data: ReturnType<typeof fakeMarket>, symbol: string) => {
      data.set(symbol, "1d", candlesEndingAt("1d", LAST_DAILY));
      data.set(symbol, "4h", candlesEndingAt("4h", LAST_4H));
      return { status: "updated" as const, symbol, added: 2190, replaced: 0, rejected: 0, asOf: LAST_4H };
    };

    it("GIVEN the start-up refresh lands within the wait THEN the first forecast waits for it and is built from the new candles, fresh, and recorded", async () => {
      const { service, data } = await build({ storedAgeMs: YEAR, firstRefreshWaitMs: 60_000 });
      data.answerUpdates(async (symbol) => {
        await sleep(30);
        return catchUp(data, symbol);
      });
      const refresh = service.refreshData();
      const f = await service.forecast("BTC", "1d");
      await refresh;
      expect(f.asOf).toBe(LAST_DAILY);
      expect(f.data.stale).toBe(false);
      expect((await service.trackRecord()).pending).toBe(1);
    });

    it("GIVEN the start-up refresh slower than the wait THEN the first forecast is answered from the stored candles, marked stale with their date, and never enters the track record", async () => {
      const { service, data } = await build({ storedAgeMs: YEAR, firstRefreshWaitMs: 20 });
      let release = () => {};
      const exchangeAnswers = new Promise<void>((resolve) => {
        release = resolve;
      });
      data.answerUpdates(async (symbol) => {
        await exchangeAnswers;
        return catchUp(data, symbol);
      });
      const refresh = service.refreshData();
      const f = await service.forecast("BTC", "1d");
      expect(f.asOf).toBe(LAST_DAILY - YEAR);
      expect(f.data.stale).toBe(true);
      expect(staleNotice(f.data, f.timeframe)).toContain(utcMinute(LAST_DAILY - YEAR + DAY));
      // Its target closed long before it was made: no instant "direction right 100%".
      expect(await service.trackRecord()).toMatchObject({ count: 0, pending: 0 });
      release();
      await refresh;
      const next = await service.forecast("BTC", "1d");
      expect(next).toMatchObject({ asOf: LAST_DAILY, data: { stale: false } });
    });

    it("GIVEN no refresh in this process (a piped console, the command line) THEN year-old stored data are called stale, each time, per symbol, against the clock", async () => {
      const { service } = await build({ storedAgeMs: YEAR });
      // The same question gets the same answer whatever was asked before it (the old rule waited for a refresh
      // of any symbol, so a second BTC after a DOGE said STALE and the first did not).
      for (const symbol of ["BTC", "ETH", "BTC"]) {
        const f = await service.forecast(symbol, "1d");
        expect(f.data.stale).toBe(true);
        expect(staleNotice(f.data, f.timeframe)).toContain(utcMinute(LAST_DAILY - YEAR + DAY));
      }
    });
  });

  it("GIVEN a forecast whose target candle arrives THEN the refresh scores it against persistence", async () => {
    const { service, data } = await build();
    const f = await service.forecast("BTC", "1d");
    // The target candle (open LAST_DAILY + DAY) closes at 250: 31 above the last close of 219.
    const candles = candlesEndingAt("1d", LAST_DAILY + DAY, 121);
    const target = candles.at(-1);
    if (target === undefined) throw new Error("no candle");
    target.close = 250;
    data.set("BTC/USDT", "1d", candles);
    suite.clock = f.targetTime + 5 * 60_000;
    await service.refreshData();
    const record = await service.trackRecord({ symbol: "BTC/USDT", horizon: "1d" });
    expect(record.count).toBe(1);
    expect(record.mae).toBeCloseTo(Math.abs(219 * Math.exp(0.01) - 250), 6);
    expect(record.naiveMae).toBeCloseTo(31, 9);
    expect(record.hitRate).toBe(1);
  });

  it("GIVEN a scored forecast that fell outside its intervals THEN the next forecast's intervals widen (adaptive conformal), the median stays", async () => {
    const { service, data } = await build();
    const first = await service.forecast("BTC", "1d");
    expect(await service.adaptiveIntervals?.("1d")).toMatchObject([{ updates: 0 }, { updates: 0 }]);
    // The target closes far above the 95% interval: one miss of both intervals.
    const candles = candlesEndingAt("1d", LAST_DAILY + DAY, 121);
    const target = candles.at(-1);
    if (target === undefined) throw new Error("no candle");
    target.close = first.interval95.high * 1.5;
    data.set("BTC/USDT", "1d", candles);
    suite.clock = first.targetTime + 5 * 60_000;
    await service.refreshData();
    const [a80, a95] = (await service.adaptiveIntervals?.("1d")) ?? [];
    expect(a80).toMatchObject({ updates: 1, observedCoverage: 0 });
    expect(a80?.alpha).toBeLessThan(0.2);
    expect(a95?.alpha).toBeLessThan(0.05);
    const next = await service.forecast("BTC", "1d");
    const width = (f: typeof first, k: "interval80" | "interval95") => Math.log(f[k].high / f[k].low);
    expect(width(next, "interval80")).toBeGreaterThan(width(first, "interval80"));
    expect(width(next, "interval95")).toBeGreaterThan(width(first, "interval95"));
    expect(Math.log(next.median / next.lastPrice)).toBeCloseTo(Math.log(first.median / first.lastPrice), 9);
  });

  it("GIVEN concurrent chart requests for one forecast THEN it is rendered once, from history ending at its candle, and cached across a restart", async () => {
    const before = await build();
    const f = await before.service.forecast("BTC", "1d");
    const pngs = await Promise.all(Array.from({ length: 10 }, () => before.service.chart(f)));
    // The service sends the history up to the forecast's candle; the chart job picks its own window of it.
    expect(before.run.charts).toEqual([
      { symbol: "BTC/USDT", history: expect.any(Number), lastTime: f.asOf },
    ]);
    expect(before.run.charts[0]?.history).toBeGreaterThanOrEqual(90);
    expect(new Set(pngs.map((p) => p.toString("hex"))).size).toBe(1);
    await suite.restart();

    const after = await build();
    expect((await after.service.chart(f)).equals(pngs[0] as Buffer)).toBe(true);
    expect(after.run.charts).toHaveLength(0);
  });
});
