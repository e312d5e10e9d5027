import type { ModelTimeframe } from "../horizons.js";
import { hashCandles, lastCandleTime } from "../saved/data-hash.js";
import { saveStatisticalMeta } from "../saved/model-io.js";
import { MODEL_FORMAT_VERSION } from "../saved/model-meta.js";
import {
  STATISTICAL_MEMBERS,
  type StatisticalMember,
  type StatisticalMeta,
} from "../saved/statistical-meta.js";
import { QUANTILES, type QuantileVector, type SeriesData } from "../types.js";
import { averagePredictions, COMBINATION_SEPARATOR, combinationMembers } from "./combination.js";
import { createEwmaForecaster } from "./ewma.js";
import { createGarchForecaster } from "./garch.js";
import { createHarForecaster } from "./har.js";
import { restoreVolatilityModel } from "./restore.js";
import type { VolatilityForecaster } from "./volatility-forecaster.js";

/**
 * A servable statistical model: one volatility model (HAR-RV, GARCH(1,1)-t, EWMA) or an equal-weight
 * quantile average of several, built from the very forecasters the walk-forward scores (so a served
 * forecast is the scored one). Fitting takes seconds; the fit is saved as meta.json alone.
 */
export interface StatisticalForecaster {
  readonly name: string;
  readonly members: readonly StatisticalMember[];
  fit(series: readonly SeriesData[], trainEnd: number, horizons: readonly number[]): Promise<void>;
  predict(
    series: SeriesData,
    origins: readonly number[],
    horizons: readonly number[],
  ): Promise<QuantileVector[][]>;
  /** meta.json of the fitted model; empty before fit() or restore. */
  readonly metas: readonly StatisticalMeta[];
  /** Writes meta.json into `dir` atomically. */
  toSaved(dir: string): Promise<void>;
  dispose(): void;
}

const CREATE: Record<StatisticalMember, () => VolatilityForecaster> = {
  ewma: () => createEwmaForecaster(),
  garch: () => createGarchForecaster(),
  har: () => createHarForecaster(),
};

/** "har+garch+ewma" -> its members, or undefined when a part is not a statistical member (or repeats). */
export function statisticalMembers(name: string): StatisticalMember[] | undefined {
  const parts = combinationMembers(name);
  const known = parts.every((p) => (STATISTICAL_MEMBERS as readonly string[]).includes(p));
  if (parts.length === 0 || !known || new Set(parts).size !== parts.length) return undefined;
  return parts as StatisticalMember[];
}

/** An unfitted statistical model of these members (one, or several to average). */
export function createStatisticalForecaster(options: {
  members: readonly StatisticalMember[];
  timeframe: ModelTimeframe;
}): StatisticalForecaster {
  return forecasterWith([...options.members], options.timeframe, null);
}

/** The statistical model a meta.json describes, ready to forecast. */
export function statisticalForecasterFromMeta(meta: StatisticalMeta): StatisticalForecaster {
  return forecasterWith([...meta.members], meta.timeframe as ModelTimeframe, meta);
}

function forecasterWith(
  members: StatisticalMember[],
  timeframe: ModelTimeframe,
  initial: StatisticalMeta | null,
): StatisticalForecaster {
  if (members.length === 0) throw new RangeError("a statistical model needs at least one member");
  const name = members.join(COMBINATION_SEPARATOR);
  let meta = initial;
  let fitted = members.map((m) => CREATE[m]());
  if (initial !== null) {
    for (const [i, f] of fitted.entries()) {
      f.importFits(initial.fits[members[i] as string] ?? {}, restoreVolatilityModel);
    }
  }
  /** Fits of coins the model was not fitted on, made on a request's own history: symbol -> (origin time, fits). */
  const onDemand = new Map<string, { time: number; forecasters: VolatilityForecaster[] }>();

  const forecastersFor = async (
    series: SeriesData,
    origins: readonly number[],
    horizons: readonly number[],
  ): Promise<VolatilityForecaster[]> => {
    if (fitted.every((f) => f.has(series.symbol))) return fitted;
    // Fitted on candles up to the earliest origin, so no origin's forecast reads past it.
    const first = Math.min(...origins);
    const time = series.candles[first]?.time;
    if (time === undefined) throw new RangeError(`${name}: no candle at origin ${first} of ${series.symbol}`);
    const cached = onDemand.get(series.symbol);
    if (cached !== undefined && cached.time === time) return cached.forecasters;
    const fresh = members.map((m) => CREATE[m]());
    for (const f of fresh) await f.fit([series], time, horizons);
    onDemand.set(series.symbol, { time, forecasters: fresh });
    return fresh;
  };

  return {
    name,
    members,
    get metas() {
      return meta === null ? [] : [meta];
    },
    async fit(series, trainEnd, horizons) {
      const started = performance.now();
      const next = members.map((m) => CREATE[m]());
      for (const f of next) await f.fit(series, trainEnd, horizons);
      fitted = next;
      onDemand.clear();
      meta = {
        version: MODEL_FORMAT_VERSION,
        kind: "statistical",
        name,
        members,
        created: new Date().toISOString(),
        trainedUntil: lastCandleTime(series, trainEnd),
        dataHash: hashCandles(series, trainEnd),
        timeframe,
        symbols: series.map((s) => s.symbol),
        horizons: [...horizons],
        quantiles: [...QUANTILES],
        fits: Object.fromEntries(next.map((f, i) => [members[i] as string, f.exportFits()])),
        metrics: { fitMs: Math.round(performance.now() - started) },
      };
    },
    async predict(series, origins, horizons) {
      if (meta === null) throw new Error(`${name} is not fitted: call fit() or restore it first`);
      const forecasters = await forecastersFor(series, origins, horizons);
      const rows: QuantileVector[][][] = [];
      for (const f of forecasters) rows.push(await f.predict(series, origins, horizons));
      return rows.length === 1 ? (rows[0] as QuantileVector[][]) : averagePredictions(rows);
    },
    async toSaved(dir) {
      if (meta === null) throw new Error(`${name} is not fitted: nothing to save`);
      await saveStatisticalMeta(dir, meta);
    },
    dispose() {
      onDemand.clear();
    },
  };
}
