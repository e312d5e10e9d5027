import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import type { ModelRunner } from "../../src/forecast/runner.js";
import { silentLogger } from "../../src/logger.js";
import { candlesEndingAt, fakeMarket } from "../helpers/fake-market.js";
import { testForecastService } from "../helpers/test-forecast-service.js";

/**
 * The ForecastService suites' ground (service.test.ts, service-retraining.test.ts): the real core over a
 * fake market and a counting model runner, on a clock the test sets, its files in a fresh folder per test.
 */

const logger = silentLogger();
export const DAY = 86_400_000;
export const H4 = 4 * 3_600_000;
/** A Saturday noon (UTC): the last closed daily candle opened the day before at 00:00. */
export const NOON = Date.UTC(2026, 10, 21, 12);
export const LAST_DAILY = Date.UTC(2026, 10, 20);
export const LAST_4H = Date.UTC(2026, 10, 21, 4);
export const Q = [-0.1, -0.05, 0.01, 0.06, 0.1];
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A runner that answers after `delayMs` and counts its calls per symbol and horizon steps. */
export function fakeRunner(delayMs = 20) {
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

/**
 * Registers the suite's hooks (a fresh folder and NOON before each test; everything built closed after it)
 * and returns what its tests use: `build` for a core, `clock` to move time, `dir` for its files, `restart`.
 */
export function serviceUnderTest() {
  const closers: (() => Promise<void>)[] = [];
  /** Closes everything built so far, newest first: what a restart leaves is the files in `dir`. */
  const restart = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  const suite = { dir: "", clock: NOON, build, restart };

  beforeEach(async () => {
    suite.dir = await mkdtemp(join(tmpdir(), "coincast-service-"));
    suite.clock = NOON;
  });
  afterEach(async () => {
    await restart();
    await rm(suite.dir, { recursive: true, force: true });
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
      /** The model registry (default: the hand-made shipped champions). */
      registry?: Parameters<typeof testForecastService>[0]["registry"];
      /** How the core waits for a candle to settle (default a timer). */
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {
    const age = options.storedAgeMs ?? 0;
    const data = fakeMarket((_, timeframe) =>
      timeframe === "1d"
        ? candlesEndingAt("1d", LAST_DAILY - age)
        : candlesEndingAt("4h", LAST_4H - age, options.candles4h),
    );
    const run = options.runner ?? fakeRunner();
    const now = () => suite.clock;
    const { service, cache, ledger } = await testForecastService({
      dir: suite.dir,
      market: data.market,
      runner: run.runner,
      logger,
      now,
      closers,
      redisUrl: options.redisUrl,
      firstRefreshWaitMs: options.firstRefreshWaitMs,
      ...(options.registry === undefined ? {} : { registry: options.registry }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    });
    return { service, data, run, cache, ledger };
  }

  return suite;
}
