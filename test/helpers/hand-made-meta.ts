import { centralIntervals } from "../../src/model/calibration/conformal.js";
import { DEFAULT_HYPERPARAMETERS } from "../../src/model/networks/architectures.js";
import type { ModelMeta } from "../../src/model/saved/model-meta.js";
import { QUANTILES } from "../../src/model/types.js";

const FEATURES = ["log_return", "rsi_14", "atr_14"];

/** A plausible saved model's meta.json, written by hand, for tests of what is shown from it. */
export function handMadeMeta(overrides: Partial<ModelMeta> = {}): ModelMeta {
  return {
    version: 1,
    name: "cnn-gru",
    architecture: "cnn-gru",
    created: "2025-12-09T10:11:12.000Z",
    trainedUntil: Date.UTC(2025, 11, 8),
    dataHash: "sha256:a1b2c3d4e5f60718293a4b5c6d7e8f90",
    timeframe: "1d",
    symbols: ["BTC/USDT", "ETH/USDT", "XRP/USDT"],
    pooled: true,
    window: 60,
    features: FEATURES,
    scaler: { names: FEATURES, mean: [0, 50, 0.02], std: [0.03, 10, 0.01], clip: 10 },
    targetScale: [0.03, 0.05, 0.08],
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    seed: 42,
    horizons: [1, 3, 7],
    quantiles: [...QUANTILES],
    conformal: {
      calibrationSize: 100,
      horizons: [1, 3, 7],
      intervals: centralIntervals(),
      delta: [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    },
    backend: "wasm",
    metrics: { bestValLoss: 0.123456, epochsRun: 17 },
    ...overrides,
  };
}
