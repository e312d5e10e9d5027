import type { Dataset, DatasetSplit } from "../../features/dataset.js";
import type { Scaler } from "../../features/types.js";
import type { Candle } from "../../market/types.js";
import type { SeriesData } from "../types.js";
import type { Hyperparameters } from "./architectures.js";
import { type CalibrationWindows, calibrationWindows, chooseSlices } from "./fit-network.js";
import { anchorScales, fitHarAnchors, type HarAnchors } from "./har-anchor.js";
import { countUpTo } from "./target-scale.js";

// The anchored network's windows (fit-anchored.ts): training and validation samples standardised by each
// coin's HAR forecast, never crossing a filled candle, and the calibration windows' anchor scales.

/** What an anchored fit decides before training: HAR per coin, the coins it trains on, the time slices. */
export interface AnchoredSetup {
  anchors: HarAnchors;
  /** The coins HAR could fit before trainEnd, held-out coins left out: the network trains on these. */
  usable: SeriesData[];
  slices: ReturnType<typeof chooseSlices>;
}

/**
 * HAR fitted per coin on candles up to trainEnd (hyper.holdOut left out), the coins it fits, and the
 * early-stopping and calibration slices: deterministic, so a fitted member's calibration windows can be rebuilt.
 */
export function anchoredSetup(
  series: readonly SeriesData[],
  trainEnd: number,
  horizons: readonly number[],
  settings: { hyper: Pick<Hyperparameters, "holdOut" | "validationFraction">; window: number; name: string },
): AnchoredSetup {
  const held = new Set(settings.hyper.holdOut ?? []);
  const anchors = fitHarAnchors(
    series.filter((s) => !held.has(s.symbol)),
    trainEnd,
    horizons,
  );
  const usable = series.filter((s) => anchors.models.has(s.symbol));
  if (usable.length === 0) throw new RangeError(`${settings.name}: no coin has enough history for HAR`);
  const slices = chooseSlices(usable, trainEnd, horizons, settings.window, settings.hyper.validationFraction);
  return { anchors, usable, slices };
}

/**
 * The calibration windows training never read (inputs scaled by `scaler`, targets divided by HAR's h-step
 * sd), on which the anchor weights are chosen: a member's own (fitAnchoredNetwork) and an ensemble's
 * (ensemble-weights.ts) alike. Empty when the fit kept no calibration slice.
 */
export function anchoredCalibrationWindows(
  setup: AnchoredSetup,
  slice: { trainEnd: number; horizons: readonly number[]; window: number },
  scaler: Scaler,
): CalibrationWindows {
  const { calibrationStart } = setup.slices;
  if (calibrationStart === undefined) return { x: new Float32Array(0), count: 0, targets: [] };
  return calibrationWindows(
    setup.usable,
    { ...slice, calibrationStart },
    scaler,
    anchoredCalibrationScale(setup.usable, setup.anchors, slice.horizons),
  );
}

/**
 * The training and validation samples of `dataset`, targets divided by the coin's HAR h-step sd fitted
 * before trainEnd; training keeps every `stride`-th window, validation all; none crosses a filled candle.
 */
export function anchoredTrainingSets(
  usable: readonly SeriesData[],
  dataset: Pick<Dataset, "train" | "validation">,
  anchors: HarAnchors,
  options: { trainEnd: number; horizons: readonly number[]; window: number; stride: number },
) {
  const { trainEnd, horizons, window, stride } = options;
  const sd = usable.map((s) => {
    const past = s.candles.slice(0, countUpTo(s.candles, trainEnd));
    const all = Array.from({ length: past.length }, (_, i) => i);
    return anchorScales(anchors, { symbol: s.symbol, candles: past }, all, horizons);
  });
  const filled = usable.map((s) => filledPrefix(s.candles));
  const maxH = Math.max(...horizons);
  const standardised = (split: DatasetSplit, keepEvery: number) =>
    selectStandardised(
      split,
      horizons,
      window,
      (s, t, h) => sd[s]?.[h]?.[t] ?? Number.NaN,
      (s, t) => !crossesFill(filled[s] as Int32Array, t, window, maxH) && t % keepEvery === 0,
    );
  return {
    train: standardised(dataset.train, stride),
    validation: dataset.validation ? standardised(dataset.validation, 1) : null,
  };
}

/** calibrationWindows' scale for coin `s`: its HAR h-step sd at each origin (k: origin, j: horizon). */
function anchoredCalibrationScale(
  usable: readonly SeriesData[],
  anchors: HarAnchors,
  horizons: readonly number[],
) {
  return (s: number, candles: readonly Candle[], origins: readonly number[]) => {
    const sd = anchorScales(
      anchors,
      { symbol: (usable[s] as SeriesData).symbol, candles },
      origins,
      horizons,
    );
    return (k: number, j: number) => sd[j]?.[k] as number;
  };
}

/**
 * Whether the window ending at t, or its targets up to t + maxH, holds a filled (synthetic) candle: such a
 * window would learn from prices that never traded, so training leaves it out. `prefix` is filledPrefix's.
 */
export function crossesFill(prefix: Int32Array, t: number, window: number, maxH: number): boolean {
  const last = prefix.length - 1;
  const to = prefix[Math.min(t + maxH + 1, last)] as number;
  const from = prefix[Math.max(0, Math.min(t - window + 1, last))] as number;
  return to - from > 0;
}

/** Running count of filled candles: f[i] = filled candles among candles[0..i-1]. */
export function filledPrefix(candles: readonly Candle[]): Int32Array {
  const f = new Int32Array(candles.length + 1);
  candles.forEach((c, i) => {
    f[i + 1] = (f[i] as number) + (c.filled === true ? 1 : 0);
  });
  return f;
}

/** The samples of `split` that `keep` accepts and whose anchors are finite, targets divided by the anchor. */
export function selectStandardised(
  split: DatasetSplit,
  horizons: readonly number[],
  window: number,
  sdAt: (series: number, t: number, horizon: number) => number,
  keep: (series: number, t: number) => boolean,
): { x: Float32Array; y: Float32Array; count: number } {
  const h = horizons.length;
  const block = split.count > 0 ? split.x.length / split.count : 0;
  const picked: number[] = [];
  for (let k = 0; k < split.count; k++) {
    const s = split.seriesIndex[k] as number;
    const t = split.endIndex[k] as number;
    if (!keep(s, t)) continue;
    let ok = true;
    for (let j = 0; j < h && ok; j++) ok = sdAt(s, t, j) > 0;
    if (ok) picked.push(k);
  }
  const x = new Float32Array(picked.length * block);
  const y = new Float32Array(picked.length * h);
  picked.forEach((k, i) => {
    x.set(split.x.subarray(k * block, (k + 1) * block), i * block);
    const s = split.seriesIndex[k] as number;
    const t = split.endIndex[k] as number;
    for (let j = 0; j < h; j++) y[i * h + j] = (split.y[k * h + j] as number) / sdAt(s, t, j);
  });
  void window;
  return { x, y, count: picked.length };
}
