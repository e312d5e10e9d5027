import { UserError } from "../errors.js";
import { stepsPerDay } from "../features/realized-volatility.js";
import {
  COMBINATION_SEPARATOR,
  createCombinationForecaster,
  createSeedEnsemble,
} from "../model/baselines/combination.js";
import { horizonSteps, type ModelTimeframe } from "../model/horizons.js";
import type { ArchitectureName, Hyperparameters } from "../model/networks/architectures.js";
import { adoptEnsembleWeights } from "../model/networks/ensemble-weights.js";
import {
  DEFAULT_NETWORK_SEED,
  type NetworkHolder,
  type Pooling,
} from "../model/networks/neural-forecaster.js";
import {
  createForecaster,
  createRosterNetwork,
  kindOf,
  loadSavedForecaster,
  type ModelName,
  neuralArchitecture,
} from "../model/saved/forecasters.js";
import type { Forecaster, SeriesData } from "../model/types.js";
import { leaveOneCoinOut } from "./leave-one-out.js";
import { withTrainOnly } from "./train-only.js";
import { inferStepMs, type WalkForwardProgress, walkForward } from "./walk-forward.js";
import type { WalkForwardResult } from "./walk-forward-result.js";
import { createWorkerFitForecaster, type TrainJobRunner } from "./worker-fits.js";

export interface EvaluateModelsOptions {
  series: readonly SeriesData[];
  timeframe: ModelTimeframe;
  models: readonly ModelName[];
  /**
   * Equal-weight quantile averages (Vincentization) to score beside the models, each a list of statistical
   * members (e.g. ["har", "garch", "ewma"]): named "har+garch+ewma", fitted and scored on the same folds.
   */
  combinations?: readonly (readonly ModelName[])[];
  /** First and last origin evaluated (open times, ms). */
  start: number;
  end: number;
  /** Refit every this many candles (expanding window). */
  refitEvery: number;
  pooling?: Pooling;
  hyper?: Partial<Hyperparameters>;
  /**
   * Fit the neural models in training workers, `workers` fits at once (folds and models alike); without
   * it they train one after another on this thread.
   */
  training?: { run: TrainJobRunner; workers: number };
  /**
   * With 2 or more: each neural model is also scored as a seed ensemble named "<model>-x<seeds>", the
   * quantile average of that many networks trained alike from seeds 42, 43, ... (the first is the single
   * model's own seed), fitted and scored on the same folds.
   */
  seeds?: number;
  /** With seeds >= 2: score the seed ensemble only, not also the single network (saves its fits). */
  ensembleOnly?: boolean;
  /**
   * Series the networks train on but nothing is scored on (coins listed too late for the baselines' first
   * fit): each enters the global network's panel once it has the history a window needs.
   */
  trainOnly?: readonly SeriesData[];
  /** Train the neural models on the other coins only and score each coin they never saw (baselines as usual). */
  leaveOneCoinOut?: boolean;
  onProgress?: (progress: WalkForwardProgress) => void;
  /** With hyper.ensembleWeights: told each seed ensemble's common weights per fold, beside the members' own. */
  onEnsembleWeights?: (choice: EnsembleWeightsChoice) => void;
}

/** The anchor weights one fold's seed ensemble chose as a whole, and those its members had chosen alone. */
export interface EnsembleWeightsChoice {
  model: string;
  trainEnd: number;
  weights: readonly number[];
  members: readonly (readonly number[])[];
}

/**
 * `coincast evaluate`: every model, ours and the baselines, walks forward through the same folds, refitted
 * from scratch on the past of each fold (a fresh forecaster per fold, so scalers are refitted too).
 */
