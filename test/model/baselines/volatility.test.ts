import { describe, expect, it } from "vitest";
import { realizedVolatilityColumns } from "../../../src/features/realized-volatility.js";
import type { Candle } from "../../../src/market/types.js";
import { createEwmaForecaster } from "../../../src/model/baselines/ewma.js";
import { createHarForecaster, fitHar, HAR_RV_TERMS, leastSquares } from "../../../src/model/baselines/har.js";
import { restoreVolatilityModel } from "../../../src/model/baselines/restore.js";
import { ewmaVariance, lambdaPerStep, logReturns } from "../../../src/model/baselines/volatility.js";
import { statisticalMetaSchema } from "../../../src/model/saved/statistical-meta.js";
import {
  DAY_MS,
  gaussianSampler,
  SERIES_START,
  syntheticDailySeries,
} from "../../evaluation/synthetic-series.js";

describe("EWMA volatility", () => {
  it("GIVEN returns THEN the variance is seeded by the mean square of the first 30 and follows the RiskMetrics recursion", () => {
    const r = Float64Array.from({ length: 40 }, (_, i) => (i === 0 ? Number.NaN : 0.01 * Math.sin(i)));
    const v = ewmaVariance(r, 0.94);
    let seed = 0;
    for (let i = 1; i <= 30; i++) seed += (r[i] as number) ** 2;
    expect(v[29]).toBeNaN();
    expect(v[30]).toBeCloseTo(seed / 30, 15);
    expect(v[31]).toBeCloseTo(0.94 * (seed / 30) + 0.06 * (r[31] as number) ** 2, 15);
  });

  it("GIVEN 4h candles THEN lambda per step compounds to 0.94 a day", () => {
    expect(lambdaPerStep(0.94, 6) ** 6).toBeCloseTo(0.94, 12);
    expect(lambdaPerStep(0.94, 1)).toBe(0.94);
  });

  it("GIVEN a fitted EWMA forecaster THEN its median is 0 and its quantiles scale with sqrt(h) times the EWMA sd", async () => {
    const series = syntheticDailySeries("SYN/USDT", 400, { seed: 5 });
    const ewma = createEwmaForecaster();
    await ewma.fit([series], series.candles[299]?.time ?? 0, [1, 4]);
    const [[q1, q4] = []] = await ewma.predict(series, [350], [1, 4]);
    const sd = Math.sqrt(ewmaVariance(logReturns(series.candles), 0.94)[350] as number);
    expect(q1?.[2]).toBe(0);
    expect(q4?.[2]).toBe(0);
    // The standardised quantiles differ per horizon, but both are in units of sd * sqrt(h): of order one.
    const width1 = ((q1?.[3] as number) - (q1?.[1] as number)) / sd;
    const width4 = ((q4?.[3] as number) - (q4?.[1] as number)) / (2 * sd);
    expect(width1).toBeGreaterThan(1.5);
    expect(width1).toBeLessThan(4);
    expect(width4).toBeGreaterThan(1.5);
    expect(width4).toBeLessThan(4);
  });
});

describe("HAR least squares", () => {
  it("GIVEN an exact linear relation THEN OLS recovers its coefficients", () => {
    const rows = Array.from({ length: 50 }, (_, i) => [1, Math.sin(i), Math.cos(i * 0.7), (i % 7) / 7]);
    const beta = [0.5, -1.2, 2, 0.3];
    const y = rows.map((row) => row.reduce((s, v, j) => s + v * (beta[j] as number), 0));
    leastSquares(rows, y).forEach((b, j) => {
      expect(b).toBeCloseTo(beta[j] as number, 10);
    });
  });

  it("GIVEN a design with a repeated column THEN it refuses instead of returning garbage", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [1, i, i]);
    expect(() =>
      leastSquares(
        rows,
        rows.map((r) => r[1] as number),
      ),
    ).toThrow(/singular/);
  });
});

/** Daily candles of six 4h parts each, whose returns have sd 0.02 a part on weekdays and half that on weekends. */
function weekendQuietSeries(length: number): Candle[] {
  const gaussian = gaussianSampler(11);
  let close = 100;
  return Array.from({ length }, (_, i) => {
    const time = SERIES_START + i * DAY_MS;
    const weekday = new Date(time).getUTCDay();
    const sd = weekday === 0 || weekday === 6 ? 0.01 : 0.02;
    const parts = Array.from({ length: 6 }, () => sd * gaussian());
    const open = close;
    close = open * Math.exp(parts.reduce((a, b) => a + b, 0));
    return {
      time,
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: 1,
      realizedVariance: parts.reduce((a, r) => a + r * r, 0),
    };
  });
}

