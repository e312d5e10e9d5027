import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_WINDOW } from "../../features/windows.js";
import type { Timeframe } from "../../market/types.js";
import { averagePredictions } from "../baselines/combination.js";
import {
  loadModel,
  META_FILE,
  ModelLoadError,
  type ModelMeta,
  type SavedModel,
  savedModelDirs,
  saveModel,
  writeDirectoryAtomic,
  writeModelFiles,
} from "../saved/model-io.js";
import type { Forecaster, QuantileVector, SeriesData, TrainProgress } from "../types.js";
import { type ArchitectureName, DEFAULT_HYPERPARAMETERS, type Hyperparameters } from "./architectures.js";
import { chooseEnsembleWeights } from "./ensemble-weights.js";
import { fitAnchoredNetwork } from "./fit-anchored.js";
import { fitNetwork } from "./fit-network.js";
import { forecastOrigins } from "./serve-network.js";

/**
 * "pooled": one network on all symbols together (the features carry no price level, so they mean the same
 * thing for every coin, and the model sees ~3× the data). "per-symbol": one network per symbol.
 */
export type Pooling = "pooled" | "per-symbol";

export interface NeuralForecasterOptions {
  name: string;
  architecture: ArchitectureName;
  timeframe: Timeframe;
  /** Overrides of DEFAULT_HYPERPARAMETERS. */
  hyper?: Partial<Hyperparameters>;
  /** Steps per input window; default 60. */
  window?: number;
  /** Default "pooled". */
  pooling?: Pooling;
  /** Default DEFAULT_NETWORK_SEED (42); per-symbol networks get seed + their index. */
  seed?: number;
  /**
   * A HAR-anchored (global) network only: fit a seed ensemble of this many networks, seeds seed, seed + 1,
   * ..., one after another; predict() averages their quantiles. Default 1.
   */
  seeds?: number;
  /** Used when fit() is called without its own onProgress. */
  onProgress?: (progress: TrainProgress) => void;
  /** Aborts a running fit() (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Windows per inference batch; default 256. */
  predictBatchSize?: number;
}

/** A Forecaster backed by one or more trained networks, which can be saved and restored. */
export interface NeuralForecaster extends Forecaster {
  readonly options: Readonly<NeuralForecasterOptions>;
  /** Metadata of each fitted network (one when pooled); empty before fit(). */
  readonly networks: readonly ModelMeta[];
  /** The fitted networks themselves with their metadata (a seed ensemble's members in seed order). */
  readonly fitted: readonly SavedModel[];
  /**
   * Replaces the fitted networks' metadata, one per network in the same order, the networks kept: how an
   * ensemble fitted member by member elsewhere (evaluate's training workers) gets its common anchor weights.
   */
  setMetas(metas: readonly ModelMeta[]): void;
  /**
   * Saves the fitted networks to `dir` atomically: pooled as model.json + weights.bin + meta.json in `dir`,
   * per-symbol as one such subdirectory per symbol (e.g. `dir/BTC-USDT/`), a seed ensemble (several pooled
   * networks) as one per member (`dir/seed-42/`).
   */
  toSaved(dir: string): Promise<void>;
  /** Frees the networks' tensors; the forecaster must be fitted or restored again before predict(). */
  dispose(): void;
}

/** A forecaster holding a neural forecaster once fitted (built on first use, or loaded from a training worker). */
export interface NetworkHolder extends Forecaster {
  /** The fitted neural forecaster; undefined before fit() and after dispose(). */
  fittedNetwork(): NeuralForecaster | undefined;
}

/**
 * Creates an unfitted neural forecaster. fit() trains (replacing any previous networks), predict() needs
 * a fitted or restored forecaster.
 */
export function createNeuralForecaster(options: NeuralForecasterOptions): NeuralForecaster {
  return forecasterWith(options, []);
}

/**
 * Restores a forecaster saved with toSaved(): the same object then serves forecasts (and can be refitted
 * with the saved settings).
 *
 * @throws ModelLoadError when a saved network is missing, corrupt or inconsistent.
 */
export async function neuralForecasterFromSaved(dir: string): Promise<NeuralForecaster> {
  const dirs = await savedModelDirs(dir);
  const networks: SavedModel[] = [];
  try {
    for (const d of dirs) networks.push(await loadModel(d));
  } catch (error) {
    for (const n of networks) n.model.dispose();
    throw error;
  }
  const first = networks[0]?.meta;
  if (!first)
    throw new ModelLoadError(`${dir} holds no saved model (no ${META_FILE} in it or its subdirectories)`);
  return forecasterWith(
    {
      name: first.name,
      architecture: first.architecture,
      timeframe: first.timeframe,
      hyper: first.hyperparameters,
      window: first.window,
      pooling: first.pooled ? "pooled" : "per-symbol",
      seed: first.seed,
    },
    networks,
  );
}

