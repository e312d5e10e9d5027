import { z } from "zod";
import type { Scaler } from "../../features/types.js";
import { TIMEFRAMES, type Timeframe } from "../../market/types.js";
import type { VolatilityState } from "../baselines/volatility-forecaster.js";
import type { ConformalAdjustments } from "../calibration/conformal.js";
import { ARCHITECTURES, type ArchitectureName } from "../networks/architecture-names.js";
import type { Hyperparameters } from "../networks/architectures.js";

/** Bumped whenever meta.json or the model's input/output contract changes incompatibly. */
export const MODEL_FORMAT_VERSION = 1;

/**
 * Which recurrent layer class a network uses and its gate activation. Absent in meta.json written before
 * the fused layers: those models use tf.layers.gru/lstm with hardSigmoid gates (model.json says so too).
 */
export interface RecurrentLayerMeta {
  /** tfjs class name in model.json: FusedGRU / FusedLSTM (fused-rnn/), or tfjs's own GRU / LSTM. */
  layer: string;
  gate: "sigmoid" | "hardSigmoid";
}

/**
 * Everything needed to use a saved model without its training run: how to build its inputs (features,
 * scaler, window), how to read its outputs (horizons, quantiles, targetScale, conformal), and provenance.
 */
export interface ModelMeta {
  version: typeof MODEL_FORMAT_VERSION;
  /** "network" (a trained tfjs model); absent in meta.json written before statistical models existed. */
  kind?: "network" | undefined;
  name: string;
  architecture: ArchitectureName;
  /** ISO 8601 time the model was trained. */
  created: string;
  /** Open time (ms) of the last candle any training or calibration target could read. */
  trainedUntil: number;
  /** sha256 of the candles trained on, so a retrain on identical data is recognisable. */
  dataHash: string;
  timeframe: Timeframe;
  /** Symbols trained on: all of them for a pooled model, one for a per-symbol model. */
  symbols: string[];
  pooled: boolean;
  window: number;
  /** Feature names in input column order (equal to scaler.names). */
  features: string[];
  scaler: Scaler;
  /** Per horizon: the network predicts targets divided by this (the training targets' RMS). */
  targetScale: number[];
  /**
   * "ewma": targets are log returns divided by the EWMA volatility forecast at the origin (sd1 * sqrt(h)), and
   * conformal deltas are in those units. Absent (models saved before it existed): raw log returns.
   */
  targetScaling?: "ewma" | "har" | undefined;
  /**
   * With targetScaling "har" (fit-anchored.ts): each training coin's HAR anchor, the pooled FHS quantiles
   * per horizon (the untrained network's output) and per horizon the share of the network's departure from
   * them kept (0: HAR with FHS, 1: the network), chosen on the calibration windows.
   */
  anchor?: { fits: Record<string, VolatilityState>; quantiles: number[][]; weights: number[] } | undefined;
  /** Per horizon, the factor the median is shrunk by towards zero return (0: zero drift); with targetScaling. */
  medianShrink?: number[] | undefined;
  hyperparameters: Hyperparameters;
  seed: number;
  horizons: number[];
  quantiles: number[];
  conformal: ConformalAdjustments;
  /** Recurrent layer kind and gates; omitted for networks without one and in pre-fused-layer models. */
  recurrent?: RecurrentLayerMeta | undefined;
  /** tfjs backend it was trained on (results differ in the last bits between backends). */
  backend: string;
  /** Training figures (best validation loss, epochs, window counts, epoch time...). */
  metrics: Record<string, number>;
}

const finite = z.number().finite();
const positiveInt = z.number().int().positive();

/*
 * Hyperparameters take keys this version does not know: they describe how the network was trained, and a model
 * retrained by an older version may carry a setting since dropped. What changes the served quantiles is in
 * `anchor`, which refuses unknown keys (below).
 */
