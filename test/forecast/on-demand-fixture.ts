import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { forecastCommand } from "../../commands/forecast.js";
import { createCommandServices } from "../../src/chat/command-services.js";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import { ENGLISH, type I18n } from "../../src/i18n/index.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import type { Candle } from "../../src/market/types.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { folderPerTest, onDemandMarket, servingRegistry } from "../helpers/on-demand-ground.js";
import { testForecastService } from "../helpers/test-forecast-service.js";

/**
 * The ground of /forecast for a pair outside SYMBOLS (on-demand-forecast.test.ts, on-demand-figures.test.ts):
 * the real market data, forecast service and command over a fake exchange, with the served model's meta and
 * the walk-forward reports a test asks for written in a fresh folder.
 */

const T0 = Date.UTC(2024, 0, 1);
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const Q = [-0.1, -0.05, 0.01, 0.06, 0.1];

/**
 * The served network, its meta.json written under `modelsDir` (one per member: a reply reads them for the
 * recipe); `anchored`: the global HAR-anchored recipe (issue 27), else the older one; `seeds` > 1: a seed
 * ensemble, one folder per member as `train --seeds` saves it; `symbols`: the coins it trained on.
 */
async function championOf(
  modelsDir: string,
  timeframe: ModelTimeframe,
  anchored = false,
  seeds = 1,
  symbols: readonly string[] = SYMBOLS,
): Promise<ModelVersionInfo> {
  const horizons = timeframe === "1d" ? [1, 3, 7] : [1, 3, 6];
  const members = Array.from({ length: seeds }, (_, i) =>
    handMadeMeta({
      timeframe,
      horizons,
      seed: 42 + i,
      symbols: [...symbols],
      ...(anchored ? { targetScaling: "har" as const } : {}),
    }),
  );
  const dir = join(modelsDir, timeframe);
  for (const member of members) {
    const folder = seeds > 1 ? join(dir, `seed-${member.seed}`) : dir;
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "meta.json"), JSON.stringify(member));
  }
  return {
    id: "shipped",
    dir,
    meta: members[0] ?? handMadeMeta(),
    version: "cnn-gru shipped",
    promotedAt: null,
    reason: null,
  };
}

/**
 * A walk-forward report as `coincast evaluate` records it (trimmed) in models/evaluation/<folder>: per coin
 * (mase, coverage80) of the network, and per-point CRPS on the same origins, the network's `ratio` of
 * persistence's give or take a wave.
 */
async function writeUnseenReport(
  modelsDir: string,
  folder: string,
  config: Record<string, unknown>,
  coins: readonly string[],
  scored: readonly number[][],
  ratio = 0.97,
  gzip = folder.includes("-global"),
  network = "cnn-gru",
): Promise<void> {
  const points = (scale: number, wave: (i: number) => number) =>
    Array.from({ length: 100 }, (_, i) => 0.01 * (scale + 0.02 * wave(i)));
  const entry = (symbol: string, mase: number, coverage80: number, model = network) => ({
    model,
    symbol,
    horizon: 1,
    firstOrigin: T0,
    lastOrigin: T0 + 99 * 86_400_000,
    metrics: { mase, coverage80, n: 100 },
    pointCrps: model === "persistence" ? points(1, Math.cos) : points(ratio, Math.sin),
  });
  const report = JSON.stringify({
    config: { ...config, horizons: [1, 3, 7] },
    folds: [],
    models: [network, "persistence"],
    symbols: coins,
    entries: [
      ...coins.map((symbol, i) => entry(symbol, scored[i]?.[0] ?? 1, scored[i]?.[1] ?? 0.8)),
      ...coins.map((symbol) => entry(symbol, 1, 0.8, "persistence")),
    ],
    timings: [],
  });
  const out = join(modelsDir, "evaluation", folder);
  await mkdir(out, { recursive: true });
  if (gzip) await writeFile(join(out, "report.json.gz"), gzipSync(report));
  else await writeFile(join(out, "report.json"), report);
}

/**
 * Registers the suite's hooks (a fresh folder before each test; everything built, the fake exchange and the
 * folder gone after it) and returns `build` (the services over a fake exchange, `fake` once built) and `run`
 * (/forecast <symbol> 1d as a console user).
 */
