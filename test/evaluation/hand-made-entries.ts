import type { EvaluationEntry } from "../../src/evaluation/score.js";

/** What a hand-made entry needs; everything else gets a plain, plausible value. */
export interface HandMade {
  model: string;
  symbol?: string;
  horizon?: number;
  mase: number | null;
  /** One-sided DM p-value that the model is better; null for "no DM test". */
  pBetter: number | null;
  accuracy?: number;
  majorityRate?: number;
  coverage80?: number;
  coverage95?: number;
}

/** An EvaluationEntry built by hand, for tests of what is written from the metrics (verdicts, cards). */
export function handMadeEntry(spec: HandMade): EvaluationEntry {
  const n = 200;
  return {
    model: spec.model,
    symbol: spec.symbol ?? "BTC/USDT",
    horizon: spec.horizon ?? 1,
    metrics: {
      n,
      mae: 500,
      rmse: 700,
      mape: 0.02,
      mase: spec.mase,
      direction: {
        hits: Math.round((spec.accuracy ?? 0.5) * n),
        n,
        accuracy: spec.accuracy ?? 0.5,
        pValueVsHalf: 0.5,
        majorityRate: spec.majorityRate ?? 0.52,
        pValueVsMajority: 0.6,
      },
      pinball: 0.01,
      crps: 0.02,
      coverage80: spec.coverage80 ?? 0.8,
      coverage95: spec.coverage95 ?? 0.95,
      width80: 0.06,
      dm:
        spec.pBetter === null
          ? null
          : {
              statistic: -1,
              pValue: Math.min(1, 2 * Math.min(spec.pBetter, 1 - spec.pBetter)),
              pValueBetter: spec.pBetter,
              meanDifferential: -1,
              loss: "absolute",
              lags: 0,
              n,
            },
    },
    backtest: null,
    records: [],
  };
}
