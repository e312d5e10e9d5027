import type { Forecaster, SeriesData } from "../model/types.js";
import { inferStepMs, type WalkForwardOptions, walkForward } from "./walk-forward.js";
import type { FoldInfo, WalkForwardResult } from "./walk-forward-result.js";

/**
 * One forecaster of a leave-one-coin-out run. `crossCoin` forecasters (the pooled networks) are fitted on the
 * other coins only; the univariate baselines are fitted on the left-out coin's own past, as they would be when
 * serving a new coin, and give the reference (persistence's MAE for MASE) on the same points.
 */
export interface LeaveOutForecaster {
  create: () => Forecaster;
  crossCoin: boolean;
}

export interface LeaveOneCoinOutOptions extends Omit<WalkForwardOptions, "series" | "forecasters"> {
  series: readonly SeriesData[];
  forecasters: readonly LeaveOutForecaster[];
}

/**
 * Leave-one-coin-out walk-forward: for every coin, the same expanding-window folds as walkForward, with the
 * cross-coin forecasters trained (up to each fold's start, as always) on the other coins only and scored on
 * the left-out one. The figures answer "how does the model do on a coin it never saw?". With `concurrency`
 * above 1 (fits in training workers, whose pool bounds how many run) the coins' runs go at once, so no worker
 * idles while one coin waits for its last fold; with 1 they go one after another on this thread.
 */
export async function leaveOneCoinOut(options: LeaveOneCoinOutOptions): Promise<WalkForwardResult> {
  const { series, forecasters, ...rest } = options;
  if (series.length < 2) throw new RangeError("leaveOneCoinOut: needs at least two coins");
  const stepMs = options.stepMs ?? inferStepMs(series);
  const runCoin = (target: SeriesData, i: number) => {
    const others = series.filter((_, j) => j !== i);
    return walkForward({
      ...rest,
      stepMs,
      series: [target],
      forecasters: forecasters.map((f) => (f.crossCoin ? () => trainedOn(others, f.create()) : f.create)),
    });
  };
  if ((options.concurrency ?? 1) > 1) return combine(await Promise.all(series.map(runCoin)));
  const results: WalkForwardResult[] = [];
  for (const [i, target] of series.entries()) results.push(await runCoin(target, i));
  return combine(results);
}

/** The forecaster, fitted on `others` whatever series walkForward hands it; predict is unchanged. */
function trainedOn(others: readonly SeriesData[], inner: Forecaster): Forecaster {
  return {
    name: inner.name,
    fit: (_series, trainEnd, horizons, onProgress) => inner.fit(others, trainEnd, horizons, onProgress),
    predict: (data, origins, horizons) => inner.predict(data, origins, horizons),
    ...(inner.dispose ? { dispose: () => inner.dispose?.() } : {}),
  };
}

/** One result from the per-coin runs: entries side by side, folds spanning every coin's origins. */
function combine(results: readonly WalkForwardResult[]): WalkForwardResult {
  const [first] = results;
  if (first === undefined) throw new RangeError("leaveOneCoinOut: no results");
  const folds = new Map<number, FoldInfo>();
  for (const r of results) {
    for (const f of r.folds) {
      const known = folds.get(f.trainEnd);
      folds.set(f.trainEnd, {
        index: 0,
        trainEnd: f.trainEnd,
        firstOrigin: Math.min(f.firstOrigin, known?.firstOrigin ?? f.firstOrigin),
        lastOrigin: Math.max(f.lastOrigin, known?.lastOrigin ?? f.lastOrigin),
      });
    }
  }
  const models = [...new Set(results.flatMap((r) => r.models))];
  const timings = models.map((model) => {
    const all = results.flatMap((r) => r.timings.filter((t) => t.model === model));
    return {
      model,
      fitMs: all.reduce((s, t) => s + t.fitMs, 0),
      predictMs: all.reduce((s, t) => s + t.predictMs, 0),
    };
  });
  return {
    config: { ...first.config, leaveOneCoinOut: true },
    folds: [...folds.values()].sort((a, b) => a.trainEnd - b.trainEnd).map((f, index) => ({ ...f, index })),
    models,
    symbols: results.flatMap((r) => r.symbols),
    entries: results.flatMap((r) => r.entries),
    timings,
  };
}