export function onDemandForecastUnderTest() {
  const ground = folderPerTest("coincast-on-demand-forecast-");

  async function build(
    options: {
      leaveOneOut?: boolean;
      heldOut?: boolean;
      /** A later global run beside it: a 2-seed ensemble's, its held-out rows 0.8 of persistence's. */
      ensembleRun?: boolean;
      anchored?: boolean;
      seeds?: number;
      /** The served model trained on DOGE too (as the shipped daily one did, all corpus coins). */
      trainedOnDoge?: boolean;
      /** The timeframe's own walk-forward (models/evaluation/1d/report.json), of BTC/ETH/XRP. */
      evaluation?: boolean;
      userinfo?: string;
      logger?: Logger;
      /** NEW/USDT listed too, with 20 days of candles: too few for the daily model. */
      young?: boolean;
      /** EXCHANGE_TIMEOUT_MS (default 10 s) and how long a forecast waits on the exchange (default 5 s). */
      timeoutMs?: number;
      firstRefreshWaitMs?: number;
    } = {},
  ) {
    const { dir, closers } = ground;
    const logger = options.logger ?? silentLogger();
    const candles = generateCandles(T0, 500 * 6 + 1, 100);
    // "now", which a test may move on (the fake serves no candle past the series' end).
    const clock = { now: (candles.at(-1) as Candle).time + 3_600_000 };
    const now = () => clock.now;
    suite.fake = await startFakeExchange({
      candles: {
        "SOL/USDT": candles,
        "BTC/USDT": candles,
        "DOGE/USDT": candles,
        ...(options.young ? { "NEW/USDT": candles.slice(-20 * 6) } : {}),
      },
      now,
    });
    closers.push(() => suite.fake.close());
    // A proxy with a password, as an operator would write it in EXCHANGE_API_URL.
    const apiUrl =
      options.userinfo === undefined
        ? suite.fake.url
        : suite.fake.url.replace("://", `://${options.userinfo}@`);
    const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    const market = onDemandMarket({ dir, apiUrl, symbols: SYMBOLS, now, logger, ...timeout });
    const modelsDir = join(dir, "models");
    if (options.leaveOneOut) {
      await writeUnseenReport(modelsDir, "1d-leave-one-coin-out", { leaveOneCoinOut: true }, SYMBOLS, [
        [1.0, 0.78],
        [1.002, 0.8],
        [1.004, 0.85],
      ]);
    }
    if (options.heldOut) {
      // The global walk-forward's report (gzipped, as committed): two corpus coins held out of training.
      const config = { holdOut: ["ADA/USDT", "LINK/USDT"], anchor: "har" };
      const coins = [...SYMBOLS, "ADA/USDT", "LINK/USDT"];
      const scored = [...SYMBOLS.map(() => [1, 0.9]), [1.0, 0.7], [1.0, 0.72]];
      await writeUnseenReport(modelsDir, "1d-global", config, coins, scored, 0.9);
    }
    if (options.ensembleRun) {
      const config = { holdOut: ["DOGE/USDT"], anchor: "har", start: T0, end: Date.UTC(2025, 5, 30) };
      const coins = [...SYMBOLS, "DOGE/USDT"];
      const scored = [...SYMBOLS.map(() => [1, 0.9]), [1.0, 0.79]];
      await writeUnseenReport(modelsDir, "1d-global-v2", config, coins, scored, 0.8, true, "cnn-gru-x2");
    }
    if (options.evaluation) {
      const scored = SYMBOLS.map(() => [1, 0.82]);
      await writeUnseenReport(modelsDir, "1d", {}, SYMBOLS, scored, 0.97, false);
    }
    const symbols = options.trainedOnDoge ? [...SYMBOLS, "DOGE/USDT"] : SYMBOLS;
    const served = await championOf(join(dir, "served"), "1d", options.anchored, options.seeds, symbols);
    const forecasts: string[] = [];
    const charts: { symbol: string; history: number }[] = [];
    const chartLocales: (string | undefined)[] = [];
    const runner: ModelRunner = {
      forecast: async (input) => {
        forecasts.push(`${input.symbol} ${input.candles.length}`);
        return { quantiles: Q };
      },
      chart: async ({ forecast, history, locale }) => {
        charts.push({ symbol: forecast.symbol, history: history.length });
        chartLocales.push(locale);
        return { png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
      },
      challenge: async () => {
        throw new Error("not used here");
      },
    };
    const registry = servingRegistry(dir, async (tf) =>
      tf === "1d" ? served : championOf(join(dir, "served"), tf, options.anchored),
    );
    const { service } = await testForecastService({
      dir,
      market,
      registry,
      runner,
      logger,
      now,
      closers,
      evaluations: readRecordedEvaluations(modelsDir, logger),
      firstRefreshWaitMs: options.firstRefreshWaitMs,
    });
    const services = createCommandServices({ symbols: SYMBOLS }, logger, service);
    return { services, forecasts, charts, chartLocales, market, clock };
  }

  const run = async (
    services: Awaited<ReturnType<typeof build>>["services"],
    symbol: string,
    i18n: I18n = ENGLISH,
  ) => {
    const progress: string[] = [];
    const context = {
      caller: {
        platform: "console" as const,
        userId: "u",
        userName: "u",
        channelId: "c",
        channelKind: "direct" as const,
        isAdmin: false,
      },
      services,
      progress: async (text: string) => void progress.push(text),
      i18n,
    };
    const reply = await forecastCommand.run({ symbol, horizon: "1d" }, context);
    return { reply, progress };
  };

  const suite = { fake: undefined as unknown as FakeExchange, build, run };
  return suite;
}
