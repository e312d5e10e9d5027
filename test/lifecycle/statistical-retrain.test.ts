import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFrozen } from "../../src/evaluation/evaluate.js";
import { createForecastJob } from "../../src/forecast/forecast-job.js";
import { runChallenge } from "../../src/lifecycle/challenge.js";
import { createModelRegistry, SHIPPED_ID } from "../../src/lifecycle/model-registry.js";
import { createRetrainer } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import { createStatisticalForecaster } from "../../src/model/baselines/statistical-forecaster.js";
import { readSavedMeta } from "../../src/model/saved/model-io.js";
import type { SeriesData } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "../evaluation/synthetic-series.js";

const day = (i: number) => SERIES_START + i * DAY_MS;
const LENGTH = 700;
const series: SeriesData[] = [
  syntheticDailySeries("AAA/USDT", LENGTH, { seed: 11, drift: 0 }),
  syntheticDailySeries("BBB/USDT", LENGTH, { seed: 12, drift: 0, sigma: 0.03 }),
];
const FITTED_UNTIL = day(599);

let root: string;
let shippedDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-statistical-retrain-"));
  shippedDir = join(root, "shipped");
  await mkdir(shippedDir);
  const model = createStatisticalForecaster({ members: ["har", "ewma"], timeframe: "1d" });
  await model.fit(series, FITTED_UNTIL, [1, 3, 7]);
  await model.toSaved(join(shippedDir, "1d"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("a statistical model is served and judged like a network", () => {
  it("GIVEN a statistical model folder THEN the worker's forecast job returns its quantiles at the last candle", async () => {
    const job = createForecastJob();
    const candles = [...(series[0] as SeriesData).candles];
    const { quantiles } = await job({
      modelDir: join(shippedDir, "1d"),
      symbol: "AAA/USDT",
      steps: 3,
      candles,
    });
    const direct = createStatisticalForecaster({ members: ["har", "ewma"], timeframe: "1d" });
    await direct.fit(series, FITTED_UNTIL, [1, 3, 7]);
    const [row] = await direct.predict(series[0] as SeriesData, [LENGTH - 1], [3]);
    expect(quantiles).toEqual(row?.[0]);
    // Zero drift: the median is the last close.
    expect(quantiles[2]).toBe(0);
  });

  it("GIVEN new data THEN the retrainer refits a statistical challenger of the same members and promotes it when not worse", async () => {
    const registry = createModelRegistry({
      shippedDir,
      dir: join(root, "registry"),
      keep: 2,
      logger: silentLogger(),
    });
    const retrainer = createRetrainer({
      registry,
      runner: {
        challenge: (input, onProgress) => runChallenge(input, onProgress ? { progress: onProgress } : {}),
      },
      series: {
        get: async (symbol) => ({ candles: [...(series.find((s) => s.symbol === symbol)?.candles ?? [])] }),
      },
      symbols: series.map((s) => s.symbol),
      holdoutDays: 60,
      logger: silentLogger(),
    });
    const [outcome] = await retrainer.retrain({ timeframe: "1d" });
    expect(outcome).toMatchObject({ timeframe: "1d", championId: SHIPPED_ID });
    if (outcome === undefined || outcome.decision === "failed")
      throw new Error(`retrain failed: ${outcome?.reason}`);
    // Held out: the last 60 days whose 7-day outcome is known, all after the shipped fit.
    expect(outcome.window).toEqual({ start: day(640), end: day(692), origins: 106 });
    expect(Number.isFinite(outcome.scores.challenger?.pinball)).toBe(true);
    const champion = await registry.champion("1d");
    if (outcome.decision === "promote") {
      expect(champion.id).toBe(outcome.promotedId);
      const meta = await readSavedMeta(champion.dir);
      expect(meta).toMatchObject({ kind: "statistical", name: "har+ewma", trainedUntil: day(639) });
      expect(champion.version).toMatch(/^har\+ewma \d{4}-\d\d-\d\d [0-9a-f]{8}$/);
    } else {
      expect(champion.id).toBe(SHIPPED_ID);
    }
  });

  it("GIVEN a challenger fitted on the same data THEN the scores tie and no clone of the champion is promoted", async () => {
    const challengerDir = join(root, "tie");
    const cut = series.map((s) => ({ symbol: s.symbol, candles: s.candles.slice(0, 680) }));
    const result = await runChallenge({
      timeframe: "1d",
      series: cut,
      championDir: join(shippedDir, "1d"),
      challengerDir,
      holdoutDays: 80,
    });
    // Window starts after the champion's fit (day 600): the challenger is fitted up to day 599 too.
    expect(result.window.start).toBe(day(600));
    expect(result.challenger?.pinball).toBe(result.champion?.pinball);
    expect(result.decision).toBe("keep");
    expect(result.why?.code).toBe("identical");
    expect(result.challengerMeta).toMatchObject({ kind: "statistical", trainedUntil: FITTED_UNTIL });
  });

  it("GIVEN a saved statistical model THEN the frozen evaluation scores it as the walk-forward scores its members", async () => {
    const frozen = await evaluateFrozen({
      modelDir: join(shippedDir, "1d"),
      loadSeries: async () => series,
      start: FITTED_UNTIL + DAY_MS,
      baselines: ["persistence"],
    });
    expect(frozen.result.models).toEqual(["har+ewma", "persistence"]);
    expect(frozen.trainedUntil).toBe(FITTED_UNTIL);
    expect(frozen.overlapsTraining).toBe(false);
    const entry = frozen.result.entries.find((e) => e.model === "har+ewma" && e.horizon === 1);
    expect(entry?.metrics.n).toBe(99);
    // A zero-drift median: MASE exactly 1 against persistence.
    expect(entry?.metrics.mase).toBe(1);
    expect(entry?.metrics.crps).toBeGreaterThan(0);
  });
});
