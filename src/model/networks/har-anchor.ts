import { stepsPerDay } from "../../features/realized-volatility.js";
import type { Candle } from "../../market/types.js";
import { fitHar, harHistoryNeeded } from "../baselines/har.js";
import { empiricalQuantiles } from "../baselines/history.js";
import { restoreVolatilityModel } from "../baselines/restore.js";
import type { VolatilityModel, VolatilityState } from "../baselines/volatility-forecaster.js";
import { meanPinball } from "../quantile-math.js";
import { QUANTILES, type QuantileVector, type SeriesData } from "../types.js";

/*
 * The HAR anchor of a global network (issue 27): the network's scale for a coin and horizon is HAR's direct
 * h-step volatility forecast for that coin (fitted on the training slice only), and the network predicts
 * quantiles of the return divided by it. Its head starts at the pooled filtered-historical-simulation
 * quantiles (the standardised training returns), so an untrained network IS HAR with FHS; on the calibration
 * windows, which training never read, each horizon keeps only the share `weight` of the network's departure
 * from that start that helps (0: HAR, 1: the network): the shrink of the correction and the blend with HAR
 * in one number per horizon.
 */

/** One coin's HAR anchor as JSON (meta.json keeps every training coin's). */
export type AnchorStates = Record<string, VolatilityState>;

/** Fitted HAR anchors by symbol; coins with too little history for HAR are left out (and out of training). */
export interface HarAnchors {
  models: Map<string, VolatilityModel>;
  states(): AnchorStates;
}

/** The fewest candles an anchor is fitted on, whatever HAR itself could do with. */
const MIN_ANCHOR_CANDLES = 200;

/**
 * Candles, up to and including its first origin, that anchorScales needs to serve `symbol`: none for a coin
 * with a saved anchor (`fits`, meta.json's), else what fitting one on the coin's own past takes.
 */
export function anchorHistoryNeeded(
  fits: AnchorStates,
  symbol: string,
  perDay: number,
  horizons: readonly number[],
): number {
  return symbol in fits ? 0 : Math.max(MIN_ANCHOR_CANDLES, harHistoryNeeded(perDay, horizons));
}

/** Fits HAR per coin on its candles with time <= trainEnd; a coin HAR cannot fit (too short) is skipped. */
export function fitHarAnchors(
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
): HarAnchors {
  const models = new Map<string, VolatilityModel>();
  for (const s of series) {
    let n = 0;
    while (n < s.candles.length && (s.candles[n] as Candle).time <= trainEnd) n++;
    const past = s.candles.slice(0, n);
    if (past.length < MIN_ANCHOR_CANDLES) continue;
    try {
      const model = fitHar(past, stepsPerDay(past));
      for (const h of horizons) model.sd(past, [past.length - 1], h);
      models.set(s.symbol, model);
    } catch (error) {
      if (error instanceof RangeError) continue;
      throw error;
    }
  }
  return {
    models,
    states: () => Object.fromEntries([...models].map(([symbol, m]) => [symbol, m.state()])),
  };
}

/** Anchors back from meta.json. */
export function restoreHarAnchors(states: AnchorStates): HarAnchors {
  const models = new Map(Object.entries(states).map(([s, state]) => [s, restoreVolatilityModel(state)]));
  return { models, states: () => ({ ...states }) };
}

/**
 * HAR's h-step sd at each origin of one coin, reading candles[0..origin] only. A coin without a saved
 * anchor (one the network never trained on) gets HAR fitted on its own candles up to `fitUntil` (or up to
 * its first origin), so it is scored the way it would be served.
 */
export function anchorScales(
  anchors: HarAnchors,
  series: SeriesData,
  origins: readonly number[],
  horizons: readonly number[],
  fitUntil?: number,
): number[][] {
  let model = anchors.models.get(series.symbol);
  if (model === undefined) {
    const first = origins.reduce((m, o) => Math.min(m, o), Number.POSITIVE_INFINITY);
    const firstTime = series.candles[first]?.time ?? 0;
    const until = Math.min(fitUntil ?? Number.POSITIVE_INFINITY, firstTime);
    // A coin listed after the network's training: its own past up to the first origin, if long enough.
    model =
      fitHarAnchors([series], until, horizons).models.get(series.symbol) ??
      fitHarAnchors([series], firstTime, horizons).models.get(series.symbol);
    if (model === undefined) throw new RangeError(`HAR anchor: too little history to fit ${series.symbol}`);
    anchors.models.set(series.symbol, model);
  }
  const found = model;
  const last = origins.reduce((m, o) => Math.max(m, o), -1);
  const candles: readonly Candle[] = series.candles.slice(0, last + 1);
  return horizons.map((h) => found.sd(candles, origins, h));
}

