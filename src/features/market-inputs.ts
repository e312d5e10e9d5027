import type { Candle, MarketInputs, SeriesData } from "../market/types.js";
import { realizedVolatilityColumns, stepsPerDay } from "./realized-volatility.js";
import type { FeatureMatrix } from "./types.js";

/*
 * Market-wide inputs of the global network (issue 27, item 2): at each open time, what every coin shares.
 *
 * - market_rv_anomaly: the cross-coin mean of each listed coin's log realised variance of the last day minus
 *   that coin's own mean over the year before (its usual level). A plain cross-coin mean of log RV jumps
 *   whenever the panel changes (altcoins run at a higher level than BTC/ETH/XRP, and the corpus ends on
 *   2025-07-15 while the served pairs go on, and at serving time only the served pairs are fresh), so the mean
 *   is taken over each coin's departure from its level: it reads "how stirred is the market today" whatever
 *   coins are in it. BTC's own level is the third input.
 * - btc_log_return, btc_rv_log_1d: BTC's log return of that candle and its log realised variance of the last
 *   day (the rv_log_1d feature of BTC's series).
 *
 * Causal: the row at time t reads candles opened at or before t only (every coin's candle at t closes with
 * the coin's own origin candle). A coin counts at time t only when it has a traded candle at t: nothing is
 * carried forward through a listing, a delisting or a gap (filled candles never count).
 */

/** Names of the market-wide inputs, in column order. */
export const MARKET_FEATURE_NAMES = ["market_rv_anomaly", "btc_log_return", "btc_rv_log_1d"] as const;

/** The coin whose return and realised variance are market inputs. */
export const MARKET_LEADER = "BTC/USDT";

/** Days of a coin's own log RV its level is the mean of, and the fewest traded days that level needs. */
const LEVEL_DAYS = 365;
const MIN_LEVEL_DAYS = 60;

/**
 * The market inputs of a panel of coins at one timeframe, at every open time any coin has. Rows where no
 * coin has a level yet hold NaN in market_rv_anomaly; rows where BTC has no candle hold NaN in its columns,
 * and a filled BTC candle reads a zero return and BTC's usual level (see appendMarketColumns for how a
 * network reads NaN).
 */
export function buildMarketInputs(
  panel: readonly SeriesData[],
  leader: string = MARKET_LEADER,
): MarketInputs {
  const sums = new Map<number, { sum: number; count: number }>();
  for (const { candles } of panel) {
    const anomaly = rvAnomaly(candles);
    candles.forEach((c, t) => {
      const a = anomaly[t] as number;
      if (!Number.isFinite(a)) return;
      const cell = sums.get(c.time) ?? { sum: 0, count: 0 };
      cell.sum += a;
      cell.count += 1;
      sums.set(c.time, cell);
    });
  }
  const btc = panel.find((s) => s.symbol === leader);
  const btcRows = new Map<number, { ret: number; rv: number }>();
  if (btc !== undefined) {
    const { rv, level } = rvLevels(btc.candles);
    btc.candles.forEach((c, t) => {
      const previous = btc.candles[t - 1];
      if (previous === undefined) return;
      // A filled (untraded) BTC candle: no move, and its usual level of realised variance rather than none.
      if (c.filled === true) btcRows.set(c.time, { ret: 0, rv: level[t] as number });
      else btcRows.set(c.time, { ret: Math.log(c.close / previous.close), rv: rv[t] as number });
    });
  }
  const times = [...new Set([...panel.flatMap((s) => s.candles.map((c) => c.time))])].sort((a, b) => a - b);
  const nan = Number.NaN;
  return {
    names: [...MARKET_FEATURE_NAMES],
    times,
    columns: [
      times.map((time) => {
        const cell = sums.get(time);
        return cell === undefined ? nan : cell.sum / cell.count;
      }),
      times.map((time) => btcRows.get(time)?.ret ?? nan),
      times.map((time) => btcRows.get(time)?.rv ?? nan),
    ],
  };
}

/**
 * One coin's log RV of the last day minus its mean over the LEVEL_DAYS before (traded candles only, at least
 * MIN_LEVEL_DAYS of them); NaN at a filled candle, before the level is known, or where RV is not warm.
 */
