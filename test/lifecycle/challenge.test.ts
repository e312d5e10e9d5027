import { access, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChallengeProgress,
  decide,
  explainChallenge,
  forecastPoints,
  holdoutWindow,
  runChallenge,
  type Scores,
  scorePoints,
  shortfallWhy,
} from "../../src/lifecycle/challenge.js";
import { TIMEFRAME_MS } from "../../src/market/types.js";
import type { Hyperparameters } from "../../src/model/networks/architectures.js";
import {
  createNeuralForecaster,
  neuralForecasterFromSaved,
} from "../../src/model/networks/neural-forecaster.js";
import type { SeriesData } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "../evaluation/synthetic-series.js";

const day = (i: number) => SERIES_START + i * DAY_MS;
const flat = (symbol: string, length: number): SeriesData => ({
  symbol,
  candles: Array.from({ length }, (_, i) => ({
    time: day(i),
    open: 100 + i,
    high: 100 + i,
    low: 100 + i,
    close: 100 + i,
    volume: 1,
  })),
});

describe("holdoutWindow", () => {
  const daily = { stepMs: DAY_MS, maxHorizon: 7 };

  it("GIVEN an old champion THEN the window is the last holdoutDays, ending where the 7-day outcome is known", () => {
    const series = [flat("A", 30), flat("B", 30)];
    const w = holdoutWindow({ series, trainedUntil: day(9), holdoutDays: 15, ...daily });
    // last = day 29; start after day 29 - 15 = day 14; end = day 29 - 7.
    expect([w.start, w.end, w.last]).toEqual([day(15), day(22), day(29)]);
    expect(w.origins).toEqual([range(15, 22), range(15, 22)]);
    expect(w.count).toBe(16);
  });

  it("GIVEN a champion trained on day 20 THEN only origins after day 20 are held out", () => {
    const w = holdoutWindow({ series: [flat("A", 30)], trainedUntil: day(20), holdoutDays: 15, ...daily });
    expect(w.start).toBe(day(21));
    expect(w.origins).toEqual([[21, 22]]);
  });

  it("GIVEN series of unequal length THEN the data ends at the earliest last candle", () => {
    const w = holdoutWindow({
      series: [flat("A", 30), flat("B", 28)],
      trainedUntil: day(0),
      holdoutDays: 10,
      ...daily,
    });
    expect([w.start, w.end]).toEqual([day(18), day(20)]);
    expect(w.origins).toEqual([range(18, 20), range(18, 20)]);
  });

  it("GIVEN a champion trained on the last candle THEN nothing is held out", () => {
    const w = holdoutWindow({ series: [flat("A", 30)], trainedUntil: day(29), holdoutDays: 60, ...daily });
    expect(w.count).toBe(0);
  });
});

/** The rule's words for a window with too few origins, as the log and the registry keep them. */
const shortfallReason = (...args: Parameters<typeof shortfallWhy>) => explainChallenge(shortfallWhy(...args));

describe("shortfallWhy in words", () => {
  it("GIVEN the shipped daily model trained to the last candle of 3 symbols THEN 14 more days are needed", () => {
    // 20 origins over 3 symbols = 7 per symbol, each needing its 7-day outcome: 7 + 7 new daily candles.
    const options = { trainedUntil: day(29), holdoutDays: 60, stepMs: DAY_MS, maxHorizon: 7, symbols: 3 };
    const series = ["A", "B", "C"].map((s) => flat(s, 30));
    const w = holdoutWindow({ series, ...options });
    expect(shortfallReason(w, options)).toBe(
      "the champion was trained until 2021-01-30: need 14 more days of new data before a fair comparison " +
        "(0 of the 20 held-out forecasts needed)",
    );
  });

  it("GIVEN a 4h model with 2 days of new data THEN 1 more day is needed (7 origins + 6 steps = 52 h)", () => {
    const step = TIMEFRAME_MS["4h"];
    const options = { trainedUntil: day(10), holdoutDays: 60, stepMs: step, maxHorizon: 6, symbols: 3 };
    const window = { start: 0, end: 0, last: day(12), origins: [], count: 0 };
    expect(shortfallReason(window, options)).toMatch(/need 1 more day of new data/);
  });

  it("GIVEN a held-out window too short for 20 outcomes THEN the reason says to lengthen it", () => {
    const options = { trainedUntil: day(0), holdoutDays: 7, stepMs: DAY_MS, maxHorizon: 7, symbols: 3 };
    const window = { start: 0, end: 0, last: day(99), origins: [], count: 0 };
    expect(shortfallReason(window, options)).toMatch(/^a 7-day held-out window holds at most 0 forecasts/);
  });
});