export function evaluateModels(options: EvaluateModelsOptions): Promise<WalkForwardResult> {
  const settings = {
    timeframe: options.timeframe,
    ...(options.pooling ? { pooling: options.pooling } : {}),
    ...(options.hyper ? { hyper: options.hyper } : {}),
  };
  const training = options.training;
  /** A fresh forecaster of `name` (a network in a training worker when there are some). */
  const make = (name: ModelName): Forecaster => {
    const architecture = neuralArchitecture(name);
    const network =
      architecture === undefined || training === undefined
        ? createForecaster(name, settings)
        : createWorkerFitForecaster(training.run, { name, architecture, ...settings });
    return architecture === undefined ? network : withTrainOnly(network, options.trainOnly ?? []);
  };
  /** One member of a seed ensemble: a network with `seed` whose fitted networks the ensemble can reach. */
  const member = (name: ModelName, seed: number): NetworkHolder => {
    const architecture = neuralArchitecture(name) as ArchitectureName;
    return training === undefined
      ? createRosterNetwork(name, { ...settings, seed })
      : createWorkerFitForecaster(training.run, { name, architecture, ...settings, seed });
  };
  const seeds = options.seeds ?? 1;
  const sources = options.models
    .filter((name) => !(options.ensembleOnly && seeds > 1 && neuralArchitecture(name) !== undefined))
    .map((name) => ({
      create: () => make(name),
      crossCoin: neuralArchitecture(name) !== undefined,
    }));
  for (const name of seeds > 1 ? options.models.filter((m) => neuralArchitecture(m) !== undefined) : []) {
    const model = `${name}-x${seeds}`;
    sources.push({
      // The members train side by side (two training workers: two at a time); the train-only coins reach
      // every member through the ensemble, which chooses its common weights on what they were fitted on.
      create: () => {
        const members = Array.from({ length: seeds }, (_, i) => member(name, DEFAULT_NETWORK_SEED + i));
        const common = options.hyper?.ensembleWeights
          ? async (series: readonly SeriesData[], trainEnd: number, horizons: readonly number[]) => {
              const fitted = members.map((m) => {
                const network = m.fittedNetwork();
                if (network === undefined) throw new Error(`${m.name}: a member is not fitted`);
                return network;
              });
              const choice = adoptEnsembleWeights(fitted, series, trainEnd, horizons);
              options.onEnsembleWeights?.({ model, trainEnd, ...choice });
            }
          : undefined;
        return withTrainOnly(createSeedEnsemble(model, members, common), options.trainOnly ?? []);
      },
      crossCoin: true,
    });
  }
  for (const members of options.combinations ?? []) {
    const networks = members.filter((m) => neuralArchitecture(m) !== undefined);
    if (networks.length > 0 || members.length < 2 || new Set(members).size !== members.length) {
      throw new UserError(
        `A combination needs two or more different statistical models, got ${members.join("+")}` +
          (networks.length > 0 ? ` (${networks.join(", ")} is a network: train it alone)` : "") +
          ".",
        { code: "bad-option" },
      );
    }
    const name = members.join(COMBINATION_SEPARATOR);
    sources.push({
      create: () =>
        createCombinationForecaster(
          name,
          members.map((m) => createForecaster(m, settings)),
        ),
      crossCoin: false,
    });
  }
  const common = {
    horizons: horizonSteps(options.timeframe),
    start: options.start,
    end: options.end,
    refitEvery: options.refitEvery,
    ...(options.training ? { concurrency: options.training.workers } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  if (options.leaveOneCoinOut) {
    // A per-symbol network has nothing to say about a coin it has no network for.
    if (options.pooling === "per-symbol")
      throw new UserError("Leave-one-coin-out needs the pooled model (--pooling pooled).", {
        code: "bad-option",
      });
    return leaveOneCoinOut({ ...common, series: options.series, forecasters: sources });
  }
  return walkForward({ ...common, series: options.series, forecasters: sources.map((s) => s.create) });
}

export interface EvaluateFrozenOptions {
  modelDir: string;
  /** The history to score on, at the saved model's timeframe. */
  loadSeries: (timeframe: ModelTimeframe) => Promise<readonly SeriesData[]>;
  start: number;
  /** Last origin (ms); default: the last candle of the history. */
  end?: number;
  /** Baselines fitted once on the history before `start`, scored on the same origins. */
  baselines: readonly ModelName[];
  onProgress?: (progress: WalkForwardProgress) => void;
}

export interface FrozenEvaluation {
  result: WalkForwardResult;
  timeframe: ModelTimeframe;
  /** Last candle the saved model's training could read (ms). */
  trainedUntil: number;
  /** True when `start` is before trainedUntil: some scored targets were seen in training. */
  overlapsTraining: boolean;
}

/**
 * `coincast evaluate --frozen`: scores a saved model as it is, without retraining, on any history from
 * `start`. The saved scaler and calibration are used unchanged; the baselines only see data before `start`.
 */
export async function evaluateFrozen(options: EvaluateFrozenOptions): Promise<FrozenEvaluation> {
  const saved = await loadSavedForecaster(options.modelDir);
  try {
    const meta = saved.metas[0];
    if (meta === undefined) throw new Error(`${options.modelDir} holds no saved model`);
    // Read before walking forward: walkForward disposes the frozen forecaster, which empties a network's metas.
    const trainedUntil = Math.max(...saved.metas.map((n) => n.trainedUntil));
    const timeframe = meta.timeframe as ModelTimeframe;
    // A saved statistical model shares its name with a baseline refitted at the start: keep both apart.
    const frozen: Forecaster = {
      name: options.baselines.includes(saved.name as ModelName) ? `${saved.name}-saved` : saved.name,
      fit: async () => {},
      predict: (series, origins, horizons) => saved.predict(series, origins, horizons),
      dispose: () => saved.dispose(),
    };
    const series = await options.loadSeries(timeframe);
    const end = options.end ?? Math.max(...series.map((s) => s.candles.at(-1)?.time ?? 0));
    if (options.start >= end)
      throw new UserError("The start date is not before the end of the history.", { code: "bad-date-range" });
    requireHistoryBefore(
      series,
      options.start,
      kindOf(meta).historyNeeded(stepsPerDay(series[0]?.candles ?? [])),
    );
    const stepMs = inferStepMs(series);
    const result = await walkForward({
      series,
      forecasters: [frozen, ...options.baselines.map((name) => () => createForecaster(name, { timeframe }))],
      horizons: meta.horizons,
      start: options.start,
      end,
      // One fold: the model is frozen, and the baselines get the same single look at the past.
      refitEvery: Math.max(1, Math.ceil((end - options.start) / stepMs) + 1),
      stepMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    // An origin at trainedUntil is scored on later candles only, so only an earlier start overlaps.
    return { result, timeframe, trainedUntil, overlapsTraining: options.start < trainedUntil };
  } finally {
    // Also on failure (unreadable history, bad dates); a second dispose after walkForward's is a no-op.
    saved.dispose();
  }
}

/**
 * The first origin needs a full input window after the indicators' warm-up (and the baselines a past to
 * fit on): say so plainly rather than fail deep inside feature building.
 */
function requireHistoryBefore(series: readonly SeriesData[], start: number, needed: number): void {
  for (const { symbol, candles } of series) {
    const before = candles.filter((c) => c.time < start).length;
    if (before < needed) {
      throw new UserError(
        `The history of ${symbol} has ${before} candles before the start date; the model needs at least ${needed} ` +
          "(indicator warm-up plus one input window). Include earlier candles or start later.",
        { code: "history-too-short" },
      );
    }
  }
}