/** The seed of a network whose options give none. */
export const DEFAULT_NETWORK_SEED = 42;

function forecasterWith(options: NeuralForecasterOptions, initial: SavedModel[]): NeuralForecaster {
  let networks = initial;
  const hyper: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...options.hyper };
  const pooling = options.pooling ?? "pooled";
  const seed = options.seed ?? DEFAULT_NETWORK_SEED;
  const dispose = () => {
    for (const n of networks) n.model.dispose();
    networks = [];
  };

  const networkFor = (symbol: string): SavedModel => {
    if (networks.length === 0)
      throw new Error(`${options.name} is not fitted: call fit() or restore it first`);
    const found = networks.find((n) => n.meta.pooled || n.meta.symbols.includes(symbol));
    if (!found) throw new RangeError(`${options.name} has no network for ${symbol} (per-symbol model)`);
    return found;
  };

  return {
    name: options.name,
    options,
    get networks() {
      return networks.map((n) => n.meta);
    },
    get fitted() {
      return [...networks];
    },
    setMetas(metas) {
      if (metas.length !== networks.length)
        throw new RangeError(`${options.name}: ${metas.length} metas for ${networks.length} networks`);
      networks = networks.map((n, i) => ({ model: n.model, meta: metas[i] as ModelMeta }));
    },

    async fit(series, trainEnd, horizons, onProgress) {
      // A HAR-anchored network is one global network: pooled whatever `pooling` says.
      const anchored = hyper.anchor === "har";
      const members = anchored ? Math.max(1, options.seeds ?? 1) : 1;
      const groups: (readonly SeriesData[])[] =
        pooling === "pooled" || anchored
          ? Array.from({ length: members }, () => series)
          : series.map((s) => [s]);
      const fitOne = anchored ? fitAnchoredNetwork : fitNetwork;
      const progress = onProgress ?? options.onProgress;
      let fitted: SavedModel[] = [];
      try {
        for (const [i, group] of groups.entries()) {
          const label =
            members > 1
              ? `${options.name}:seed ${seed + i}`
              : pooling === "pooled"
                ? options.name
                : `${options.name}:${group[0]?.symbol ?? i}`;
          fitted.push(
            await fitOne(group, trainEnd, horizons, {
              name: options.name,
              architecture: options.architecture,
              hyper,
              window: options.window ?? DEFAULT_WINDOW,
              timeframe: options.timeframe,
              seed: seed + i,
              pooled: pooling === "pooled" || anchored,
              ...(progress ? { onProgress: (p: TrainProgress) => progress({ ...p, model: label }) } : {}),
              ...(options.signal ? { signal: options.signal } : {}),
            }),
          );
        }
        if (anchored && hyper.ensembleWeights === true && fitted.length > 1)
          fitted = chooseEnsembleWeights(fitted, series, trainEnd, horizons);
      } catch (error) {
        for (const n of fitted) n.model.dispose();
        throw error;
      }
      dispose();
      networks = fitted;
    },

    async predict(series, origins, horizons): Promise<QuantileVector[][]> {
      // Several pooled networks in one folder are a seed ensemble: their quantiles are averaged.
      const members = networks.filter((n) => n.meta.pooled);
      if (members.length > 1)
        return averagePredictions(
          members.map((n) => forecastOrigins(n, series, origins, horizons, options.predictBatchSize)),
        );
      return forecastOrigins(networkFor(series.symbol), series, origins, horizons, options.predictBatchSize);
    },

    async toSaved(dir) {
      const [first] = networks;
      if (!first) throw new Error(`${options.name} is not fitted: nothing to save`);
      if (first.meta.pooled && networks.length === 1) return saveModel(dir, first.model, first.meta);
      await writeDirectoryAtomic(dir, async (staging) => {
        for (const n of networks) {
          const sub = join(
            staging,
            n.meta.pooled ? seedDirName(n.meta.seed) : symbolDirName(n.meta.symbols[0] ?? "unknown"),
          );
          await mkdir(sub);
          await writeModelFiles(sub, n.model, n.meta);
        }
      });
    },

    dispose,
  };
}

/** The folder of one member of a seed ensemble inside the model's folder: "seed-42". */
export function seedDirName(seed: number): string {
  return `seed-${seed}`;
}

/** "BTC/USDT" -> "BTC-USDT": a symbol as a directory name. */
export function symbolDirName(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9._-]/g, "-");
}
