import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "sqlite";
import sqlite3 from "sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { CACHE_FILE } from "../../src/forecast/cache.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import { staleNotice } from "../../src/format.js";
import { silentLogger } from "../../src/logger.js";
import { utcMinute } from "../../src/time.js";
import { candlesEndingAt, fakeMarket } from "../helpers/fake-market.js";
import { testForecastService } from "../helpers/test-forecast-service.js";

const logger = silentLogger();
const DAY = 86_400_000;
const H4 = 4 * 3_600_000;
/** A Saturday noon (UTC): the last closed daily candle opened the day before at 00:00. */
const NOON = Date.UTC(2026, 10, 21, 12);
const LAST_DAILY = Date.UTC(2026, 10, 20);
const LAST_4H = Date.UTC(2026, 10, 21, 4);
const Q = [-0.1, -0.05, 0.01, 0.06, 0.1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A runner that answers after `delayMs` and counts its calls per symbol and horizon steps. */
function fakeRunner(delayMs = 20) {
  const calls: { modelDir: string; symbol: string; steps: number; candles: number; origins?: number[] }[] =
    [];
  const charts: { symbol: string; history: number; lastTime: number | undefined }[] = [];
  let failing = false;
  const runner: ModelRunner = {
    forecast: async (input) => {
      calls.push({
        modelDir: input.modelDir,
        symbol: input.symbol,
        steps: input.steps,
        candles: input.candles.length,
        ...(input.origins === undefined ? {} : { origins: input.origins }),
      });
      await sleep(delayMs);
      if (failing) throw new Error("the model must not run");
      return input.origins === undefined
        ? { quantiles: Q }
        : { quantiles: Q, batch: input.origins.map(() => Q) };
    },
    chart: async ({ forecast, history }) => {
      charts.push({ symbol: forecast.symbol, history: history.length, lastTime: history.at(-1)?.time });
      await sleep(delayMs);
      return { png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, charts.length]) };
    },
    challenge: async () => {
      throw new Error("not used here");
    },
  };
  return {
    runner,
    calls,
    charts,
    failWhenCalled() {
      failing = true;
    },
  };
}

