import { pooledFhsQuantiles } from "./har-anchor.js";

/*
 * Per-coin FHS start of the HAR-anchored recipe (issue 27, option `coinQuantiles`): the pooled FHS quantiles
 * give every coin the pool's shape, so per-pair 80% coverage spreads 78-87%; HAR with each coin's own FHS
 * holds 78-82%. With the option, each training coin's own FHS quantiles (its HAR-standardised h-step returns
 * on the training rows the pooled start is computed from, median moved to 0 as there) replace the pooled start
 * in the blend: coinStart + w * (network - pooledStart), median pinned at zero drift (blendQuantiles). The
 * network's head still starts at the pooled quantiles; a coin with too few rows, or outside the fits, keeps them.
 */

/** A coin with fewer training rows than this (at any horizon) keeps the pooled quantiles. */
export const MIN_COIN_QUANTILE_ROWS = 250;

/**
 * Per coin (symbol) with at least MIN_COIN_QUANTILE_ROWS finite rows at every horizon, pooledFhsQuantiles of
 * that coin's rows only: `rows[i]` is training row i's standardised h-step returns and `coins[i]` its coin.
 * Coins under the minimum get no entry (they are served the pooled quantiles).
 */
export function coinFhsQuantiles(
  rows: readonly (readonly number[])[],
  coins: readonly string[],
  horizons: number,
): Record<string, number[][]> {
  const byCoin = new Map<string, (readonly number[])[]>();
  rows.forEach((row, i) => {
    const coin = coins[i] as string;
    const list = byCoin.get(coin) ?? [];
    list.push(row);
    byCoin.set(coin, list);
  });
  const out: Record<string, number[][]> = {};
  for (const [coin, own] of byCoin) {
    const enough = Array.from(
      { length: horizons },
      (_, h) => own.filter((row) => Number.isFinite(row[h])).length >= MIN_COIN_QUANTILE_ROWS,
    ).every(Boolean);
    if (enough) out[coin] = pooledFhsQuantiles(own, horizons);
  }
  return out;
}
