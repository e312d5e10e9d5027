import { meanPinball } from "../quantile-math.js";
import { QUANTILES, type QuantileVector } from "../types.js";

/*
 * Per-coin band scale of the HAR-anchored recipe (issue 27, option `coinScale`): the FHS quantile shape is
 * pooled over every coin, so a coin whose standardised returns are wider (or narrower) than the pool gets
 * bands too narrow (too wide). After the per-horizon weights and the pinned median are chosen, each training
 * coin gets, per horizon, one multiplier k of the quantiles' distance from the median, chosen on that coin's
 * calibration windows (which training never read). Serving applies the coin's k; 1 for a coin outside the fit.
 */

/** The multipliers tried, 1 first: it wins ties. */
export const COIN_SCALES = [1, 0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.15, 1.2, 1.25] as const;

/** A coin with fewer calibration windows than this keeps k = 1 at every horizon. */
export const MIN_COIN_SCALE_WINDOWS = 60;

/**
 * `q` with each quantile's distance from the median times k (the median stays). k = 1 returns `q` unchanged,
 * so a model without coin scales serves bit for bit what it served before.
 */
export function scaleBand(q: readonly number[], k: number): number[] {
  if (k === 1) return [...q];
  const median = q[QUANTILES.indexOf(0.5)] as number;
  return q.map((v) => median + k * (v - median));
}

/**
 * Per coin (symbol) and horizon, the k of COIN_SCALES with the lowest mean pinball loss of scaleBand(q, k)
 * over that coin's calibration windows. `quantiles[i][h]` is window i's served quantiles in standardised units
 * (after the weights and the median pin), `targets[i][h]` its standardised return and `coins[i]` its coin.
 * Every coin of `symbols` gets an entry; one with fewer than MIN_COIN_SCALE_WINDOWS windows gets 1s.
 */
export function chooseCoinScales(
  quantiles: readonly (readonly QuantileVector[])[],
  targets: readonly (readonly number[])[],
  coins: readonly string[],
  symbols: readonly string[],
  horizons: number,
): Record<string, number[]> {
  const byCoin = new Map<string, number[]>();
  coins.forEach((coin, i) => {
    const list = byCoin.get(coin) ?? [];
    list.push(i);
    byCoin.set(coin, list);
  });
  const out: Record<string, number[]> = {};
  for (const symbol of symbols) {
    const rows = byCoin.get(symbol) ?? [];
    out[symbol] = Array.from({ length: horizons }, (_, h) => {
      if (rows.length < MIN_COIN_SCALE_WINDOWS) return 1;
      let best = 1;
      let bestLoss = Number.POSITIVE_INFINITY;
      for (const k of COIN_SCALES) {
        let loss = 0;
        for (const i of rows) {
          loss += meanPinball(scaleBand(quantiles[i]?.[h] as QuantileVector, k), targets[i]?.[h] as number);
        }
        if (loss < bestLoss - 1e-12) {
          best = k;
          bestLoss = loss;
        }
      }
      return best;
    });
  }
  return out;
}