describe("scoring", () => {
  it("GIVEN two hand-made points THEN pinball, median MAE and persistence MAE are their plain means", () => {
    const scores = scorePoints([
      { originClose: 100, actualClose: 110, quantiles: [-0.1, -0.05, 0, 0.05, 0.1] },
      { originClose: 50, actualClose: 50, quantiles: [-0.02, -0.01, 0.02, 0.03, 0.04] },
    ]);
    const y = Math.log(1.1);
    // Above q a level tau costs tau * (y - q); below, (1 - tau) * (q - y).
    const first = (0.025 * (y + 0.1) + 0.1 * (y + 0.05) + 0.5 * y + 0.9 * (y - 0.05) + 0.025 * (0.1 - y)) / 5;
    const second = (0.025 * 0.02 + 0.1 * 0.01 + 0.5 * 0.02 + 0.1 * 0.03 + 0.025 * 0.04) / 5;
    expect(second).toBeCloseTo(0.0031, 12);
    expect(scores.pinball).toBeCloseTo((first + second) / 2, 12);
    expect(scores.mae).toBeCloseTo((10 + 50 * (Math.exp(0.02) - 1)) / 2, 10);
    expect(scores.naiveMae).toBe(5);
  });

  it("GIVEN predict output [origin][horizon] THEN each point pairs the origin close with the close h candles on", () => {
    const q = (v: number) => [v, v, v, v, v];
    const points = forecastPoints(
      flat("A", 10),
      [2, 5],
      [1, 3],
      [
        [q(1), q(3)],
        [q(4), q(6)],
      ],
    );
    expect(points.map((p) => [p.originClose, p.actualClose, p.quantiles[0]])).toEqual([
      [102, 103, 1],
      [102, 105, 3],
      [105, 106, 4],
      [105, 108, 6],
    ]);
    expect(() => forecastPoints(flat("A", 10), [8], [3], [[q(0)]])).toThrow(/no forecast or outcome/);
  });
});

describe("decide", () => {
  const window = { start: day(10), end: day(40), origins: 93 };
  const scores = (pinball: number, mae = 1): Scores => ({ pinball, mae, naiveMae: 1 });

  it("GIVEN a challenger exactly as good on the range THEN it is promoted (not worse), the reason giving both losses", () => {
    expect(decide(scores(0.0123), scores(0.0123, 0.99), window)).toEqual({
      decision: "promote",
      reason:
        "challenger pinball loss 0.0123000 vs champion 0.0123000 on 93 held-out origins " +
        "from 2021-01-11 to 2021-02-10: not worse, promoted",
      why: { code: "not-worse", challenger: 0.0123, champion: 0.0123, ...window },
    });
  });

  it("GIVEN a challenger with the same loss and median error (a retrain with no new candles) THEN no clone is promoted", () => {
    expect(decide(scores(0.0123), scores(0.0123), window)).toMatchObject({
      decision: "keep",
      reason: expect.stringMatching(/: the same forecasts in effect, champion kept$/),
      why: { code: "identical" },
    });
  });

  it("GIVEN a worse challenger THEN the champion is kept, the reason giving both losses", () => {
    const { decision, reason } = decide(scores(0.0123), scores(0.0124), window);
    expect(decision).toBe("keep");
    expect(reason).toMatch(
      /challenger pinball loss 0\.0124000 vs champion 0\.0123000 .*: worse, champion kept$/,
    );
  });

  it("GIVEN a challenger whose loss is not a number THEN the champion is kept", () => {
    expect(decide(scores(0.02), scores(Number.NaN), window).decision).toBe("keep");
    expect(decide(scores(Number.NaN), scores(0.02), window).decision).toBe("promote");
  });
});

