import type { CoinFigures } from "./coin-rows.js";
import type { RecordedEvaluation } from "./recorded.js";
import { POOLED } from "./skill.js";
import type { UnseenCoinFigures } from "./unseen-coins.js";

/**
 * How a model stood against "no change" out of sample, in the terms a chat user can act on: its range
 * (CRPS against persistence with its last-year spread, and how often the 80% band held) first, because
 * that is what a volatility model can forecast; its median second, because on crypto returns no model
 * beats "no change" there and the reply should say so rather than print MASE 1.000 as a failure.
 */
export interface RangeVerdict {
  model: string;
  /** Horizon in candles. */
  horizon: number;
  range: RangeStanding | null;
  /** Share of outcomes inside the 80% interval. */
  coverage80: number;
  median: MedianStanding;
}

/** CRPS over persistence's on the same points; below 1 the range beats "no change". */
export interface RangeStanding {
  ratio: number;
  /** The difference is significant in its direction (one-sided Diebold-Mariano at 5%). */
  significant: boolean;
}

/**
 * "no-change": the median is the last close (MASE 1.000, as every zero-drift volatility model's is);
 * "beats": MASE below 1 with a one-sided DM p below 5%; "no-better": anything else with a MASE;
 * "unknown": no MASE recorded.
 */
export type MedianStanding =
  | { kind: "no-change" }
  | { kind: "beats"; mase: number }
  | { kind: "no-better"; mase: number }
  | { kind: "unknown" };

const SIGNIFICANCE = 0.05;
/** A MASE within this of 1 prints as 1.000: the median is "no change" itself. */
const SAME_AS_NO_CHANGE = 0.0005;

function rangeStanding(ratio: number | null | undefined, pBetter: number | null | undefined) {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return null;
  const p = pBetter ?? null;
  // pValueBetter is one-sided "model better"; its complement is the one-sided "model worse".
  const significant = p !== null && (ratio < 1 ? p < SIGNIFICANCE : 1 - p < SIGNIFICANCE);
  return { ratio, significant };
}

/** Whether a recorded MASE says the median is "no change" itself (it prints as 1.000). */
export const isNoChangeMase = (mase: number | null): boolean =>
  mase !== null && Number.isFinite(mase) && Math.abs(mase - 1) < SAME_AS_NO_CHANGE;

function medianStanding(mase: number | null, pBetter: number | null): MedianStanding {
  if (mase === null || !Number.isFinite(mase)) return { kind: "unknown" };
  if (isNoChangeMase(mase)) return { kind: "no-change" };
  if (mase < 1 && pBetter !== null && pBetter < SIGNIFICANCE) return { kind: "beats", mase };
  return { kind: "no-better", mase };
}

/** The verdict of `model` on one pair and horizon, from the recorded walk-forward; undefined when not recorded. */
export function pairVerdict(
  recorded: RecordedEvaluation,
  model: string,
  symbol: string,
  horizon: number,
): RangeVerdict | undefined {
  const entry = recorded.entries.find(
    (e) => e.model === model && e.symbol === symbol && e.horizon === horizon,
  );
  if (entry === undefined) return undefined;
  const row = recorded.skill?.find((r) => r.model === model && r.symbol === symbol && r.horizon === horizon);
  const m = entry.metrics;
  return {
    model,
    horizon,
    range: rangeStanding(row?.vsPersistence, row?.dmPersistence?.pValueBetter),
    coverage80: m.coverage80,
    median: medianStanding(m.mase, m.dm?.pValueBetter ?? null),
  };
}

/** The verdict of one coin's own row of a global walk-forward (servedCoinRow): its range, band and median. */
export function coinVerdict(row: CoinFigures): RangeVerdict {
  return {
    model: row.model,
    horizon: row.horizon,
    range: rangeStanding(row.crpsVsPersistence, row.crpsPBetter),
    coverage80: row.coverage80,
    median: medianStanding(row.mase, row.masePBetter),
  };
}

/**
 * The verdict of `model` at `horizon` on coins it never trained on, from the leave-one-coin-out figures.
 * Their MASE is a mean over coins without a test of its own, so the median never counts as beating here.
 */
export function unseenCoinVerdict(
  figures: readonly UnseenCoinFigures[],
  model: string,
  horizon: number,
): (RangeVerdict & { coins: readonly string[] }) | undefined {
  const row = figures.find((f) => f.model === model && f.horizon === horizon);
  if (row === undefined) return undefined;
  return {
    model,
    horizon,
    range: rangeStanding(row.crpsVsPersistence, row.crpsPBetter),
    coverage80: row.coverage80,
    median: medianStanding(row.mase, null),
    coins: row.coins,
  };
}

/** One horizon of a model's summary: its range against "no change" and its 80% band, every pair pooled. */
export interface HorizonSkill {
  /** Horizon in candles. */
  horizon: number;
  /** Pooled CRPS over persistence's (below 1 beats "no change"); null when the report kept no CRPS. */
  crpsRatio: number | null;
  /** The same over persistence-daily's ("no change" with its spread taken at every origin); null without it. */
  crpsRatioDaily: number | null;
  /** Share of outcomes inside the 80% interval over every pair's forecasts; null when none is recorded. */
  coverage80: number | null;
  /** The median's MASE on its worst pair (1 is "no change" itself); null when none is recorded. */
  worstMase: number | null;
}

/**
 * A model's range skill and band coverage per horizon, pooled over the pairs of the recorded evaluation;
 * empty when the evaluation has no entry of that model (another model serves than was evaluated).
 */
export function horizonSkills(
  recorded: RecordedEvaluation,
  model: string,
  horizons: readonly number[],
): HorizonSkill[] {
  if (!recorded.entries.some((e) => e.model === model)) return [];
  return horizons.map((horizon) => {
    const entries = recorded.entries.filter((e) => e.model === model && e.horizon === horizon);
    const n = entries.reduce((sum, e) => sum + e.metrics.n, 0);
    const inside = entries.reduce((sum, e) => sum + e.metrics.coverage80 * e.metrics.n, 0);
    const pooled = recorded.skill?.find(
      (r) => r.model === model && r.symbol === POOLED && r.horizon === horizon,
    );
    const mases = entries.flatMap((e) => (Number.isFinite(e.metrics.mase) ? [e.metrics.mase as number] : []));
    return {
      horizon,
      crpsRatio: pooled?.vsPersistence ?? null,
      crpsRatioDaily: pooled?.vsPersistenceDaily ?? null,
      coverage80: n > 0 ? inside / n : null,
      worstMase: mases.length > 0 ? Math.max(...mases) : null,
    };
  });
}