/** Per horizon, the empirical QUANTILES of standardised targets ([sample][horizon]), median moved to 0. */
export function pooledFhsQuantiles(
  standardised: readonly (readonly number[])[],
  horizons: number,
): number[][] {
  return Array.from({ length: horizons }, (_, h) => {
    const z = standardised.map((row) => row[h] as number).filter(Number.isFinite);
    if (z.length < 100) throw new RangeError(`HAR anchor: only ${z.length} standardised returns`);
    const q = empiricalQuantiles(z, QUANTILES);
    const median = q[QUANTILES.indexOf(0.5)] ?? 0;
    return q.map((v) => v - median);
  });
}

/** Weights of the network's departure from HAR-FHS tried per horizon: 0 is HAR, 1 the network. */
export const ANCHOR_WEIGHTS = [0, 0.25, 0.5, 0.75, 1] as const;

/**
 * The blend every anchored forecast is (choice of the weights and serving alike): the start plus `weight` of the
 * network's departure from it (same units), moved so that the median is the start's (zero drift) plus
 * `medianShrink` of the blend's own median departure.
 */
export function blendQuantiles(
  start: QuantileVector,
  network: QuantileVector,
  weight: number,
  medianShrink = 0,
): number[] {
  const m = QUANTILES.indexOf(0.5);
  const shift = (1 - medianShrink) * weight * ((network[m] as number) - (start[m] as number));
  return start.map((s, j) => s + weight * ((network[j] as number) - s) - shift);
}

/**
 * Per horizon, the weight of ANCHOR_WEIGHTS with the lowest mean pinball loss on the calibration windows
 * (standardised units); 0 (HAR) on ties and when there are fewer than 30 windows. Only validation windows
 * reach this function: the test window never chooses a weight.
 */
export function chooseAnchorWeights(
  network: readonly (readonly QuantileVector[])[],
  start: readonly QuantileVector[],
  targets: readonly (readonly number[])[],
): number[] {
  return start.map((fhs, h) => {
    if (network.length < 30) return 0;
    let best = 0;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const w of ANCHOR_WEIGHTS) {
      let loss = 0;
      network.forEach((row, i) => {
        loss += meanPinball(blendQuantiles(fhs, row[h] as QuantileVector, w), targets[i]?.[h] as number);
      });
      if (loss < bestLoss - 1e-12) {
        best = w;
        bestLoss = loss;
      }
    }
    return best;
  });
}

/**
 * Per sample and horizon, the median of the blend before it is pinned: FHS's (0) plus `weight` of the
 * network's departure from it (standardised units). What fitAnchoredNetwork's median choice scores.
 */
export function blendedMedians(
  raw: readonly (readonly QuantileVector[])[],
  fhs: readonly (readonly number[])[],
  weights: readonly number[],
): number[][] {
  const m = QUANTILES.indexOf(0.5);
  return raw.map((row) =>
    row.map((q, h) => {
      const start = fhs[h]?.[m] as number;
      return start + (weights[h] ?? 0) * ((q[m] as number) - start);
    }),
  );
}

/**
 * Quantiles of an anchored network's raw standardised output: FHS plus `weight` of its departure, moved so
 * that the median is FHS's (zero drift) plus `medianShrink` of the blend's own median departure, times HAR's
 * sd. medianShrink is chosen on the calibration windows (chooseMedianShrink: above 0 only when it lowers the
 * median's absolute error significantly); absent, as in models saved before that choice, it is 0.
 */
export function anchoredQuantiles(
  raw: readonly QuantileVector[],
  fhs: readonly (readonly number[])[],
  weights: readonly number[],
  sd: readonly number[],
  medianShrink: readonly number[] = [],
): QuantileVector[] {
  return raw.map((q, h) => {
    const start = fhs[h] as readonly number[];
    const blend = blendQuantiles(start, q, weights[h] ?? 0, medianShrink[h] ?? 0);
    return blend.map((v) => v * (sd[h] as number));
  });
}
