import { kindOf } from "../model/saved/forecasters.js";
import type { SavedMeta } from "../model/saved/model-io.js";
import { type CrpsSkillRow, crpsSkill, POOLED } from "./skill.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

/** How a model did on coins it never trained on, at one horizon, from a leave-one-coin-out report. */
export interface UnseenCoinFigures {
  model: string;
  /** Horizon in candles. */
  horizon: number;
  /** Mean over the left-out coins of each coin's MASE (MAE of the median over persistence's on the same points). */
  mase: number;
  /** Share of outcomes inside the 80% interval, over every left-out coin's forecasts. */
  coverage80: number;
  /**
   * CRPS over persistence's on the same points, every left-out coin's forecasts pooled (below 1: the range
   * beats "no change"), and the one-sided DM p-value that it is lower; null when the report kept no CRPS.
   */
  crpsVsPersistence: number | null;
  crpsPBetter: number | null;
  coins: string[];
  /** Forecasts scored. */
  n: number;
  /** The networks' anchor in that run (its config.anchor); absent for a run without --anchor. */
  anchor?: "ewma" | "har";
  /** The run's networks read the market-wide inputs (its config.marketInputs). */
  marketInputs?: true;
  /** The run's seed ensembles chose their anchor weights as a whole (its config.ensembleWeights). */
  ensembleWeights?: true;
  /** The run's networks' epochs and training stride (its config's), when it recorded them. */
  epochs?: number;
  trainStride?: number;
  /** The folder under models/evaluation/ the figures were read from (recorded.ts sets it). */
  run?: string;
}

/**
 * What a recorded row and the served model must share for the row to speak for the model: its recipe. A
 * network's is its meta.json name, how many seeds its ensemble averages, whether it is anchored on HAR and
 * whether it reads the market-wide inputs, whether its ensemble chose its anchor weights as a whole or each
 * member its own, and its training per fold (epochs, every n-th window) where the run recorded it; a statistical model fits each coin's own past, so any run's row of its name is its recipe's.
 */
export interface ServedRecipe {
  name: string;
  network?: {
    seeds: number;
    anchoredOnHar: boolean;
    marketInputs: boolean;
    ensembleWeights: boolean;
    epochs?: number;
    trainStride?: number;
  };
}

/** The recipe of a saved model from every meta.json of its folder (a seed ensemble has one per member). */
export function servedRecipe(members: readonly SavedMeta[]): ServedRecipe | null {
  const [first] = members;
  if (first === undefined) return null;
  return kindOf(first).match<ServedRecipe>({
    network: (meta) => ({
      name: meta.name,
      network: {
        // A per-symbol model has one network per coin, all of one seed.
        seeds: new Set(members.map((m) => ("seed" in m ? m.seed : 0))).size,
        anchoredOnHar: meta.targetScaling === "har",
        marketInputs: meta.hyperparameters.marketInputs === true,
        ensembleWeights: meta.hyperparameters.ensembleWeights === true,
        ...training(meta.hyperparameters),
      },
    }),
    statistical: (meta) => ({ name: meta.name }),
  });
}

function training(hyper: { epochs?: number | undefined; trainStride?: number | undefined }): {
  epochs?: number;
  trainStride?: number;
} {
  return {
    ...(hyper.epochs === undefined ? {} : { epochs: hyper.epochs }),
    ...(hyper.trainStride === undefined ? {} : { trainStride: hyper.trainStride }),
  };
}

/** Both recorded and different: a run that recorded no epochs or stride (before they were) matches any. */
const differs = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && a !== b;

/** `evaluate --seeds n` names a network's n-seed ensemble `<name>-x<n>` (evaluate.ts). */
const ENSEMBLE_ROW = /^(.+)-x(\d+)$/;

/** The model name behind a walk-forward row: "cnn-gru-x2" is a seed ensemble of "cnn-gru". */
export function rowModelName(model: string): string {
  return ENSEMBLE_ROW.exec(model)?.[1] ?? model;
}

/**
 * Whether `model`, a row of a walk-forward run with `config`, was scored with the served recipe: a network's
 * row must be of its name, seeds, anchor, market inputs and ensemble weights (a run's are its networks';
 * a run without config.ensembleWeights chose per member), and of its epochs and training stride where both recorded them; a statistical model's of its name.
 */
export function isServedRow(
  served: ServedRecipe,
  model: string,
  config: {
    anchor?: "ewma" | "har" | undefined;
    marketInputs?: boolean | undefined;
    ensembleWeights?: boolean | undefined;
    epochs?: number | undefined;
    trainStride?: number | undefined;
  },
): boolean {
  const { network } = served;
  if (network === undefined) return model === served.name;
  const ensemble = ENSEMBLE_ROW.exec(model);
  const [name, seeds] = ensemble === null ? [model, 1] : [ensemble[1], Number(ensemble[2])];
  return (
    name === served.name &&
    seeds === network.seeds &&
    (config.anchor === "har") === network.anchoredOnHar &&
    (config.marketInputs === true) === network.marketInputs &&
    (config.ensembleWeights === true) === network.ensembleWeights &&
    !differs(config.epochs, network.epochs) &&
    !differs(config.trainStride, network.trainStride)
  );
}