describe("HAR calendar terms", () => {
  const candles = weekendQuietSeries(900);
  const fitted = async () => {
    const har = createHarForecaster();
    await har.fit([{ symbol: "SYN/USDT", candles }], candles[899]?.time ?? 0, [1, 7]);
    return har.exportFits()["SYN/USDT"]?.model;
  };

  it("GIVEN weekends with a quarter of the weekday variance THEN the one-day regression's weekend coefficient is near log(1/4)", async () => {
    const state = await fitted();
    if (state?.kind !== "har") throw new Error("not a HAR state");
    const one = state.horizons.find((h) => h.horizon === 1);
    expect(one?.terms).toEqual([...HAR_RV_TERMS, "weekend"]);
    expect(one?.beta[4]).toBeGreaterThan(Math.log(0.25) - 0.2);
    expect(one?.beta[4]).toBeLessThan(Math.log(0.25) + 0.2);
    // Every 7-day span holds two weekend days: the term is the intercept again and is left out.
    expect(state.horizons.find((h) => h.horizon === 7)?.terms).toEqual([...HAR_RV_TERMS]);
  });

  it("GIVEN a Friday origin THEN the one-day sd (for Saturday) is about half the Thursday one's (for Friday)", async () => {
    const state = await fitted();
    if (state === undefined) throw new Error("no fit");
    const model = restoreVolatilityModel(state);
    const thursday = candles.findIndex((c, i) => i > 100 && new Date(c.time).getUTCDay() === 4);
    const [forFriday, forSaturday] = model.sd(candles, [thursday, thursday + 1], 1);
    expect((forSaturday as number) / (forFriday as number)).toBeGreaterThan(0.35);
    expect((forSaturday as number) / (forFriday as number)).toBeLessThan(0.75);
  });

  it("GIVEN a HAR state saved before calendar terms (no terms) THEN it forecasts from the 1-, 7- and 30-day RV terms", () => {
    const beta = [-1, 0.3, 0.4, 0.2];
    const model = restoreVolatilityModel({
      kind: "har",
      perDay: 1,
      horizons: [{ horizon: 1, beta, residualVariance: 0.5 }],
    });
    const columns = realizedVolatilityColumns(candles);
    const t = 400;
    const x = [1, ...HAR_RV_TERMS.map((term) => columns[term][t] as number)];
    const logVariance = x.reduce((s, v, j) => s + v * (beta[j] as number), 0) + 0.25;
    expect(model.sd(candles, [t], 1)[0]).toBeCloseTo(Math.sqrt(Math.exp(logVariance)), 12);
  });
});

/**
 * 4h candles with Gaussian returns of sd 0.01, of which the share `unchanged` close where the last one did
 * (a coarse tick: 1-5% of the corpus coins' 4h candles, 0.2% of BTC's).
 */
function tickSeries(length: number, unchanged: number, seed: number): Candle[] {
  const gaussian = gaussianSampler(seed);
  const uniform = gaussianSampler(seed + 1000);
  let close = 1;
  return Array.from({ length }, (_, i) => {
    const open = close;
    // A standard normal below this quantile happens with probability `unchanged` (2% and 5% here).
    const flat = uniform() < (unchanged === 0.05 ? -1.645 : unchanged === 0.02 ? -2.054 : -99);
    close = flat ? open : open * Math.exp(0.01 * gaussian());
    return {
      time: SERIES_START + i * 4 * 3_600_000,
      open,
      high: Math.max(open, close) * 1.001,
      low: Math.min(open, close) / 1.001,
      close,
      volume: 1,
    };
  });
}

/** Mean of r^2 / sd^2 over the one-step origins the fit could forecast: 1 when sd is the scale of the returns. */
function meanSquaredZ(candles: readonly Candle[], sdOf: (origins: number[]) => number[]): number {
  const origins = Array.from({ length: candles.length - 1 - 200 }, (_, i) => i + 200);
  const sd = sdOf(origins);
  let sum = 0;
  origins.forEach((o, k) => {
    const r = Math.log((candles[o + 1] as Candle).close / (candles[o] as Candle).close);
    sum += (r / (sd[k] as number)) ** 2;
  });
  return sum / origins.length;
}

describe("HAR's mean variance (the smearing factor)", () => {
  const coins = [0, 0.02, 0.05].map((share, i) => ({ share, candles: tickSeries(6000, share, 31 + i) }));

  it("GIVEN 4h coins with 0%, 2% and 5% unchanged closes THEN the one-step sd is the scale of their returns on every coin", () => {
    for (const { candles } of coins) {
      const model = fitHar(candles, 6);
      const z2 = meanSquaredZ(candles, (origins) => model.sd(candles, origins, 1));
      // The returns are r/sd with mean square 1 within sampling error, whatever the share of unchanged closes:
      // so a network's pooled quantiles of r/sd mean the same on every coin.
      expect(z2).toBeGreaterThan(0.85);
      expect(z2).toBeLessThan(1.15);
    }
  });

  it("GIVEN the same coins THEN the log-normal correction exp(s^2 / 2) overstated their sd, by more the more unchanged closes", () => {
    const z2 = coins.map(({ candles }) => {
      const model = fitHar(candles, 6);
      model.sd(candles, [candles.length - 1], 1); // horizons are fitted when first asked for
      const state = model.state();
      if (state.kind !== "har") throw new Error("not a HAR state");
      const logNormal = restoreVolatilityModel({
        ...state,
        horizons: state.horizons.map(({ logSmearing: _, ...h }) => h),
      });
      return meanSquaredZ(candles, (origins) => logNormal.sd(candles, origins, 1));
    });
    // What the global 4h network anchored on before the fix: r/sd a coin-dependent fraction of the scale.
    expect(z2[0]).toBeLessThan(0.5);
    expect(z2[2]).toBeLessThan((z2[0] as number) / 4);
  });

  it("GIVEN a fitted HAR THEN its state keeps the smearing factor, passes the saved-model schema and forecasts alike once restored", () => {
    const { candles } = coins[2] as (typeof coins)[number];
    const model = fitHar(candles, 6);
    model.sd(candles, [candles.length - 1], 1);
    const state = model.state();
    if (state.kind !== "har") throw new Error("not a HAR state");
    for (const h of state.horizons) expect(Number.isFinite(h.logSmearing)).toBe(true);
    // A saved model's fits go through the schema, which drops keys it does not know.
    const fits = { har: { "SYN/USDT": { model: state, quantiles: { "1": [-2, -1, 0, 1, 2] } } } };
    const parsed = statisticalMetaSchema.innerType().shape.fits.parse(fits);
    const restored = restoreVolatilityModel(parsed.har?.["SYN/USDT"]?.model as typeof state);
    const origins = [3000, 4000, 5000];
    expect(restored.sd(candles, origins, 1)).toEqual(model.sd(candles, origins, 1));
  });
});
