import { averagePredictions, averageQuantiles } from "../baselines/combination.js";
import {
  loadModel,
  type ModelMeta,
  type SavedModel,
  savedModelDirs,
  writeModelMeta,
} from "../saved/model-io.js";
import type { QuantileVector, SeriesData } from "../types.js";
import { anchoredCalibrationWindows, anchoredSetup } from "./anchored-windows.js";
import { medianErrorRatios } from "./fit-anchored.js";
import { blendedMedians, chooseAnchorWeights } from "./har-anchor.js";
import { predictQuantiles } from "./serve-network.js";

/*
 * Anchor weights chosen for a seed ensemble as a whole (issue 27, `--ensemble-weights`). Each member blends
 * linearly, start + w·(network − start) with the median pinned, and the ensemble averages the members'
 * quantiles, so with one weight w per horizon for every member the ensemble serves
 * mean(start) + w·(mean(network) − mean(start)): the weight is chosen on the members' averaged raw output,
 * less noisy than each member's, and written into every member's anchor.weights, so serving is unchanged.
 */

/**
 * The members of one anchored seed ensemble, fitted on `series` up to trainEnd, with the anchor weights
 * chosen for the ensemble: the calibration windows each member's fit chose its own on are rebuilt (same
 * held-out coins, HAR fits and slices, the members' one scaler), the members' raw quantiles averaged, and
 * chooseAnchorWeights run on that average from the average of the members' starts. Each member's meta gets
 * the common weights, its blended-median metrics recomputed with them, and `memberAnchorWeight<h>` (the
 * weight it chose alone) in its metrics. The networks are the same objects (nothing to dispose).
 */
export function chooseEnsembleWeights(
  members: readonly SavedModel[],
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
): SavedModel[] {
  const [first] = members;
  if (first === undefined) return [];
  const { hyperparameters: hyper, window, name } = first.meta;
  const setup = anchoredSetup(series, trainEnd, horizons, { hyper, window, name });
  // Members of one seed ensemble train on the same data: one scaler, so one set of calibration windows.
  for (const { meta } of members)
    if (JSON.stringify(meta.scaler) !== JSON.stringify(first.meta.scaler))
      throw new RangeError(
        `${name} seed ${meta.seed} is scaled unlike seed ${first.meta.seed}: not one ensemble`,
      );
  const calibration = anchoredCalibrationWindows(setup, { trainEnd, horizons, window }, first.meta.scaler);
  const { targets } = calibration;
  const raws = members.map(({ model, meta }) =>
    calibration.count > 0
      ? predictQuantiles(model, calibration.x, calibration.count, window, meta.targetScale)
      : [],
  );
  const starts = members.map(({ meta }) => anchorOf(meta).quantiles);
  const start = horizons.map((_, h) => averageQuantiles(starts.map((s) => s[h] as QuantileVector)));
  const weights = chooseAnchorWeights(averagePredictions(raws), start, targets);
  return members.map(({ model, meta }, i) => {
    const anchor = anchorOf(meta);
    const medians = blendedMedians(raws[i] ?? [], anchor.quantiles, weights);
    const own = Object.fromEntries(
      horizons.map((h, j) => [`memberAnchorWeight${h}`, anchor.weights[j] ?? 0]),
    );
    return {
      model,
      meta: {
        ...meta,
        anchor: { ...anchor, weights: [...weights] },
        metrics: {
          ...meta.metrics,
          ...own,
          ...medianErrorRatios(medians, targets, horizons, "medianMaeVsZeroDrift"),
        },
      },
    };
  });
}

/** A seed ensemble's member fitted elsewhere (its own forecaster, its own training worker): what it holds. */
export interface FittedMember {
  readonly fitted: readonly SavedModel[];
  setMetas(metas: readonly ModelMeta[]): void;
}

/**
 * The members of one ensemble, each fitted as its own forecaster (evaluate's walk-forward), given the
 * weights chosen for all of them (chooseEnsembleWeights): they predict with the common weights from then on.
 * Returns the common weights and each member's own, for the report.
 */
export function adoptEnsembleWeights(
  members: readonly FittedMember[],
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
): { weights: readonly number[]; members: readonly (readonly number[])[] } {
  const fitted = members.flatMap((m) => m.fitted);
  const chosen = chooseEnsembleWeights(fitted, series, trainEnd, horizons);
  let next = 0;
  for (const member of members) {
    member.setMetas(chosen.slice(next, next + member.fitted.length).map((c) => c.meta));
    next += member.fitted.length;
  }
  return {
    weights: chosen[0]?.meta.anchor?.weights ?? [],
    members: fitted.map((f) => f.meta.anchor?.weights ?? []),
  };
}

function anchorOf(meta: SavedModel["meta"]): NonNullable<SavedModel["meta"]["anchor"]> {
  if (meta.anchor === undefined || meta.targetScaling !== "har")
    throw new RangeError(
      `${meta.name} (seed ${meta.seed}) is not HAR-anchored: no ensemble weights to choose`,
    );
  return meta.anchor;
}

/**
 * `train --global --seeds n --ensemble-weights`: the members saved in `dir` (one seed-<n>/ folder each,
 * trained in separate workers on `series` up to trainEnd) get the ensemble's common weights in their
 * meta.json. Returns their metas as rewritten.
 */
export async function rewriteWithEnsembleWeights(
  dir: string,
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
): Promise<ModelMeta[]> {
  const dirs = await savedModelDirs(dir);
  const members: SavedModel[] = [];
  try {
    for (const d of dirs) members.push(await loadModel(d));
    const chosen = chooseEnsembleWeights(members, series, trainEnd, horizons);
    // The weights are the members' own: only what meta.json records changed.
    for (const [i, { meta }] of chosen.entries()) await writeModelMeta(dirs[i] as string, meta);
    return chosen.map((c) => c.meta);
  } finally {
    for (const m of members) m.model.dispose();
  }
}
