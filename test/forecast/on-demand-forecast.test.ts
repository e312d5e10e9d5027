import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { forecastCommand } from "../../commands/forecast.js";
import { createCommandServices } from "../../src/chat/command-services.js";
import { formatText } from "../../src/chat/format-text.js";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import { ENGLISH, type I18n, i18nFor } from "../../src/i18n/index.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import { createExchange } from "../../src/market/exchange.js";
import { createMarketData } from "../../src/market/market-data.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { testForecastService } from "../helpers/test-forecast-service.js";

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

describe("/forecast for a pair outside SYMBOLS, end to end over the fake exchange", () => {
  let dir: string;
  let fake: FakeExchange;
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-on-demand-forecast-"));
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await fake.close();
    // A kept pair's use is saved in the background (on-demand.ts: `void save()` after the answer): its
    // write-file-atomic temp file can land while rm walks the folder (ENOTEMPTY once in a full run).
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

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
    } = {},
  ) {
    const logger = options.logger ?? silentLogger();
    const candles = generateCandles(T0, 500 * 6 + 1, 100);
    const now = (candles.at(-1) as Candle).time + 3_600_000;
    fake = await startFakeExchange({
      candles: { "SOL/USDT": candles, "BTC/USDT": candles, "DOGE/USDT": candles },
      now: () => now,
    });
    // A proxy with a password, as an operator would write it in EXCHANGE_API_URL.
    const apiUrl =
      options.userinfo === undefined ? fake.url : fake.url.replace("://", `://${options.userinfo}@`);
    const exchange = { id: "binance", apiUrl, timeoutMs: 10_000, retries: 0 };
    const market = createMarketData({
      store: createCandleStore({ dir, shippedDir: join(dir, "none"), logger }),
      exchange: createExchange(exchange),
      config: { exchange, symbols: SYMBOLS },
      logger,
      now: () => now,
      onDemand: { registryFile: join(dir, "on-demand.json"), maxSymbols: 5 },
    });
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
    const registry = {
      champion: async (tf: ModelTimeframe) =>
        tf === "1d" ? served : championOf(join(dir, "served"), tf, options.anchored),
      stage: async () => ({ id: "challenger", dir: join(dir, "challenger") }),
      promote: async () => {},
      discard: async () => {},
      rollback: async () => served,
    };
    const { service } = await testForecastService({
      dir,
      market,
      registry,
      runner,
      logger,
      now: () => now,
      closers,
      evaluations: readRecordedEvaluations(modelsDir, logger),
    });
    const services = createCommandServices({ symbols: SYMBOLS }, logger, service);
    return { services, forecasts, charts, chartLocales, market };
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

  it("GIVEN /forecast SOL 1d THEN it says it is fetching, answers with a chart and the unseen-coin verdict, and a second asks for no history", async () => {
    const { services, forecasts, charts } = await build({ leaveOneOut: true });
    const first = await run(services, "SOL");
    expect(first.progress).toEqual([
      "Fetching the history of SOL/USDT from the exchange (its first request here)…",
    ]);
    const text = formatText(first.reply);
    expect(text).toContain("SOL/USDT forecast, 1d ahead");
    expect(text).toContain(
      'Not trained on this coin; on coins it never saw (left out of its training: BTC/USDT, ETH/USDT, XRP/USDT), its range beat "no change" by 3.0% (CRPS) and its 80% band held 81% of outcomes; its median does not beat "no change" (MASE 1.002): no model does on crypto returns, so read the range, not the median.',
    );
    expect(first.reply.image?.filename).toMatch(/SOL/);
    expect(charts).toEqual([{ symbol: "SOL/USDT", history: expect.any(Number) }]);
    expect(charts[0]?.history).toBeGreaterThan(365);
    expect(forecasts).toHaveLength(1);

    const historyRequests = fake.requestsTo("/klines").length;
    const second = await run(services, "sol/usdt");
    expect(second.progress).toEqual([]);
    expect(formatText(second.reply)).toContain("SOL/USDT forecast, 1d ahead");
    expect(fake.requestsTo("/klines")).toHaveLength(historyRequests);
  });

  it("GIVEN /forecast in German twice and in English once THEN the chart is drawn in each language once, cached per language", async () => {
    const { services, chartLocales } = await build({ leaveOneOut: true });
    const german = await run(services, "SOL", i18nFor("de"));
    expect(german.reply.image).toBeDefined();
    await run(services, "SOL", i18nFor("de"));
    expect(chartLocales).toEqual(["de"]);
    const english = await run(services, "SOL");
    expect(english.reply.image).toBeDefined();
    expect(chartLocales).toEqual(["de", "en"]);
  });

  it("GIVEN EXCHANGE_API_URL with user:secret AND the exchange answering 500 THEN neither the reply to /forecast SOL 1d nor any log line holds the secret, and both still name the request", async () => {
    const captured = captureLogger();
    const { services } = await build({ userinfo: "user:secret", logger: captured.logger });
    fake.fail({ kind: "status", status: 500 }, { path: "/klines", times: 5 });
    const text = await run(services, "SOL").then(
      ({ reply }) => formatText(reply),
      (error: unknown) => (error as Error).message,
    );
    expect(text).toContain("I could not fetch the history of SOL/USDT from binance");
    expect(text).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/klines 500/);
    const logs = JSON.stringify(captured.lines);
    expect(logs).toContain("/api/v3/klines 500");
    for (const output of [text, logs]) {
      expect(output).not.toContain("secret");
      expect(output).not.toContain("user:");
    }
  });

  it("GIVEN the served global HAR-anchored network AND its walk-forward's held-out coins THEN /forecast SOL 1d quotes those, not the leave-one-coin-out report", async () => {
    const { services } = await build({ anchored: true, heldOut: true, leaveOneOut: true });
    const text = formatText((await run(services, "SOL")).reply);
    expect(text).toContain(
      'Not trained on this coin; on coins it never saw (left out of its training: ADA/USDT, LINK/USDT), its range beat "no change" by 10.0% (CRPS) and its 80% band held 71% of outcomes;',
    );
    expect(text).not.toContain("BTC/USDT, ETH/USDT, XRP/USDT");
  });

  it("GIVEN the served 2-seed ensemble AND the single network's run AND the ensemble's later run THEN /forecast SOL 1d quotes the ensemble's held-out rows", async () => {
    const { services } = await build({ anchored: true, seeds: 2, heldOut: true, ensembleRun: true });
    const text = formatText((await run(services, "SOL")).reply);
    expect(text).toContain(
      'Not trained on this coin; on coins it never saw (left out of its training: DOGE/USDT), its range beat "no change" by 20.0% (CRPS) and its 80% band held 79% of outcomes;',
    );
    expect(text).not.toContain("ADA/USDT");
  });

  it("GIVEN the served single network AND the ensemble's later run THEN it still quotes its own recipe's run", async () => {
    const { services } = await build({ anchored: true, heldOut: true, ensembleRun: true });
    const text = formatText((await run(services, "SOL")).reply);
    expect(text).toContain("left out of its training: ADA/USDT, LINK/USDT), its range beat");
    expect(text).not.toContain("DOGE/USDT");
  });

  it("GIVEN a served 3-seed ensemble AND runs of one and two seeds only THEN it quotes neither", async () => {
    const { services } = await build({ anchored: true, seeds: 3, heldOut: true, ensembleRun: true });
    const text = formatText((await run(services, "SOL")).reply);
    expect(text).toContain(
      "Not trained on this coin, and no record yet of how it does on coins it never saw.",
    );
  });

  it("GIVEN an older-recipe network AND both reports THEN it falls back to the leave-one-coin-out report of its own recipe", async () => {
    const { services } = await build({ heldOut: true, leaveOneOut: true });
    const text = formatText((await run(services, "SOL")).reply);
    expect(text).toContain("left out of its training: BTC/USDT, ETH/USDT, XRP/USDT), its range beat");
    expect(text).not.toContain("ADA/USDT");
  });

  it("GIVEN the global network AND only the older recipe's leave-one-coin-out report THEN it quotes no other model's figures", async () => {
    const { services } = await build({ anchored: true, leaveOneOut: true });
    const text = formatText((await run(services, "SOL")).reply);
    expect(text).toContain(
      "Not trained on this coin, and no record yet of how it does on coins it never saw.",
    );
    expect(text).not.toContain("BTC/USDT, ETH/USDT, XRP/USDT");
  });

  it("GIVEN no leave-one-coin-out report THEN the reply still says the model never trained on this coin", async () => {
    const { services } = await build();
    const { reply } = await run(services, "SOL");
    expect(formatText(reply)).toContain("Not trained on this coin, and no record yet");
  });

  it("GIVEN the served ensemble trained on DOGE AND its walk-forward held DOGE out THEN /forecast DOGE 1d quotes DOGE's own row, said held out there, in English and German; BTC keeps the evaluation's line", async () => {
    const { services, market } = await build({
      anchored: true,
      seeds: 2,
      ensembleRun: true,
      trainedOnDoge: true,
      evaluation: true,
    });
    await market.update("btc"); // the scheduled refresh of a configured pair
    const english = formatText((await run(services, "DOGE")).reply);
    expect(english).toContain(
      'On DOGE/USDT out of sample (walk-forward 2024-2025, a coin held out of training there) its range beat "no change" by 20.0% (CRPS) and its 80% band held 79% of outcomes; its median is "no change" itself:',
    );
    expect(english).not.toContain("Not trained on this coin");
    expect(english).not.toContain("coins it never saw");
    const german = formatText((await run(services, "DOGE", i18nFor("de"))).reply);
    expect(german).toContain(
      "Bei DOGE/USDT außerhalb der Stichprobe (Walk-forward 2024-2025, eine dort aus dem Training ausgelassene Münze) schlug seine Spanne „keine Änderung“ um 20,0\u00a0% (CRPS), und sein 80-%-Band enthielt 79\u00a0% der Ergebnisse;",
    );
    // BTC has its row in the timeframe's evaluation: that line, not the global run's (BTC trained on there).
    const btc = formatText((await run(services, "BTC")).reply);
    expect(btc).toContain(
      'Out of sample its range beat "no change" by 3.0% (CRPS) and its 80% band held 82%',
    );
    expect(btc).not.toContain("On BTC/USDT out of sample");
  });

  it("GIVEN a coin the run trained on AND no evaluation of it THEN its row says trained on there", async () => {
    const { services, market } = await build({ anchored: true, seeds: 2, ensembleRun: true });
    await market.update("btc");
    const text = formatText((await run(services, "BTC")).reply);
    expect(text).toContain(
      'On BTC/USDT out of sample (walk-forward 2024-2025, a coin trained on there) its range beat "no change" by 20.0% (CRPS) and its 80% band held 90% of outcomes;',
    );
  });

  it("GIVEN a coin the served model never trained on AND its run held it out THEN one line: not trained on it, and its own held-out row instead of the pooled one, in English and Spanish", async () => {
    const { services } = await build({ anchored: true, seeds: 2, ensembleRun: true });
    const english = formatText((await run(services, "DOGE")).reply);
    expect(english).toContain(
      'Not trained on this coin; on DOGE/USDT itself out of sample (walk-forward 2024-2025, a coin held out of training there), its range beat "no change" by 20.0% (CRPS) and its 80% band held 79% of outcomes;',
    );
    expect(english).not.toContain("coins it never saw");
    const spanish = formatText((await run(services, "DOGE", i18nFor("es"))).reply);
    expect(spanish).toContain(
      "No se entrenó con esta moneda; en la propia DOGE/USDT, fuera de la muestra (walk-forward 2024-2025, una moneda excluida del entrenamiento allí), su rango superó a «sin cambios» en un 20,0\u00a0% (CRPS)",
    );
  });

  it("GIVEN a coin the model trained on THEN no unseen-coin line, and no on-demand fetch", async () => {
    const { services, market } = await build({ leaveOneOut: true });
    await market.update("btc"); // the scheduled refresh of a configured pair
    const { reply, progress } = await run(services, "BTC");
    expect(formatText(reply)).toContain("BTC/USDT forecast, 1d ahead");
    expect(formatText(reply)).not.toContain("Not trained on this coin");
    expect(progress).toEqual([]);
  });
});
