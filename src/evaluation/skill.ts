import type { ReliabilityBin } from "./probabilistic.js";
import type { EvaluationEntry } from "./score.js";
import { type DieboldMarianoResult, dieboldMariano } from "./stats.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

/** CRPS of one model against the anchors, for one symbol (or "pooled") and horizon. */
export interface CrpsSkillRow {
  symbol: string;
  horizon: number;
  model: string;
  n: number;
  crps: number;
  /** CRPS / persistence's CRPS on the same points (below 1 is better); null without persistence. */
  vsPersistence: number | null;
  /** DM test on CRPS against persistence (pValueBetter: one-sided, model better). */
  dmPersistence: DieboldMarianoResult | null;
  /** The same against persistence-daily ("no change" with its band taken again at every origin). */
  vsPersistenceDaily: number | null;
  dmPersistenceDaily: DieboldMarianoResult | null;
  vsEwma: number | null;
  dmEwma: DieboldMarianoResult | null;
}

/** Symbol of the rows that pool every pair's points. */
export const POOLED = "pooled";

/** The models every other is scored against, with the fields of a row that hold the ratio and the test. */
const ANCHORS = [
  ["persistence", "vsPersistence", "dmPersistence"],
  ["persistence-daily", "vsPersistenceDaily", "dmPersistenceDaily"],
  ["ewma", "vsEwma", "dmEwma"],
] as const;
type Against = Pick<CrpsSkillRow, (typeof ANCHORS)[number][1] | (typeof ANCHORS)[number][2]>;

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function comparable(a: EvaluationEntry, b: EvaluationEntry | undefined): b is EvaluationEntry {
  return (
    b !== undefined &&
    a.pointCrps !== undefined &&
    b.pointCrps !== undefined &&
    a.pointCrps.length === b.pointCrps.length &&
    a.firstOrigin === b.firstOrigin &&
    a.lastOrigin === b.lastOrigin
  );
}

/** Ratio and DM test of `points` against each anchor's points (null where an anchor is missing). */
function against(points: number[], references: (number[] | null)[], horizon: number): Against {
  const row = {} as Record<string, unknown>;
  for (const [i, [, ratio, dm]] of ANCHORS.entries()) {
    const reference = references[i] ?? null;
    const usable = reference !== null && reference.length === points.length && points.length > 0;
    row[ratio] = usable ? mean(points) / mean(reference) : null;
    row[dm] = usable ? dieboldMariano(points, reference, horizon, "absolute") : null;
  }
  return row as unknown as Against;
}

/**
 * CRPS skill of every model against persistence, persistence-daily and EWMA, per symbol and horizon and pooled
 * over symbols (points of all pairs together), with Diebold-Mariano tests on the per-point CRPS. Entries
 * without per-point CRPS (reports written before it was kept) are left out.
 */
export function crpsSkill(result: WalkForwardResult): CrpsSkillRow[] {
  const rows: CrpsSkillRow[] = [];
  const find = (model: string, symbol: string, horizon: number) =>
    result.entries.find((e) => e.model === model && e.symbol === symbol && e.horizon === horizon);
  for (const horizon of result.config.horizons) {
    for (const model of result.models) {
      const points: number[] = [];
      // Pooled against an anchor only where every pair has it: null once one pair lacks it.
      const pooled: (number[] | null)[] = ANCHORS.map(() => []);
      for (const symbol of result.symbols) {
        const entry = find(model, symbol, horizon);
        if (entry?.pointCrps === undefined) continue;
        const references = ANCHORS.map(([name]) => {
          const anchor = find(name, symbol, horizon);
          return comparable(entry, anchor) ? (anchor.pointCrps as number[]) : null;
        });
        rows.push({
          symbol,
          horizon,
          model,
          n: entry.pointCrps.length,
          crps: mean(entry.pointCrps),
          ...against(entry.pointCrps, references, horizon),
        });
        points.push(...entry.pointCrps);
        for (const [i, reference] of references.entries()) {
          pooled[i] = reference === null ? null : (pooled[i]?.concat(reference) ?? null);
        }
      }
      if (points.length === 0) continue;
      rows.push({
        symbol: POOLED,
        horizon,
        model,
        n: points.length,
        crps: mean(points),
        ...against(points, pooled, horizon),
      });
    }
  }
  return rows;
}

/** The shipping rule's verdict. */
export interface ShippingChoice {
  /** The model with the lowest pooled one-step CRPS among the eligible ones, or null when none is. */
  model: string | null;
  /** Models whose MASE is at most 1.00 for every pair and horizon. */
  eligible: string[];
  /** Pooled one-step CRPS of every model with per-point CRPS, lowest first. */
  ranking: { model: string; crps: number; maxMase: number | null }[];
}

/**
 * The rule the shipped models are chosen by: lowest pooled CRPS at the first horizon among the models whose
 * MASE stays at or below 1.00 for every pair and horizon (a median no worse than "no change").
 */
export function chooseShippedModel(result: WalkForwardResult): ShippingChoice {
  const first = Math.min(...result.config.horizons);
  const skill = crpsSkill(result).filter((r) => r.symbol === POOLED && r.horizon === first);
  const maxMase = (model: string): number | null => {
    const values = result.entries.filter((e) => e.model === model).map((e) => e.metrics.mase ?? Number.NaN);
    return values.length === 0 || values.some(Number.isNaN) ? null : Math.max(...values);
  };
  const ranking = skill
    .map((r) => ({ model: r.model, crps: r.crps, maxMase: maxMase(r.model) }))
    .sort((a, b) => a.crps - b.crps);
  // MASE is rounded to the three decimals reports print: 1.0004 reads, and counts, as 1.000.
  const eligible = ranking
    .filter((r) => r.maxMase !== null && Math.round(r.maxMase * 1000) <= 1000)
    .map((r) => r.model);
  return { model: eligible[0] ?? null, eligible, ranking };
}

/** Reliability bins of several entries added together (pooled over symbols). */
export function pooledReliability(entries: readonly EvaluationEntry[]): ReliabilityBin[] {
  return addBins(entries.flatMap((e) => (e.metrics.brier ? [e.metrics.brier.table] : [])));
}

/** Reliability tables with the same bins added together. */
export function addBins(tables: readonly (readonly ReliabilityBin[])[]): ReliabilityBin[] {
  const first = tables[0];
  if (first === undefined) return [];
  return first.map((bin, k) => {
    const parts = tables.map((t) => t[k]).filter((b): b is ReliabilityBin => b !== undefined && b.n > 0);
    const n = parts.reduce((s, b) => s + b.n, 0);
    const weighted = (pick: (b: ReliabilityBin) => number) =>
      n === 0 ? Number.NaN : parts.reduce((s, b) => s + b.n * pick(b), 0) / n;
    return {
      from: bin.from,
      to: bin.to,
      n,
      meanForecast: weighted((b) => b.meanForecast),
      observed: weighted((b) => b.observed),
    };
  });
}
