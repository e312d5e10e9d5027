import { ARCHITECTURES } from "../model/networks/architecture-names.js";
import { crpsSkill } from "./skill.js";
import { rowModelName, type ServedRecipe, servedFigures, type UnseenCoinFigures } from "./unseen-coins.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

/**
 * How one model did on one coin at one horizon in a global walk-forward: the coin's own row of the run,
 * with the run's recipe fields (anchor, market inputs, training) that isServedRow matches on: those of
 * UnseenCoinFigures, but for its own MASE (null when not scored) in place of the mean over coins.
 */
export interface CoinFigures extends Omit<UnseenCoinFigures, "mase" | "coins"> {
  symbol: string;
  /** MAE of the median over persistence's on the same points; null when not scored. */
  mase: number | null;
  /** One-sided Diebold-Mariano p-value that the median's error is lower than persistence's; null when none. */
  masePBetter: number | null;
  /** The run held the coin out of every fold's training (its config.holdOut); false: trained on there. */
  heldOut: boolean;
  /** UTC years of the run's first and last origin (config.start, config.end): "2023" to "2025". */
  from: number;
  to: number;
}

/**
 * Every scored coin's own row of a global walk-forward, per network and horizon (with the CRPS against
 * persistence of crpsSkill, computed for the networks' rows alone: a statistical model's rows of a global
 * run are never quoted as its own). Read once and kept: the per-point CRPS stays behind in the report.
 */
export function coinFigures(result: WalkForwardResult): CoinFigures[] {
  const architectures: readonly string[] = ARCHITECTURES;
  const networks = result.models.filter((model) => architectures.includes(rowModelName(model)));
  if (networks.length === 0) return [];
  const skill = crpsSkill({ ...result, models: networks });
  const { config } = result;
  const held = new Set(config.holdOut ?? []);
  const crps = new Map(skill.map((r) => [`${r.model}\u0000${r.symbol}\u0000${r.horizon}`, r]));
  const recipe = {
    ...(config.anchor === undefined ? {} : { anchor: config.anchor }),
    ...(config.marketInputs === true ? { marketInputs: true as const } : {}),
    ...(config.ensembleWeights === true ? { ensembleWeights: true as const } : {}),
    ...(config.epochs === undefined ? {} : { epochs: config.epochs }),
    ...(config.trainStride === undefined ? {} : { trainStride: config.trainStride }),
  };
  return result.entries
    .filter((e) => e.metrics.n > 0 && networks.includes(e.model))
    .map(({ model, symbol, horizon, metrics, firstOrigin, lastOrigin }) => {
      const row = crps.get(`${model}\u0000${symbol}\u0000${horizon}`);
      return {
        model,
        symbol,
        horizon,
        n: metrics.n,
        mase: metrics.mase !== null && Number.isFinite(metrics.mase) ? metrics.mase : null,
        masePBetter: metrics.dm?.pValueBetter ?? null,
        coverage80: metrics.coverage80,
        crpsVsPersistence: row?.vsPersistence ?? null,
        crpsPBetter: row?.dmPersistence?.pValueBetter ?? null,
        heldOut: held.has(symbol),
        // The coin's own span: a coin listed late or delisted early was scored on part of the run's.
        from: new Date(firstOrigin ?? config.start).getUTCFullYear(),
        to: new Date(lastOrigin ?? config.end).getUTCFullYear(),
        ...recipe,
      };
    });
}

/**
 * The row of `symbol` at `horizon` in the served recipe's global walk-forward (the last run that scored the
 * recipe, as servedFigures picks for the unseen-coin line); undefined when that run did not score the coin.
 * Only a network's: a statistical model fits each coin's own past, and its global-run rows are no run of its own.
 */
export function servedCoinRow(
  figures: readonly CoinFigures[],
  served: ServedRecipe,
  symbol: string,
  horizon: number,
): CoinFigures | undefined {
  if (served.network === undefined) return undefined;
  return servedFigures(figures, served).find((f) => f.symbol === symbol && f.horizon === horizon);
}
