import { UserError } from "../../errors.js";
import { featuresFirstValid } from "../../features/compute-features.js";
import { TIMEFRAME_MS } from "../../market/types.js";
import { createArimaForecaster } from "../baselines/arima.js";
import { createDriftForecaster } from "../baselines/drift.js";
import { createEwmaForecaster } from "../baselines/ewma.js";
import { createGarchForecaster } from "../baselines/garch.js";
import { createHarForecaster, ROLLING_HAR_DAYS } from "../baselines/har.js";
import { createPersistenceForecaster } from "../baselines/persistence.js";
import {
  createStatisticalForecaster,
  type StatisticalForecaster,
  statisticalForecasterFromMeta,
} from "../baselines/statistical-forecaster.js";
import type { ModelTimeframe } from "../horizons.js";
import type { ArchitectureName } from "../networks/architecture-names.js";
import type { Hyperparameters } from "../networks/architectures.js";
import type {
  NetworkHolder,
  NeuralForecaster,
  NeuralForecasterOptions,
  Pooling,
} from "../networks/neural-forecaster.js";
import type { Forecaster } from "../types.js";
import {
  isStatisticalMeta,
  META_FILE,
  MODEL_FILE,
  ModelLoadError,
  type ModelMeta,
  readSavedMetas,
  type SavedMeta,
  type StatisticalMeta,
  WEIGHTS_FILE,
} from "./model-io.js";
import { MODEL_NAMES, type ModelName } from "./model-names.js";

export type { ModelName } from "./model-names.js";

/*
 * Every forecaster is built here: a fresh one of the evaluation's roster by name (createForecaster), a saved
 * one from its folder (loadSavedForecaster), a fresh one like a saved one (kindOf(meta).createLike). And
 * this is the one place that asks which kind a saved model is (kindOf): the rest of the house asks the
 * answer what it needs (history, description, how it treats an unseen coin, its files, how to rebuild it).
 * Networks are imported when first built: TensorFlow.js loads then, never for the main thread's questions.
 */

/** The neural forecaster module, imported on first use (it loads TensorFlow.js). */
const networks = () => import("../networks/neural-forecaster.js");

// ---- The roster: a fresh, unfitted forecaster by name, for the walk-forward ----

/** How far back the persistence and drift baselines take the returns their intervals come from. */
export const BASELINE_LOOKBACK_MS = 365 * 24 * 3_600_000;

const NEURAL: Record<string, ArchitectureName> = {
  "cnn-gru": "cnn-gru",
  lstm: "lstm",
  cnn: "cnn",
  gru: "gru",
};

/** The network architecture behind a neural model's name; undefined for the statistical baselines. */
export function neuralArchitecture(name: ModelName): ArchitectureName | undefined {
  return NEURAL[name];
}

export interface ForecasterSettings {
  timeframe: ModelTimeframe;
  pooling?: Pooling;
  hyper?: Partial<Hyperparameters>;
  seed?: number;
}

/** A fresh, unfitted forecaster of the named kind: every model is built here, so all share one harness. */
export function createForecaster(name: ModelName, settings: ForecasterSettings): Forecaster {
  if (NEURAL[name] !== undefined) return createRosterNetwork(name, settings);
  // Intervals from the last year of returns only: all history since 2017 would carry the 2017-18 swings
  // into every interval and make the naive baselines look worse calibrated than a fair one is.
  const lookback = Math.round(BASELINE_LOOKBACK_MS / TIMEFRAME_MS[settings.timeframe]);
  if (name === "persistence") return createPersistenceForecaster({ lookback });
  // The same year of returns, taken again at every origin: a "no change" whose spread is never stale.
  if (name === "persistence-daily") return createPersistenceForecaster({ name, lookback, rolling: true });
  if (name === "drift") return createDriftForecaster({ lookback });
  if (name === "ewma") return createEwmaForecaster();
  if (name === "garch") return createGarchForecaster();
  if (name === "har") return createHarForecaster();
  const windowDays = ROLLING_HAR_DAYS[name];
  if (windowDays !== undefined) return createHarForecaster({ name, windowDays });
  return createArimaForecaster();
}