describe("runChallenge", () => {
  const tiny: Partial<Hyperparameters> = {
    convFilters: [4],
    recurrentUnits: [4],
    denseUnits: 4,
    epochs: 1,
    batchSize: 64,
    validationFraction: 0.2,
  };
  const series = [
    syntheticDailySeries("BTC/USDT", 200, { seed: 1, startPrice: 30_000 }),
    syntheticDailySeries("ETH/USDT", 200, { seed: 2, startPrice: 2_000 }),
  ];
  let root: string;
  let championDir: string;

  beforeAll(async () => {
    await tf.setBackend("cpu");
    root = await mkdtemp(join(tmpdir(), "coincast-challenge-"));
    championDir = join(root, "champion");
    const champion = createNeuralForecaster({
      name: "cnn-gru",
      architecture: "cnn-gru",
      timeframe: "1d",
      hyper: tiny,
      window: 16,
    });
    await champion.fit(series, day(139), [1, 3, 7]);
    await champion.toSaved(championDir);
    champion.dispose();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("GIVEN too little data after the champion's last candle THEN nothing is trained and the champion is kept", async () => {
    const challengerDir = join(root, "unused");
    const cut = series.map((s) => ({ symbol: s.symbol, candles: s.candles.slice(0, 145) }));
    const result = await runChallenge({
      timeframe: "1d",
      series: cut,
      championDir,
      challengerDir,
      holdoutDays: 60,
    });
    // 10 origins per symbol, each needing its 7-day outcome: day 139 + 17 days, of which 5 exist.
    expect(result).toMatchObject({
      decision: "keep",
      champion: null,
      challenger: null,
      challengerMeta: null,
    });
    expect(result.reason).toMatch(
      /^the champion was trained until 2021-05-20: need 12 more days of new data/,
    );
    await expect(access(challengerDir)).rejects.toThrow();
  });

  it("GIVEN enough held-out data THEN a challenger is trained before the window, saved, and both are scored on it", async () => {
    const challengerDir = join(root, "challenger");
    const events: ChallengeProgress[] = [];
    const result = await runChallenge(
      { timeframe: "1d", series, championDir, challengerDir, holdoutDays: 30, epochs: 1 },
      { progress: (p) => events.push(p) },
    );
    // Origins from day 199 - 30 + 1 to day 199 - 7, on both symbols.
    expect(result.window).toEqual({ start: day(170), end: day(192), origins: 46 });
    expect(["promote", "keep"]).toContain(result.decision);
    expect(result.reason).toContain("on 46 held-out origins from 2021-06-20 to 2021-07-12");
    expect(result.challengerMeta?.trainedUntil).toBe(day(169));
    const meta = result.challengerMeta;
    expect(meta?.kind !== "statistical" && meta?.window).toBe(16);
    for (const scores of [result.champion, result.challenger]) {
      expect(Number.isFinite(scores?.pinball)).toBe(true);
      expect(Number.isFinite(scores?.mae)).toBe(true);
    }
    // Same points for both: persistence cannot tell them apart.
    expect(result.challenger?.naiveMae).toBe(result.champion?.naiveMae);

    const fractions = events.map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(events.some((e) => e.phase === "training" && e.train?.epoch === 1)).toBe(true);

    const restored = await neuralForecasterFromSaved(challengerDir);
    expect(restored.networks[0]?.trainedUntil).toBe(day(169));
    restored.dispose();
  });

  it("GIVEN a champion whose meta.json does not say one recipe (ensemble members trained apart) THEN no challenger of another recipe is trained", async () => {
    const ensemble = join(root, "mixed-ensemble");
    for (const seed of [42, 43]) await cp(championDir, join(ensemble, `seed-${seed}`), { recursive: true });
    const other = join(ensemble, "seed-43", "meta.json");
    const meta = JSON.parse(await readFile(other, "utf8"));
    await writeFile(
      other,
      JSON.stringify({ ...meta, seed: 43, hyperparameters: { ...meta.hyperparameters, epochs: 5 } }),
    );
    const challengerDir = join(root, "not-trained");
    await expect(
      runChallenge({
        timeframe: "1d",
        series,
        championDir: ensemble,
        challengerDir,
        holdoutDays: 30,
        epochs: 1,
      }),
    ).rejects.toThrow(/cannot be retrained as it was made: .*different settings/);
    await expect(access(challengerDir)).rejects.toThrow();
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