const hyperparametersSchema = z.object({
  convFilters: z.array(positiveInt),
  kernelSize: positiveInt,
  poolSize: positiveInt,
  recurrentUnits: z.array(positiveInt).min(1),
  denseUnits: positiveInt,
  dropout: z.number().min(0).lt(1),
  learningRate: z.number().positive(),
  batchSize: positiveInt,
  epochs: positiveInt,
  patience: positiveInt,
  lrFactor: z.number().positive().max(1),
  lrPatience: positiveInt,
  minLearningRate: z.number().positive(),
  clipNorm: z.number().positive(),
  validationFraction: z.number().min(0).lt(1),
  anchor: z.enum(["ewma", "har"]).optional(),
  trainStride: positiveInt.optional(),
  holdOut: z.array(z.string()).optional(),
  marketInputs: z.boolean().optional(),
  ensembleWeights: z.boolean().optional(),
}) satisfies z.ZodType<Hyperparameters>;

const conformalSchema = z.object({
  calibrationSize: z.number().int().nonnegative(),
  horizons: z.array(positiveInt),
  intervals: z.array(
    z.object({ coverage: z.number().gt(0).lt(1), lower: z.number().int(), upper: z.number().int() }),
  ),
  delta: z.array(z.array(finite)),
}) satisfies z.ZodType<ConformalAdjustments>;

/** zod schema of meta.json; cross-field checks catch a meta.json edited by hand or written by another version. */
export const modelMetaSchema = z
  .object({
    version: z.literal(MODEL_FORMAT_VERSION),
    kind: z.literal("network").optional(),
    name: z.string().min(1),
    architecture: z.enum(ARCHITECTURES),
    created: z.string().datetime(),
    trainedUntil: z.number().int(),
    dataHash: z.string().min(1),
    timeframe: z.enum(TIMEFRAMES),
    symbols: z.array(z.string().min(1)).min(1),
    pooled: z.boolean(),
    window: positiveInt,
    features: z.array(z.string()).min(1),
    scaler: z.object({
      names: z.array(z.string()),
      mean: z.array(finite),
      std: z.array(z.number().positive()),
      clip: z.number().positive(),
    }),
    targetScale: z.array(z.number().positive()),
    targetScaling: z.enum(["ewma", "har"]).optional(),
    // A key this version does not know is an option it cannot apply (as the removed coinQuantiles and coinScale
    // were): loading the model without it would serve other quantiles than it was trained and evaluated to give.
    anchor: z
      .strictObject({
        fits: z.record(
          z.string(),
          z.custom<VolatilityState>((v) => typeof v === "object" && v !== null),
        ),
        quantiles: z.array(z.array(finite)),
        weights: z.array(z.number().min(0).max(1)),
      })
      .optional(),
    medianShrink: z.array(z.number().min(0).max(1)).optional(),
    hyperparameters: hyperparametersSchema,
    seed: z.number().int(),
    horizons: z.array(positiveInt).min(1),
    quantiles: z.array(z.number().gt(0).lt(1)).min(1),
    conformal: conformalSchema,
    recurrent: z.object({ layer: z.string().min(1), gate: z.enum(["sigmoid", "hardSigmoid"]) }).optional(),
    backend: z.string(),
    metrics: z.record(z.string(), z.number()),
  })
  .superRefine((meta, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const width = meta.features.length;
    if (meta.scaler.names.join("\u0000") !== meta.features.join("\u0000")) {
      issue("scaler", "scaler.names must equal features");
    }
    if (meta.scaler.mean.length !== width || meta.scaler.std.length !== width) {
      issue("scaler", `scaler.mean and scaler.std need ${width} values (one per feature)`);
    }
    if (meta.targetScale.length !== meta.horizons.length) {
      issue("targetScale", `needs ${meta.horizons.length} values (one per horizon)`);
    }
    if (meta.conformal.horizons.join() !== meta.horizons.join()) {
      issue("conformal", "conformal.horizons must equal horizons");
    }
    if (meta.conformal.delta.length !== meta.horizons.length) {
      issue("conformal", "conformal.delta needs one row per horizon");
    }
    if (meta.conformal.delta.some((row) => row.length !== meta.conformal.intervals.length)) {
      issue("conformal", "every conformal.delta row needs one value per interval");
    }
  }) satisfies z.ZodType<ModelMeta>;
