import { describe, expect, it } from "vitest";
import { leaveOneCoinOut } from "../../src/evaluation/leave-one-out.js";
import { walkForward } from "../../src/evaluation/walk-forward.js";
import { createPersistenceForecaster } from "../../src/model/baselines/persistence.js";
import type { Forecaster, SeriesData } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "./synthetic-series.js";

// Two coins drift down, one drifts up strongly: a model that learns the pooled drift does well on the coins it
// trained on and badly on the odd one out when it never saw it.
const series = [
  syntheticDailySeries("AAA/USDT", 500, { seed: 21, drift: -0.01, phi: 0, sigma: 0.005 }),
  syntheticDailySeries("BBB/USDT", 500, { seed: 22, drift: -0.01, phi: 0, sigma: 0.005 }),
  syntheticDailySeries("UPP/USDT", 500, { seed: 23, drift: 0.02, phi: 0, sigma: 0.005 }),
];
const start = SERIES_START + 300 * DAY_MS;
const end = SERIES_START + 499 * DAY_MS;
const common = { horizons: [1], start, end, refitEvery: 90 };

/** Predicts the mean one-step log return of every candle it was fitted on, and logs what it saw. */
function meanDrift(log: { fitted: string[]; trainEnd: number; lastSeen: number; scored: string[] }[]) {
  return (): Forecaster => {
    let mean = 0;
    let entry: (typeof log)[number] | undefined;
    return {
      name: "mean-drift",
      async fit(fitSeries: readonly SeriesData[], trainEnd: number) {
        let sum = 0;
        let n = 0;
        let lastSeen = Number.NEGATIVE_INFINITY;
        for (const { candles } of fitSeries) {
          for (let i = 1; i < candles.length; i++) {
            const [a, b] = [candles[i - 1], candles[i]];
            if (a === undefined || b === undefined || b.time > trainEnd) break;
            sum += Math.log(b.close / a.close);
            n++;
            lastSeen = Math.max(lastSeen, b.time);
          }
        }
        mean = n === 0 ? 0 : sum / n;
        entry = { fitted: fitSeries.map((s) => s.symbol), trainEnd, lastSeen, scored: [] };
        log.push(entry);
      },
      async predict(data, origins, hs) {
        entry?.scored.push(data.symbol);
        return origins.map(() => hs.map((h) => [-0.05, -0.02, 0, 0.02, 0.05].map((q) => mean * h + q)));
      },
    };
  };
}

describe("leaveOneCoinOut on three synthetic coins", async () => {
  const looLog: Parameters<typeof meanDrift>[0] = [];
  const baselineFits: string[][] = [];
  const spyPersistence = (): Forecaster => {
    const inner = createPersistenceForecaster();
    return {
      ...inner,
      fit: (s, t, h) => {
        baselineFits.push(s.map((x) => x.symbol));
        return inner.fit(s, t, h);
      },
    };
  };
  const loo = await leaveOneCoinOut({
    ...common,
    series,
    forecasters: [
      { create: spyPersistence, crossCoin: false },
      { create: meanDrift(looLog), crossCoin: true },
    ],
  });
  const inSample = await walkForward({
    ...common,
    series,
    forecasters: [createPersistenceForecaster(), meanDrift([])],
  });
  const mase = (r: typeof loo, symbol: string) =>
    r.entries.find((e) => e.symbol === symbol && e.model === "mean-drift")?.metrics.mase ?? Number.NaN;

  it("THEN the cross-coin model is never fitted on the coin it is scored on, nor past the fold start", () => {
    expect(looLog).toHaveLength(9); // 3 coins x 3 folds
    for (const { fitted, scored, trainEnd, lastSeen } of looLog) {
      expect(scored).toHaveLength(1);
      expect(fitted).not.toContain(scored[0]);
      expect(fitted).toHaveLength(2);
      expect(lastSeen).toBeLessThanOrEqual(trainEnd);
    }
  });

  it("THEN the baselines are fitted on the scored coin's own past only", () => {
    expect(baselineFits).toHaveLength(9);
    expect(baselineFits.every((s) => s.length === 1)).toBe(true);
  });

  it("THEN every coin is scored by every model on the same folds and origins as the plain walk-forward", () => {
    expect(loo.config.leaveOneCoinOut).toBe(true);
    expect(inSample.config.leaveOneCoinOut).toBeUndefined();
    expect(loo.symbols).toEqual(series.map((s) => s.symbol));
    expect(loo.models).toEqual(["persistence", "mean-drift"]);
    expect(loo.folds).toEqual(inSample.folds);
    for (const symbol of loo.symbols) {
      const n = (r: typeof loo) => r.entries.find((e) => e.symbol === symbol)?.metrics.n;
      expect(n(loo)).toBe(n(inSample));
      expect(loo.entries.find((e) => e.symbol === symbol && e.model === "persistence")?.metrics.mase).toBe(1);
    }
  });

  it("THEN the odd coin out is forecast worse when left out than when trained on", () => {
    // Trained on, the pooled drift is about 0 (persistence's error); left out it is -0.01 against a coin
    // rising 0.02 a day, so the median's error grows by half.
    expect(mase(loo, "UPP/USDT")).toBeGreaterThan(mase(inSample, "UPP/USDT") + 0.3);
    expect(mase(loo, "UPP/USDT")).toBeGreaterThan(1.3);
  });

  it("GIVEN a single coin THEN it refuses to run", async () => {
    await expect(leaveOneCoinOut({ ...common, series: series.slice(0, 1), forecasters: [] })).rejects.toThrow(
      /two coins/,
    );
  });
});