describe("ForecastService", () => {
  let dir: string;
  let clock: number;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-service-"));
    clock = NOON;
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await rm(dir, { recursive: true, force: true });
  });

  async function build(
    options: {
      runner?: ReturnType<typeof fakeRunner>;
      redisUrl?: string;
      /** How old the stored candles are at NOON (a fresh install: about a year). */
      storedAgeMs?: number;
      firstRefreshWaitMs?: number;
      /** 4h candles stored (default 120). */
      candles4h?: number;
    } = {},
  ) {
    const age = options.storedAgeMs ?? 0;
    const data = fakeMarket((_, timeframe) =>
      timeframe === "1d"
        ? candlesEndingAt("1d", LAST_DAILY - age)
        : candlesEndingAt("4h", LAST_4H - age, options.candles4h),
    );
    const run = options.runner ?? fakeRunner();
    const now = () => clock;
    const { service, cache, ledger } = await testForecastService({
      dir,
      market: data.market,
      runner: run.runner,
      logger,
      now,
      closers,
      redisUrl: options.redisUrl,
      firstRefreshWaitMs: options.firstRefreshWaitMs,
    });
    return { service, data, run, cache, ledger };
  }

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
    clock = LAST_DAILY + 2 * DAY - 100; // 100 ms before the next daily close
    await service.forecast("BTC", "1d");
    await service.forecast("BTC", "1d");
    expect(run.calls).toHaveLength(1);
    await sleep(200);
    clock = LAST_DAILY + 2 * DAY + 100; // the store has no newer candle (an offline bot): same as-of, new run
    await service.forecast("BTC", "1d");
    expect(run.calls).toHaveLength(2);
  });

  it("GIVEN a new candle in the store after the close THEN the forecast is based on it", async () => {
    const { service, data } = await build();
    const first = await service.forecast("BTC", "1d");
    data.set("BTC/USDT", "1d", candlesEndingAt("1d", LAST_DAILY + DAY, 121));
    clock = LAST_DAILY + 2 * DAY + 60_000;
    const next = await service.forecast("BTC", "1d");
    expect(next.asOf).toBe(first.asOf + DAY);
  });

  it("GIVEN a restart THEN cache and ledger are still there: the forecast is served without running the model", async () => {
    const before = await build();
    const served = await before.service.forecast("BTC", "1d");
    for (const close of closers.splice(0).reverse()) await close();

    const runner = fakeRunner();
    runner.failWhenCalled();
    const after = await build({ runner });
    expect(await after.service.forecast("BTC", "1d")).toEqual(served);
    expect(runner.calls).toHaveLength(0);
    const record = await after.service.trackRecord({ symbol: "BTC/USDT" });
    expect(record.count + record.pending).toBe(1);
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
    const locker = await open({ filename: join(dir, CACHE_FILE), driver: sqlite3.Database });
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
    data.answerUpdates((symbol) => ({
      status: "stale",
      symbol,
      added: 0,
      replaced: 0,
      rejected: 0,
      asOf: null,
      reason: "down",
    }));
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

    it("GIVEN no refresh in this process (a piped console, the command line) THEN old stored data are not called stale", async () => {
      const { service } = await build({ storedAgeMs: YEAR });
      expect((await service.forecast("BTC", "1d")).data.stale).toBe(false);
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
    clock = f.targetTime + 5 * 60_000;
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
    clock = first.targetTime + 5 * 60_000;
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
    for (const close of closers.splice(0).reverse()) await close();

    const after = await build();
    expect((await after.service.chart(f)).equals(pngs[0] as Buffer)).toBe(true);
    expect(after.run.charts).toHaveLength(0);
  });

  describe("retraining", () => {
    it("GIVEN a challenger that is worse THEN the champion is kept and keeps serving, cache untouched", async () => {
      const run = fakeRunner();
      run.runner.challenge = async () => ({
        decision: "keep",
        reason: "challenger pinball 0.030 > champion 0.020",
        window: { start: 0, end: 1, origins: 60 },
        champion: { pinball: 0.02, mae: 1, naiveMae: 1 },
        challenger: { pinball: 0.03, mae: 1, naiveMae: 1 },
        challengerMeta: null,
      });
      const { service } = await build({ runner: run });
      await service.forecast("BTC", "1d");
      const [outcome] = await service.retrainer.retrain({ timeframe: "1d" });
      expect(outcome).toMatchObject({ decision: "keep", championId: "shipped", promotedId: null });
      expect((await service.champion("1d")).id).toBe("shipped");
      await service.forecast("BTC", "1d");
      expect(run.calls).toHaveLength(1);
    });

    it("GIVEN a challenger that is not worse THEN it is promoted, the cache is dropped and the next forecast uses it", async () => {
      const run = fakeRunner();
      run.runner.challenge = async () => ({
        decision: "promote",
        reason: "challenger pinball 0.019 <= champion 0.020",
        window: { start: 0, end: 1, origins: 60 },
        champion: { pinball: 0.02, mae: 1, naiveMae: 1 },
        challenger: { pinball: 0.019, mae: 1, naiveMae: 1 },
        challengerMeta: null,
      });
      const { service } = await build({ runner: run });
      expect((await service.forecast("BTC", "1d")).modelVersion).toBe("cnn-gru shipped");
      const [outcome] = await service.retrainer.retrain({ timeframe: "1d" });
      expect(outcome).toMatchObject({ decision: "promote", promotedId: "challenger" });
      const after = await service.forecast("BTC", "1d");
      expect(after.modelVersion).toBe("cnn-gru challenger");
      expect(run.calls.at(-1)?.modelDir).toBe("/models/1d/challenger");
    });

    it("GIVEN a retrain whose worker crashes THEN the outcome says failed and the champion goes on serving", async () => {
      const run = fakeRunner();
      run.runner.challenge = async () => {
        throw new Error("worker thread exited with code 1");
      };
      const { service } = await build({ runner: run });
      const [outcome] = await service.retrainer.retrain({ timeframe: "1d" });
      expect(outcome).toMatchObject({ decision: "failed", championId: "shipped" });
      expect(service.retrainer.status()).toBeNull();
      expect((await service.forecast("BTC", "1d")).modelVersion).toBe("cnn-gru shipped");
    });

    it("GIVEN a retrain running THEN a second request is refused with how far the first has got", async () => {
      const run = fakeRunner();
      let finish: () => void = () => {};
      run.runner.challenge = async (_input, onProgress) => {
        onProgress?.({ phase: "training", fraction: 0.8 });
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return {
          decision: "keep",
          reason: "kept",
          window: { start: 0, end: 1, origins: 0 },
          champion: { pinball: 0.02, mae: 1, naiveMae: 1 },
          challenger: null,
          challengerMeta: null,
        };
      };
      const { service } = await build({ runner: run });
      const first = service.retrainer.retrain({ timeframe: "1d" });
      await sleep(20);
      await expect(service.retrainer.retrain()).rejects.toThrow(
        /already running \(80% done, training the 1d model/,
      );
      expect(service.retrainer.status()).toMatchObject({ timeframe: "1d", fraction: 0.8, phase: "training" });
      finish();
      await first;
      expect(service.retrainer.status()).toBeNull();
    });
  });
});
