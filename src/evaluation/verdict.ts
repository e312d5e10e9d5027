import { recordedCalls } from "./direction.js";
import { pValueText } from "./p-value.js";
import type { EvaluationEntry } from "./score.js";
import type { CrpsSkillRow } from "./skill.js";

/** How one model stands against persistence on one symbol and horizon, in words a trader can check. */
export interface Verdict {
  symbol: string;
  horizon: number;
  mase: number | null;
  dmPValue: number | null;
  directionAccuracy: number;
  majorityRate: number;
  coverage80: number;
  coverage95: number;
  /** MASE below 1 with a one-sided Diebold-Mariano p-value below 0.05. */
  beatsPersistence: boolean;
  text: string;
}

const SIGNIFICANCE = 0.05;
/** A MASE this low on daily crypto returns is far better than published work: treat it as a leak. */
export const LEAK_ALARM_MASE = 0.9;

/**
 * The verdict line per symbol and horizon for `model`, from walk-forward entries; with `skill` (crpsSkill of
 * the same result) it also says how its whole distribution (CRPS) stands against persistence, and at the first
 * horizon whether its P(up) beats climatology (Brier).
 */
export function verdicts(
  entries: readonly Pick<EvaluationEntry, "model" | "symbol" | "horizon" | "metrics">[],
  model: string,
  skill: readonly CrpsSkillRow[] = [],
): Verdict[] {
  return entries
    .filter((e) => e.model === model)
    .map(({ symbol, horizon, metrics: m }) => {
      const dmPValue = m.dm?.pValueBetter ?? null;
      const beats = m.mase !== null && m.mase < 1 && dmPValue !== null && dmPValue < SIGNIFICANCE;
      const mase = m.mase === null ? "n/a" : m.mase.toFixed(3);
      const dm = pValueText(dmPValue, "n/a");
      const judgement = beats
        ? "beats persistence (significant)"
        : m.mase !== null && m.mase < 1
          ? "slightly better than persistence, but not significantly"
          : "does not beat persistence";
      const row = skill.find((r) => r.model === model && r.symbol === symbol && r.horizon === horizon);
      const crps =
        row?.vsPersistence == null
          ? ""
          : ` CRPS ${row.vsPersistence.toFixed(3)} of persistence's (DM p=${pValueText(row.dmPersistence?.pValueBetter, "n/a")}).`;
      const brier =
        horizon === Math.min(...entries.map((e) => e.horizon))
          ? brierVerdict(m.brier, m.brierRecalibrated)
          : "";
      const alarm =
        m.mase !== null && m.mase < LEAK_ALARM_MASE
          ? " LEAK ALARM: MASE below 0.9, check for look-ahead"
          : "";
      return {
        symbol,
        horizon,
        mase: m.mase,
        dmPValue,
        directionAccuracy: m.direction.accuracy,
        majorityRate: m.direction.majorityRate,
        coverage80: m.coverage80,
        coverage95: m.coverage95,
        beatsPersistence: beats,
        text:
          `${symbol} h=${horizon}: MASE ${mase} (DM p=${dm}), ${directionText(m)}, coverage ${(m.coverage80 * 100).toFixed(0)}%/` +
          `${(m.coverage95 * 100).toFixed(0)}%: ${judgement}.${crps}${brier}${alarm}`,
      };
    });
}

/**
 * The verdict's direction clause under the one rule (direction.ts): "no direction call" for a median that was
 * "no change" at every point; otherwise the share of calls right against the majority class, with the number
 * of calls when some points made none. A report written before calls were counted: recordedCalls.
 */
function directionText(m: EvaluationEntry["metrics"]): string {
  const d = m.direction;
  const calls = recordedCalls(m);
  if (calls === 0) return 'no direction call (the median is "no change")';
  const share = `direction ${(d.accuracy * 100).toFixed(1)}%`;
  const of = calls === undefined || calls === d.n ? "" : ` of ${calls} calls`;
  return `${share}${of} vs majority ${(d.majorityRate * 100).toFixed(1)}%`;
}

/** Relative Brier difference from climatology's that counts as a tie. */
const BRIER_TIE = 0.001;

/**
 * What the verdict says of P(up): its Brier score (and, when recorded, the Platt-recalibrated one's) against
 * climatology, and plainly when neither beats it.
 */

export function brierVerdict(
  raw: EvaluationEntry["metrics"]["brier"],
  recalibrated?: EvaluationEntry["metrics"]["brierRecalibrated"],
): string {
  if (raw === undefined) return "";
  const recal = recalibrated === undefined ? "" : `, recalibrated ${recalibrated.score.toFixed(4)}`;
  const best = Math.min(raw.score, recalibrated?.score ?? Number.POSITIVE_INFINITY);
  // Within 0.1% of climatology's Brier is a tie: 0.2500 against 0.25003 is no skill, whatever the sign.
  const judgement =
    best < raw.climatology * (1 - BRIER_TIE)
      ? "beats climatology"
      : best <= raw.climatology * (1 + BRIER_TIE)
        ? "level with climatology (no skill): P(up) cannot beat it"
        : "P(up) cannot beat climatology (the training up-rate): read it as a coin toss";
  return ` P(up) Brier ${raw.score.toFixed(4)}${recal} vs climatology ${raw.climatology.toFixed(4)}: ${judgement}.`;
}