export function rvAnomaly(candles: readonly Candle[]): Float64Array {
  const { rv, level } = rvLevels(candles);
  return level.map((l, t) => (candles[t]?.filled === true ? Number.NaN : (rv[t] as number) - l));
}

/**
 * Each candle's log RV of the last day (rv_log_1d) and the coin's level before it: the mean of that log RV
 * over the traded candles of the LEVEL_DAYS before t (NaN with fewer than MIN_LEVEL_DAYS of them).
 */
function rvLevels(candles: readonly Candle[]): { rv: Float64Array; level: Float64Array } {
  const n = candles.length;
  const perDay = stepsPerDay(candles);
  const rv = realizedVolatilityColumns(candles).rv_log_1d;
  const usable = (t: number) => candles[t]?.filled !== true && Number.isFinite(rv[t] as number);
  // Prefix sums of the usable values and their count, so each level is a difference of two prefixes.
  const sum = new Float64Array(n + 1);
  const count = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) {
    const ok = usable(t);
    sum[t + 1] = (sum[t] as number) + (ok ? (rv[t] as number) : 0);
    count[t + 1] = (count[t] as number) + (ok ? 1 : 0);
  }
  const span = LEVEL_DAYS * perDay;
  const level = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t < n; t++) {
    const from = Math.max(0, t - span);
    const k = (count[t] as number) - (count[from] as number);
    if (k >= MIN_LEVEL_DAYS * perDay) level[t] = ((sum[t] as number) - (sum[from] as number)) / k;
  }
  return { rv, level };
}

/**
 * `matrix` with the market inputs appended as columns, row by row at the same open time. An unknown market
 * anomaly or BTC return (no coin with a level yet) reads as its neutral 0; a row without BTC's realised
 * variance (before BTC's level is known), or whose time the market inputs lack, is not warm: the first
 * valid row moves past the last such row, so no window reads one (a coin that outlives the market inputs
 * gets no window after their end: at serving time they are built from the same fresh candles).
 */
export function appendMarketColumns(matrix: FeatureMatrix, market: MarketInputs): FeatureMatrix {
  const rowOf = new Map(market.times.map((t, i) => [t, i]));
  const width = matrix.names.length;
  const extra = market.names.length;
  const out = new Float32Array(matrix.times.length * (width + extra));
  let cold = -1;
  matrix.times.forEach((time, t) => {
    out.set(matrix.values.subarray(t * width, (t + 1) * width), t * (width + extra));
    const i = rowOf.get(time);
    market.names.forEach((name, k) => {
      const column = market.columns[k] as number[];
      let v = i === undefined ? Number.NaN : (column[i] as number);
      // An unknown anomaly (no coin has a level yet) or BTC return reads as neutral: a typical, flat market.
      if (!Number.isFinite(v) && i !== undefined && name !== "btc_rv_log_1d") v = 0;
      if (!Number.isFinite(v)) cold = t;
      out[t * (width + extra) + width + k] = v;
    });
  });
  return {
    names: [...matrix.names, ...market.names],
    times: matrix.times,
    values: out,
    firstValid: Math.min(matrix.times.length, Math.max(matrix.firstValid, cold + 1)),
  };
}

/** Whether a model's feature names include the market inputs (it then needs them at every forecast). */
export function readsMarket(featureNames: readonly string[]): boolean {
  return MARKET_FEATURE_NAMES.some((name) => featureNames.includes(name));
}

/** `series` with the market inputs attached to each coin (one shared object). */
export function withMarket(series: readonly SeriesData[], market: MarketInputs): SeriesData[] {
  return series.map((s) => ({ ...s, market }));
}

/** The rows of `market` from `from` (an open time) on: what a forecast job needs beside its candles. */
export function marketFrom(market: MarketInputs, from: number): MarketInputs {
  let i = 0;
  while (i < market.times.length && (market.times[i] as number) < from) i++;
  return {
    names: [...market.names],
    times: market.times.slice(i),
    columns: market.columns.map((c) => c.slice(i)),
  };
}
