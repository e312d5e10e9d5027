import { describe, expect, it } from "vitest";
import { computeFeatures } from "../../src/features/compute-features.js";
import { buildInferenceInputs } from "../../src/features/dataset.js";
import {
  appendMarketColumns,
  buildMarketInputs,
  MARKET_FEATURE_NAMES,
  marketFrom,
  readsMarket,
  rvAnomaly,
} from "../../src/features/market-inputs.js";
import { realizedVolatilityColumns } from "../../src/features/realized-volatility.js";
import { fitScaler } from "../../src/features/scaler.js";
import type { Candle, MarketInputs, SeriesData } from "../../src/market/types.js";
import { clusteredCandles, DAY, START } from "../helpers/synthetic-panel.js";

/** Daily candles with clustered volatility and a realised variance of their own, listed `from` days after START. */
const candles = (n: number, seed: number, from = 0) =>
  clusteredCandles(n, seed, { from, volStep: 0.3, realizedVariance: true });
const column = (m: MarketInputs, name: string) => m.columns[m.names.indexOf(name)] as number[];
const at = (m: MarketInputs, name: string, time: number) => column(m, name)[m.times.indexOf(time)];

/** The anomaly of one coin at `time`, straight from its own rvAnomaly (NaN where it has none). */
const own = (s: SeriesData, time: number) => {
  const i = s.candles.findIndex((c) => c.time === time);
  return i < 0 ? Number.NaN : (rvAnomaly(s.candles)[i] as number);
};

