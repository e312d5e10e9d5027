import { type CrpsSkillRow, crpsSkill, POOLED } from "./skill.js";
import type { WalkForwardResult } from "./walk-forward.js";

/** How a model did on coins it never trained on, at one horizon, from a leave-one-coin-out report. */
export interface UnseenCoinFigures {
  model: string;
  /** Horizon in candles. */
  horizon: number;
  /** Mean over the left-out coins of each coin's MASE (MAE of the median over persistence's on the same points). */
  mase: number;
  /** Share of outcomes inside the 80% interval, over every left-out coin's forecasts. */
  coverage80: number;
  /**
   * CRPS over persistence's on the same points, every left-out coin's forecasts pooled (below 1: the range
   * beats "no change"), and the one-sided DM p-value that it is lower; null when the report kept no CRPS.
   */
  crpsVsPersistence: number | null;
  crpsPBetter: number | null;
  coins: string[];
  /** Forecasts scored. */
  n: number;
  /** The networks' anchor in that run (its config.anchor); absent for a run without --anchor. */
  anchor?: "ewma" | "har";
}

/** Where a timeframe's leave-one-coin-out report is recorded, beside its walk-forward (report.ts). */
export const LEAVE_ONE_COIN_OUT_SUFFIX = "-leave-one-coin-out";

/**
 * The figures a forecast for a coin outside training quotes: per model and horizon, MASE averaged over the
 * coins (each coin's MASE is already scale-free) and the 80% coverage pooled over every forecast; with
 * `skill` (crpsSkill of the same report), the pooled CRPS against persistence too.
 * Empty for a report that is not a leave-one-coin-out run.
 */
export function unseenCoinFigures(
  result: Pick<WalkForwardResult, "config" | "entries">,
  skill: readonly CrpsSkillRow[] = [],
): UnseenCoinFigures[] {
  if (result.config.leaveOneCoinOut !== true) return [];
  return pooledFigures(result.entries, skill, result.config.anchor);
}

/** Where a timeframe's global (pooled) walk-forward is recorded, whose config.holdOut names the unseen coins. */
export const GLOBAL_SUFFIX = "-global";

/**
 * The same figures from a walk-forward that held coins out of every fold's training (`evaluate --hold-out`,
 * config.holdOut): only the held-out coins' rows, CRPS against persistence pooled over those coins alone.
 * Empty when the report held no coin out.
 */
export function heldOutFigures(result: WalkForwardResult): UnseenCoinFigures[] {
  const held = new Set(result.config.holdOut ?? []);
  if (held.size === 0) return [];
  const symbols = result.symbols.filter((s) => held.has(s));
  const entries = result.entries.filter((e) => held.has(e.symbol));
  return pooledFigures(entries, crpsSkill({ ...result, symbols, entries }), result.config.anchor);
}

function pooledFigures(
  entries: Pick<WalkForwardResult, "entries">["entries"],
  skill: readonly CrpsSkillRow[],
  anchor: UnseenCoinFigures["anchor"],
): UnseenCoinFigures[] {
  const groups = new Map<string, UnseenCoinFigures & { maseSum: number; inside: number }>();
  for (const { model, horizon, symbol, metrics } of entries) {
    if (metrics.mase === null || !Number.isFinite(metrics.mase) || metrics.n === 0) continue;
    const key = `${model}\u0000${horizon}`;
    const group = groups.get(key) ?? {
      model,
      horizon,
      mase: 0,
      coverage80: 0,
      crpsVsPersistence: null,
      crpsPBetter: null,
      coins: [],
      n: 0,
      maseSum: 0,
      inside: 0,
    };
    groups.set(key, group);
    group.coins.push(symbol);
    group.maseSum += metrics.mase;
    group.inside += metrics.coverage80 * metrics.n;
    group.n += metrics.n;
  }
  return [...groups.values()].map(({ maseSum, inside, ...g }) => {
    const pooled = skill.find((r) => r.symbol === POOLED && r.model === g.model && r.horizon === g.horizon);
    return {
      ...g,
      mase: maseSum / g.coins.length,
      coverage80: inside / g.n,
      crpsVsPersistence: pooled?.vsPersistence ?? null,
      crpsPBetter: pooled?.dmPersistence?.pValueBetter ?? null,
      ...(anchor === undefined ? {} : { anchor }),
    };
  });
}