/** The row of a walk-forward run scored with the served recipe, or undefined when it scored none. */
export function servedRow(
  result: Pick<WalkForwardResult, "models" | "config">,
  served: ServedRecipe,
): string | undefined {
  return result.models.find((model) => isServedRow(served, model, result.config));
}

/**
 * The figures of the served recipe among those of several runs (in the order recorded.ts reads their
 * folders): the last run that scored the recipe wins, so a rerun recorded beside its predecessor
 * (`<tf>-global-v2` beside `<tf>-global`) supersedes it. Empty when no run scored the recipe.
 */
export function servedFigures<
  T extends Pick<
    UnseenCoinFigures,
    "model" | "run" | "anchor" | "marketInputs" | "ensembleWeights" | "epochs" | "trainStride"
  >,
>(figures: readonly T[], served: ServedRecipe): T[] {
  const own = figures.filter((f) => isServedRow(served, f.model, f));
  const run = own.at(-1)?.run;
  return own.filter((f) => f.run === run);
}

/** Where a timeframe's leave-one-coin-out report is recorded, beside its walk-forward (report.ts). */
export const LEAVE_ONE_COIN_OUT_SUFFIX = "-leave-one-coin-out";

/**
 * The figures a forecast for a coin outside training quotes: per model and horizon, MASE averaged over the
 * coins (each coin's MASE is already scale-free) and the 80% coverage pooled over every forecast; with
 * `skill` (crpsSkill of the same report), the pooled CRPS against persistence too.
 * Empty for a report that is not a leave-one-coin-out run.
 */
export function unseenCoinFigures(
  result: Pick<WalkForwardResult, "config" | "entries">,
  skill: readonly CrpsSkillRow[] = [],
): UnseenCoinFigures[] {
  if (result.config.leaveOneCoinOut !== true) return [];
  return pooledFigures(result.entries, skill, result.config);
}

/**
 * Where a timeframe's global (pooled) walk-forwards are recorded, whose config.holdOut names the unseen
 * coins: models/evaluation/<tf>-global, and a later run beside it (<tf>-global-v2, ...).
 */
export const GLOBAL_SUFFIX = "-global";

/**
 * The same figures from a walk-forward that held coins out of every fold's training (`evaluate --hold-out`,
 * config.holdOut): only the held-out coins' rows, CRPS against persistence pooled over those coins alone.
 * Empty when the report held no coin out.
 */
export function heldOutFigures(result: WalkForwardResult): UnseenCoinFigures[] {
  const held = new Set(result.config.holdOut ?? []);
  if (held.size === 0) return [];
  const symbols = result.symbols.filter((s) => held.has(s));
  const entries = result.entries.filter((e) => held.has(e.symbol));
  return pooledFigures(entries, crpsSkill({ ...result, symbols, entries }), result.config);
}

function pooledFigures(
  entries: Pick<WalkForwardResult, "entries">["entries"],
  skill: readonly CrpsSkillRow[],
  config: Pick<
    WalkForwardResult["config"],
    "anchor" | "marketInputs" | "ensembleWeights" | "epochs" | "trainStride"
  >,
): UnseenCoinFigures[] {
  const groups = new Map<string, UnseenCoinFigures & { maseSum: number; inside: number }>();
  for (const { model, horizon, symbol, metrics } of entries) {
    if (metrics.mase === null || !Number.isFinite(metrics.mase) || metrics.n === 0) continue;
    const key = `${model}\u0000${horizon}`;
    const group = groups.get(key) ?? {
      model,
      horizon,
      mase: 0,
      coverage80: 0,
      crpsVsPersistence: null,
      crpsPBetter: null,
      coins: [],
      n: 0,
      maseSum: 0,
      inside: 0,
    };
    groups.set(key, group);
    group.coins.push(symbol);
    group.maseSum += metrics.mase;
    group.inside += metrics.coverage80 * metrics.n;
    group.n += metrics.n;
  }
  return [...groups.values()].map(({ maseSum, inside, ...g }) => {
    const pooled = skill.find((r) => r.symbol === POOLED && r.model === g.model && r.horizon === g.horizon);
    return {
      ...g,
      mase: maseSum / g.coins.length,
      coverage80: inside / g.n,
      crpsVsPersistence: pooled?.vsPersistence ?? null,
      crpsPBetter: pooled?.dmPersistence?.pValueBetter ?? null,
      ...(config.anchor === undefined ? {} : { anchor: config.anchor }),
      ...(config.marketInputs === true ? { marketInputs: true as const } : {}),
      ...(config.ensembleWeights === true ? { ensembleWeights: true as const } : {}),
      ...training(config),
    };
  });
}
