import type { Forecaster, QuantileVector, SeriesData } from "../types.js";

/** The separator of a combination's name: "har+garch+ewma". */
export const COMBINATION_SEPARATOR = "+";

/**
 * Equal-weight quantile averaging (Vincentization): the combined q-quantile is the mean of the members'
 * q-quantiles. For location-scale members it averages the locations and the scales; the result is a valid
 * (non-decreasing) quantile vector whenever every member's is.
 */
export function averageQuantiles(vectors: readonly QuantileVector[]): QuantileVector {
  const [first] = vectors;
  if (first === undefined) throw new RangeError("averageQuantiles needs at least one quantile vector");
  return first.map((_, k) => {
    let sum = 0;
    for (const v of vectors) {
      const value = v[k];
      if (value === undefined || v.length !== first.length) {
        throw new RangeError("averageQuantiles: the members' quantile vectors differ in length");
      }
      sum += value;
    }
    return sum / vectors.length;
  });
}

/** Averages, origin by origin and horizon by horizon, the members' predict() results ([origin][horizon]). */
export function averagePredictions(rows: readonly (readonly QuantileVector[][])[]): QuantileVector[][] {
  const [first] = rows;
  if (first === undefined) return [];
  return first.map((byHorizon, o) =>
    byHorizon.map((_, h) => averageQuantiles(rows.map((member) => member[o]?.[h] ?? []))),
  );
}

/**
 * A forecaster that fits each member on the same data and forecasts the quantile average of theirs, so
 * the walk-forward scores a combination on the same points, folds and metrics as any single model.
 */
export function createCombinationForecaster(name: string, members: readonly Forecaster[]): Forecaster {
  if (members.length < 2) throw new RangeError(`combination ${name} needs at least two members`);
  return {
    name,
    async fit(series, trainEnd, horizons, onProgress) {
      for (const member of members) await member.fit(series, trainEnd, horizons, onProgress);
    },
    async predict(series, origins, horizons) {
      const rows: QuantileVector[][][] = [];
      for (const member of members) rows.push(await member.predict(series, origins, horizons));
      return averagePredictions(rows);
    },
    dispose() {
      for (const member of members) member.dispose?.();
    },
  };
}

/**
 * A seed ensemble (issue 27, item 6): networks trained alike from different seeds, whose members fit at the
 * same time (in training workers, two at a time on two cores) and forecast the quantile average of theirs.
 * `afterFit`, once every member is fitted, may adjust them as a whole (common anchor weights).
 */
export function createSeedEnsemble(
  name: string,
  members: readonly Forecaster[],
  afterFit?: (series: readonly SeriesData[], trainEnd: number, horizons: readonly number[]) => Promise<void>,
): Forecaster {
  const combined = createCombinationForecaster(name, members);
  return {
    ...combined,
    async fit(series, trainEnd, horizons, onProgress) {
      await Promise.all(members.map((m) => m.fit(series, trainEnd, horizons, onProgress)));
      await afterFit?.(series, trainEnd, horizons);
    },
  };
}

/** "har+garch+ewma" -> ["har", "garch", "ewma"] (trimmed, lower case, empty parts dropped). */
export function combinationMembers(name: string): string[] {
  return name
    .split(COMBINATION_SEPARATOR)
    .map((m) => m.trim().toLowerCase())
    .filter((m) => m.length > 0);
}
