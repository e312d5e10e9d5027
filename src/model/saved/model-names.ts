/** The models an evaluation can run; apart from forecasters.ts so a help text lists them loading no model. */
export const MODEL_NAMES = [
  "cnn-gru",
  "persistence",
  "persistence-daily",
  "drift",
  "arima",
  "ewma",
  "garch",
  "har",
  "har-1y",
  "har-2y",
  "har-3y",
  "lstm",
  "cnn",
  "gru",
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The statistical baselines: cheap to fit, so a frozen evaluation fits them on the past of its start. */
export const BASELINE_NAMES = [
  "persistence",
  "drift",
  "arima",
  "ewma",
  "garch",
  "har",
] as const satisfies readonly ModelName[];