/** A fresh network of the roster by name (what createForecaster builds for it), its fitted networks reachable. */
export function createRosterNetwork(name: ModelName, settings: ForecasterSettings): NetworkHolder {
  const architecture = NEURAL[name];
  if (architecture === undefined) throw new RangeError(`${name} is not a network`);
  return lazyNetwork({
    name,
    architecture,
    timeframe: settings.timeframe,
    ...(settings.pooling ? { pooling: settings.pooling } : {}),
    ...(settings.hyper ? { hyper: settings.hyper } : {}),
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
  });
}

/** A network of the roster, built on its first fit or predict, so this module imports no TensorFlow.js. */
function lazyNetwork(options: NeuralForecasterOptions): NetworkHolder {
  let network: NeuralForecaster | undefined;
  let building: Promise<NeuralForecaster> | undefined;
  const built = () => {
    building ??= networks().then((m) => {
      network = m.createNeuralForecaster(options);
      return network;
    });
    return building;
  };
  return {
    name: options.name,
    fit: async (series, trainEnd, horizons, onProgress) =>
      (await built()).fit(series, trainEnd, horizons, onProgress),
    predict: async (series, origins, horizons) => (await built()).predict(series, origins, horizons),
    dispose: () => network?.dispose(),
    fittedNetwork: () => (network !== undefined && network.networks.length > 0 ? network : undefined),
  };
}