describe("market-wide inputs", () => {
  const btc = { symbol: "BTC/USDT", candles: candles(900, 1) };
  const alt = { symbol: "ALT/USDT", candles: candles(900, 2) };
  // Listed on day 300, delisted after day 700.
  const late = { symbol: "NEW/USDT", candles: candles(400, 3, 300) };

  it("GIVEN a coin's anomaly THEN it is its log RV of the day minus its mean over the year before", () => {
    const rv = realizedVolatilityColumns(btc.candles).rv_log_1d;
    const t = 500;
    let sum = 0;
    for (let j = t - 365; j < t; j++) sum += rv[j] as number;
    expect(rvAnomaly(btc.candles)[t]).toBeCloseTo((rv[t] as number) - sum / 365, 10);
    // Fewer than 60 days of history: no level yet.
    expect(rvAnomaly(btc.candles)[59]).toBeNaN();
    expect(rvAnomaly(btc.candles)[61]).not.toBeNaN();
  });

  it("GIVEN a coin listed and delisted mid-panel THEN it counts only between, never carried forward", () => {
    const market = buildMarketInputs([btc, alt, late]);
    for (const day of [200, 330, 299 + 60, 360 + 1, 500, 699, 700, 701, 800]) {
      const time = START + day * DAY;
      const members = [btc, alt, late].map((s) => own(s, time)).filter(Number.isFinite);
      const expected = members.reduce((a, b) => a + b, 0) / members.length;
      expect(at(market, "market_rv_anomaly", time)).toBeCloseTo(expected, 12);
    }
    // Before its listing and after its last candle the late coin is simply absent: the mean is the others'.
    const after = START + 750 * DAY;
    expect(at(market, "market_rv_anomaly", after)).toBeCloseTo((own(btc, after) + own(alt, after)) / 2, 12);
    const withoutLate = buildMarketInputs([btc, alt]);
    for (const day of [100, 250, 299, 700, 750, 899]) {
      const time = START + day * DAY;
      expect(at(market, "market_rv_anomaly", time)).toBeCloseTo(
        at(withoutLate, "market_rv_anomaly", time) as number,
        12,
      );
    }
  });

  it("GIVEN a filled (untraded) candle THEN that coin does not count at that time", () => {
    const gappy = {
      ...alt,
      candles: alt.candles.map((c, i) => (i === 500 ? { ...c, filled: true as const } : c)),
    };
    const time = START + 500 * DAY;
    const market = buildMarketInputs([btc, gappy]);
    expect(at(market, "market_rv_anomaly", time)).toBeCloseTo(own(btc, time), 12);
  });

  it("GIVEN other coins' later candles changed or cut THEN no market value at or before a time moves (no look-ahead)", () => {
    const cutAt = START + 600 * DAY;
    const full = buildMarketInputs([btc, alt, late]);
    const cut = (s: SeriesData) => ({ ...s, candles: s.candles.filter((c) => c.time <= cutAt) });
    // The future of every coin replaced by other candles.
    const other = (s: SeriesData, seed: number) => ({
      ...s,
      candles: [
        ...s.candles.filter((c) => c.time <= cutAt),
        ...candles(200, seed, 601).filter((c) => s.candles.some((d) => d.time === c.time)),
      ],
    });
    for (const panel of [
      [cut(btc), cut(alt), cut(late)],
      [other(btc, 9), other(alt, 10), other(late, 11)],
    ]) {
      const changed = buildMarketInputs(panel);
      for (const name of MARKET_FEATURE_NAMES) {
        full.times.forEach((time, i) => {
          if (time > cutAt) return;
          const a = column(full, name)[i] as number;
          const b = at(changed, name, time) as number;
          if (Number.isNaN(a)) expect(b).toBeNaN();
          else expect(b).toBe(a);
        });
      }
    }
  });

  it("GIVEN BTC in the panel THEN its return and realised variance are columns, a filled BTC candle a flat one", () => {
    const filledBtc = {
      ...btc,
      candles: btc.candles.map((c, i) =>
        i === 400 ? { ...c, close: (btc.candles[399] as Candle).close, filled: true as const } : c,
      ),
    };
    const market = buildMarketInputs([filledBtc, alt]);
    const rv = realizedVolatilityColumns(filledBtc.candles).rv_log_1d;
    const t = 300;
    const time = START + t * DAY;
    expect(at(market, "btc_log_return", time)).toBeCloseTo(
      Math.log((btc.candles[t] as Candle).close / (btc.candles[t - 1] as Candle).close),
      12,
    );
    expect(at(market, "btc_rv_log_1d", time)).toBeCloseTo(rv[t] as number, 12);
    expect(at(market, "btc_log_return", START + 400 * DAY)).toBe(0);
    // Its usual level: the mean log RV of the traded year before.
    let sum = 0;
    for (let j = 400 - 365; j < 400; j++) sum += rv[j] as number;
    expect(at(market, "btc_rv_log_1d", START + 400 * DAY)).toBeCloseTo(sum / 365, 12);
    // Without BTC in the panel its columns are unknown.
    expect(column(buildMarketInputs([alt]), "btc_log_return").every(Number.isNaN)).toBe(true);
  });

  it("GIVEN a coin listed late THEN its features get the market values of the same open time, row by row", () => {
    const market = buildMarketInputs([btc, alt, late]);
    const matrix = appendMarketColumns(computeFeatures(late.candles), market);
    expect(matrix.names.slice(-3)).toEqual([...MARKET_FEATURE_NAMES]);
    const width = matrix.names.length;
    for (const row of [0, 100, 250, 399]) {
      const time = late.candles[row]?.time as number;
      MARKET_FEATURE_NAMES.forEach((name, k) => {
        const value = matrix.values[row * width + width - 3 + k] as number;
        const expected = at(market, name, time) as number;
        // Unknown anomaly or BTC return read as 0 (neutral); stored as float32.
        expect(value).toBeCloseTo(Number.isFinite(expected) ? expected : 0, 5);
      });
    }
    // The coin's own columns are untouched.
    const plain = computeFeatures(late.candles);
    expect(matrix.values[250 * width]).toBe(plain.values[250 * plain.names.length]);
  });

  it("GIVEN rows without BTC's realised variance or outside the market rows THEN no window reaches them", () => {
    const market = buildMarketInputs([btc, alt]);
    const early = appendMarketColumns(computeFeatures(alt.candles), market);
    // BTC's rv_log_1d is warm from day 1: the plain warm-up rules.
    expect(early.firstValid).toBe(computeFeatures(alt.candles).firstValid);
    // Market rows that stop at day 600: a coin going on past them has no warm row after.
    const short = marketFrom(buildMarketInputs([cutSeries(btc, 600), cutSeries(alt, 600)]), 0);
    const beyond = appendMarketColumns(computeFeatures(alt.candles), short);
    expect(beyond.firstValid).toBe(alt.candles.length);
  });

  it("GIVEN a model whose scaler reads the market THEN inference needs the market rows, and slicing them changes nothing", () => {
    const market = buildMarketInputs([btc, alt]);
    const matrix = appendMarketColumns(computeFeatures(alt.candles), market);
    const scaler = fitScaler(matrix, 0, 600);
    expect(readsMarket(scaler.names)).toBe(true);
    expect(readsMarket(computeFeatures(alt.candles).names)).toBe(false);
    const origins = [700, 800];
    expect(() => buildInferenceInputs({ candles: alt.candles, scaler, origins, window: 20 })).toThrow(
      /market-wide inputs/,
    );
    const whole = buildInferenceInputs({ candles: alt.candles, scaler, origins, window: 20, market });
    const from = alt.candles[300]?.time as number;
    const sliced = buildInferenceInputs({
      candles: alt.candles.slice(300),
      scaler,
      origins: origins.map((o) => o - 300),
      window: 20,
      market: marketFrom(market, from),
    });
    const last = sliced.x.length;
    // Same windows (the EMAs of the coin's own features differ by ~e^-70 after 300 rows: compare loosely).
    for (let i = 0; i < last; i++) expect(sliced.x[i]).toBeCloseTo(whole.x[i] as number, 4);
  });
});

function cutSeries(s: SeriesData, days: number): SeriesData {
  return { ...s, candles: s.candles.slice(0, days) };
}
