import type { EvaluationEntry } from "./score.js";

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

/** The verdict line per symbol and horizon for `model`, from walk-forward entries. */
export function verdicts(
  entries: readonly Pick<EvaluationEntry, "model" | "symbol" | "horizon" | "metrics">[],
  model: string,
): Verdict[] {
  return entries
    .filter((e) => e.model === model)
    .map(({ symbol, horizon, metrics: m }) => {
      const dmPValue = m.dm?.pValueBetter ?? null;
      const beats = m.mase !== null && m.mase < 1 && dmPValue !== null && dmPValue < SIGNIFICANCE;
      const mase = m.mase === null ? "n/a" : m.mase.toFixed(3);
      const dm = dmPValue === null ? "n/a" : dmPValue.toFixed(3);
      const judgement = beats
        ? "beats persistence (significant)"
        : m.mase !== null && m.mase < 1
          ? "slightly better than persistence, but not significantly"
          : "does not beat persistence";
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
          `${symbol} h=${horizon}: MASE ${mase} (DM p=${dm}), direction ${(m.direction.accuracy * 100).toFixed(1)}% ` +
          `vs majority ${(m.direction.majorityRate * 100).toFixed(1)}%, coverage ${(m.coverage80 * 100).toFixed(0)}%/` +
          `${(m.coverage95 * 100).toFixed(0)}%: ${judgement}.${alarm}`,
      };
    });
}