export function parseModelNames(input: string): ModelName[] {
  const names = input
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length > 0);
  const unknown = names.filter((n) => !(MODEL_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new UserError(`Unknown model(s) ${unknown.join(", ")}: choose from ${MODEL_NAMES.join(", ")}.`, {
      code: "unknown-model",
    });
  return names as ModelName[];
}

// ---- Saved models of either kind ----

/**
 * What serving and judging code needs of a saved model of any kind (network or statistical): forecast,
 * refit, save, and the meta.json of what it holds. The forecast job, frozen evaluation and the
 * champion/challenger retrain all go through this, so every kind is served and judged alike.
 */
export interface SavedForecaster extends Forecaster {
  readonly kind: SavedKind["name"];
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

/** What the house asks of a saved model without loading it, whatever its kind (see kindOf). */
export interface SavedKind {
  readonly name: "network" | "statistical";
  /** A one-line description: "HAR-RV (statistical: ...)", "cnn-gru network". */
  readonly description: string;
  /**
   * Candles a series needs before the first forecast: a network's indicator warm-up plus its window; a
   * statistical model's 30-day realised variance plus the 100 standardised returns an on-demand fit of an
   * unseen coin takes its quantiles from.
   */
  historyNeeded(perDay: number): number;
  /**
   * True when a coin outside meta.symbols is fitted on its own past when it is forecast (a statistical
   * model); false when the model carries to it what it learned on other coins (a network).
   */
  readonly fitsUnseenCoinsOnTheirOwnHistory: boolean;
  /** Separate fits one refit on `symbols` coins runs: one per coin for a per-symbol network, else one. */
  fitsPerRefit(symbols: number): number;
  /** Whether loading and serving it needs TensorFlow.js and a back-end (a network does). */
  readonly needsTensorFlow: boolean;
  /** Files every saved part holds beside meta.json (a statistical model is its meta.json alone). */
  readonly filesBesideMeta: readonly string[];
  /** The answer of the case for this model's kind, given its meta.json as that kind's type. */
  match<T>(cases: { network(meta: ModelMeta): T; statistical(meta: StatisticalMeta): T }): T;
  /** Loads the model saved in `dir` (the folder this meta.json was read from). */
  load(dir: string): Promise<SavedForecaster>;
  /** An unfitted model of the same kind and design (same members, or architecture, window, seed...). */
  createLike(options?: LikeOptions): Promise<SavedForecaster>;
}

/** The one switch on a saved model's kind. */
export function kindOf(meta: SavedMeta): SavedKind {
  return isStatisticalMeta(meta) ? statisticalKind(meta) : networkKind(meta);
}

/**
 * Loads the model in `dir`, whatever its kind. A network loads TensorFlow.js (imported then: a statistical
 * model never needs it).
 *
 * @throws ModelLoadError when the folder holds no valid model.
 */
export async function loadSavedForecaster(dir: string): Promise<SavedForecaster> {
  const [first] = await readSavedMetas(dir);
  if (first === undefined)
    throw new ModelLoadError(`${dir} holds no saved model (no ${META_FILE} in it or its subdirectories)`);
  return kindOf(first).load(dir);
}

/** How reports and chat name the statistical members. */
export const MEMBER_LABELS = { har: "HAR-RV", garch: "GARCH(1,1)-t", ewma: "EWMA (RiskMetrics)" } as const;

function statisticalKind(meta: StatisticalMeta): SavedKind {
  const names = meta.members.map((m) => MEMBER_LABELS[m]);
  const saved = (f: StatisticalForecaster) => asSaved("statistical", f, () => f.metas);
  return {
    name: "statistical",
    description:
      meta.members.length === 1
        ? `${names[0]} (statistical: zero-drift median, volatility forecast x past standardised returns)`
        : `equal-weight quantile average of ${names.join(", ")} (statistical, zero-drift median)`,
    historyNeeded: (perDay) => 30 * perDay + 160,
    fitsUnseenCoinsOnTheirOwnHistory: true,
    fitsPerRefit: () => 1,
    needsTensorFlow: false,
    filesBesideMeta: [],
    match: (cases) => cases.statistical(meta),
    load: async () => saved(statisticalForecasterFromMeta(meta)),
    createLike: async () =>
      saved(
        createStatisticalForecaster({ members: meta.members, timeframe: meta.timeframe as ModelTimeframe }),
      ),
  };
}

function networkKind(meta: ModelMeta): SavedKind {
  const saved = (n: NeuralForecaster) => asSaved("network", n, () => n.networks);
  return {
    name: "network",
    description: `${meta.architecture} network`,
    historyNeeded: (perDay) => featuresFirstValid(perDay) + meta.window,
    fitsUnseenCoinsOnTheirOwnHistory: false,
    fitsPerRefit: (symbols) => (meta.pooled ? 1 : symbols),
    needsTensorFlow: true,
    filesBesideMeta: [MODEL_FILE, WEIGHTS_FILE],
    match: (cases) => cases.network(meta),
    load: async (dir) => saved(await (await networks()).neuralForecasterFromSaved(dir)),
    createLike: async (options = {}) =>
      saved(
        (await networks()).createNeuralForecaster({
          name: meta.name,
          architecture: meta.architecture,
          timeframe: meta.timeframe,
          window: meta.window,
          hyper: {
            ...meta.hyperparameters,
            ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
          },
          pooling: meta.pooled ? "pooled" : "per-symbol",
          seed: options.seed ?? meta.seed,
          ...(options.seeds !== undefined && options.seeds > 1 ? { seeds: options.seeds } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      ),
  };
}

function asSaved(
  kind: SavedKind["name"],
  f: Forecaster & Pick<SavedForecaster, "toSaved" | "dispose">,
  metas: () => readonly SavedMeta[],
): SavedForecaster {
  return {
    kind,
    name: f.name,
    get metas() {
      return metas();
    },
    fit: (series, trainEnd, horizons, onProgress) => f.fit(series, trainEnd, horizons, onProgress),
    predict: (series, origins, horizons) => f.predict(series, origins, horizons),
    toSaved: (dir) => f.toSaved(dir),
    dispose: () => f.dispose(),
  };
}
