import type { ModelTimeframe } from "./horizons.js";
import { isStatisticalMeta, type ModelMeta, readSavedMetas, type SavedMeta } from "./model-io.js";
import { createStatisticalForecaster, statisticalForecasterFromMeta } from "./statistical-forecaster.js";
import type { Forecaster, TrainProgress } from "./types.js";

/**
 * What serving and judging code needs of a saved model of any kind (network or statistical): forecast,
 * refit, save, and the meta.json of what it holds. The forecast job, frozen evaluation and the
 * champion/challenger retrain all go through this, so every kind is served and judged alike.
 */
export interface SavedForecaster extends Forecaster {
  readonly kind: "network" | "statistical";
  /** meta.json of each saved part (one per network of a per-symbol model; one for a statistical model). */
  readonly metas: readonly SavedMeta[];
  toSaved(dir: string): Promise<void>;
  dispose(): void;
}

/** Options for a fresh model like a saved one (the challenger of a retrain). */
export interface LikeOptions {
  /** Network only: cap the epochs. */
  epochs?: number;
  /** Network only: another seed. */
  seed?: number;
  /** Network only: a seed ensemble of this many networks (the champion's member count). */
  seeds?: number;
  signal?: AbortSignal;
}

/**
 * Loads the model in `dir`, whatever its kind. A network loads TensorFlow.js (imported here, not at the
 * top: a statistical model never needs it).
 *
 * @throws ModelLoadError when the folder holds no valid model.
 */
export async function loadSavedForecaster(dir: string): Promise<SavedForecaster> {
  const [first] = await readSavedMetas(dir);
  if (first !== undefined && isStatisticalMeta(first)) {
    return asSaved(statisticalForecasterFromMeta(first), "statistical");
  }
  const { neuralForecasterFromSaved } = await import("./neural-forecaster.js");
  return neuralAsSaved(await neuralForecasterFromSaved(dir));
}

/** An unfitted model of the same kind and design as `meta` (same members, or architecture, window, seed...). */
export async function createLike(meta: SavedMeta, options: LikeOptions = {}): Promise<SavedForecaster> {
  if (isStatisticalMeta(meta)) {
    return asSaved(
      createStatisticalForecaster({ members: meta.members, timeframe: meta.timeframe as ModelTimeframe }),
      "statistical",
    );
  }
  const { createNeuralForecaster } = await import("./neural-forecaster.js");
  return neuralAsSaved(
    createNeuralForecaster({
      name: meta.name,
      architecture: meta.architecture,
      timeframe: meta.timeframe,
      window: meta.window,
      hyper: { ...meta.hyperparameters, ...(options.epochs === undefined ? {} : { epochs: options.epochs }) },
      pooling: meta.pooled ? "pooled" : "per-symbol",
      seed: options.seed ?? meta.seed,
      ...(options.seeds !== undefined && options.seeds > 1 ? { seeds: options.seeds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
}

function asSaved(f: ReturnType<typeof createStatisticalForecaster>, kind: "statistical"): SavedForecaster {
  return {
    kind,
    name: f.name,
    get metas() {
      return f.metas;
    },
    fit: (series, trainEnd, horizons) => f.fit(series, trainEnd, horizons),
    predict: (series, origins, horizons) => f.predict(series, origins, horizons),
    toSaved: (dir) => f.toSaved(dir),
    dispose: () => f.dispose(),
  };
}

function neuralAsSaved(n: import("./neural-forecaster.js").NeuralForecaster): SavedForecaster {
  return {
    kind: "network",
    name: n.name,
    get metas(): readonly ModelMeta[] {
      return n.networks;
    },
    fit: (series, trainEnd, horizons, onProgress?: (p: TrainProgress) => void) =>
      n.fit(series, trainEnd, horizons, onProgress),
    predict: (series, origins, horizons) => n.predict(series, origins, horizons),
    toSaved: (dir) => n.toSaved(dir),
    dispose: () => n.dispose(),
  };
}
