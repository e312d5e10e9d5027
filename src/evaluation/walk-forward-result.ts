import type { EvaluationEntry } from "./score.js";
import type { DmLoss } from "./stats.js";

/** One refit: the forecasters saw candles with time <= trainEnd, then forecast origins from firstOrigin to lastOrigin (open times). */
export interface FoldInfo {
  index: number;
  trainEnd: number;
  firstOrigin: number;
  lastOrigin: number;
}

/** The outcome of walkForward. */
export interface WalkForwardResult {
  config: {
    start: number;
    end: number;
    horizons: number[];
    refitEvery: number;
    stepMs: number;
    periodsPerYear: number;
    dmLoss: DmLoss;
    threshold: number;
    feeRate: number;
    quantiles: number[];
    /** Set by leaveOneCoinOut: the cross-coin models never trained on the coin they are scored on. */
    leaveOneCoinOut?: boolean;
    /** Coins no network trained on in any fold (`evaluate --hold-out`), scored as unseen coins. */
    holdOut?: string[];
    /** The networks' anchor (`evaluate --anchor`): "har" for the HAR-anchored recipe of issue 27. */
    anchor?: "ewma" | "har";
    /** The global networks read the market-wide inputs (`evaluate --market`). */
    marketInputs?: boolean;
    /**
     * The seed ensembles' anchor weights were chosen for each ensemble as a whole (`evaluate --ensemble-weights`);
     * absent: each member chose its own (every run before the flag).
     */
    ensembleWeights?: boolean;
    /** The networks' training per fold (`evaluate --epochs`, `--stride`); absent in runs before they were recorded. */
    epochs?: number;
    trainStride?: number;
  };
  folds: FoldInfo[];
  models: string[];
  symbols: string[];
  /** Ordered by symbol, then horizon, then model, in the order given. */
  entries: EvaluationEntry[];
  /** Wall-clock milliseconds each model spent in fit and predict, summed over folds and symbols. */
  timings: { model: string; fitMs: number; predictMs: number }[];
}
