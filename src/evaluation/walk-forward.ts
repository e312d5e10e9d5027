import PQueue from "p-queue";
import type { Forecaster, QuantileVector, SeriesData, TrainProgress } from "../model/types.js";
import { QUANTILES } from "../model/types.js";
import { attachRecalibratedBrier } from "./recalibration.js";
import { type EvaluationEntry, type ForecastRecord, scoreRecords } from "./score.js";
import type { DmLoss } from "./stats.js";
import type { FoldInfo, WalkForwardResult } from "./walk-forward-result.js";

/** A forecaster, or a factory that makes a fresh one for every fold (for models that must not be re-fitted). */
export type ForecasterSource = Forecaster | (() => Forecaster);

/** What walkForward reports while it runs. */
export type WalkForwardProgress =
  | { phase: "fit"; fold: number; folds: number; model: string }
  | { phase: "train"; fold: number; folds: number; model: string; train: TrainProgress }
  | { phase: "predict"; fold: number; folds: number; model: string; symbol: string };

/** Settings of a walk-forward evaluation. */
export interface WalkForwardOptions {
  /** Series at one timeframe, oldest first, gap-filled, so that a step is a fixed number of milliseconds. */
  series: readonly SeriesData[];
  forecasters: readonly ForecasterSource[];
  horizons: readonly number[];
  /** Open time (ms) of the first origin evaluated; the first fold is fitted on candles with time <= start. */
  start: number;
  /** Open time (ms) of the last origin evaluated, inclusive; targets may lie after it. */
  end: number;
  /** Refit every this many steps (e.g. 90 on daily candles). */
  refitEvery: number;
  /** Milliseconds per step; default: the spacing of the first two candles of the first series. */
  stepMs?: number;
  /** Holding periods per year for Sharpe; default: a 24/7 market, 365.25 days / stepMs. */
  periodsPerYear?: number;
  /** Threshold and fee of the horizon-1 long/flat backtest (defaults 0.5 and 0.001 per side). */
  backtest?: { threshold?: number; feeRate?: number };
  /** Loss of the Diebold-Mariano test against persistence; default "absolute" (matches MASE). */
  dmLoss?: DmLoss;
  /**
   * Fits (each with its fold's predictions) that may run at once; default 1. Worth raising only when fit()
   * leaves the thread, as training-worker forecasters do (worker-fits.ts). The result is the same as with 1:
   * records are merged in fold and forecaster order, and a reused instance still fits one fold at a time.
   */
  concurrency?: number;
  onProgress?: (progress: WalkForwardProgress) => void;
}

const YEAR_MS = 365.25 * 24 * 3_600_000;

/** Milliseconds per candle, from the first series with two candles. */
export function inferStepMs(series: readonly SeriesData[]): number {
  for (const { candles } of series) {
    const [a, b] = candles;
    if (a !== undefined && b !== undefined && b.time > a.time) return b.time - a.time;
  }
  throw new RangeError("walkForward: cannot infer the step: no series has two candles");
}

function validatePredictions(
  model: string,
  symbol: string,
  predictions: QuantileVector[][],
  origins: number,
  horizons: number,
): void {
  const ok =
    predictions.length === origins &&
    predictions.every(
      (row) =>
        row.length === horizons &&
        row.every((q) => q.length === QUANTILES.length && q.every((v) => Number.isFinite(v))),
    );
  if (!ok)
    throw new Error(
      `${model}: predict for ${symbol} did not return [origin][horizon] finite quantile vectors`,
    );
}

/**
 * Expanding-window walk-forward evaluation. Folds are refitEvery steps long from `start`; for each fold every
 * forecaster is fitted with trainEnd = the fold's start time (so it sees only candles up to then), then asked
 * for every origin in the fold whose target candle exists. Afterwards every model/symbol/horizon is scored with
 * computeMetrics against persistence's errors on the same points, and horizon 1 is backtested.
 */
export async function walkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { series, horizons, start, end, refitEvery } = options;
  if (horizons.length === 0 || horizons.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`walkForward: horizons must be positive integers, got ${horizons.join(",")}`);
  }
  if (!Number.isInteger(refitEvery) || refitEvery < 1)
    throw new RangeError("walkForward: refitEvery must be >= 1");
  const stepMs = options.stepMs ?? inferStepMs(series);
  const periodsPerYear = options.periodsPerYear ?? YEAR_MS / stepMs;
  const threshold = options.backtest?.threshold ?? 0.5;
  const feeRate = options.backtest?.feeRate ?? 0.001;
  const dmLoss = options.dmLoss ?? "absolute";
  const minHorizon = Math.min(...horizons);
  const foldMs = refitEvery * stepMs;
  const foldCount = Math.max(0, Math.floor((end - start) / foldMs) + 1);

  const models: string[] = [];
  const records = new Map<string, ForecastRecord[]>();
  const key = (model: string, symbol: string, h: number): string => `${model}\u0000${symbol}\u0000${h}`;
  const timings = new Map<string, { fitMs: number; predictMs: number }>();
  const folds: FoldInfo[] = [];
  const reused = new Set<Forecaster>();
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`walkForward: concurrency must be a positive integer, got ${concurrency}`);
  const queue = new PQueue({ concurrency });
  const tasks: Promise<void>[] = [];
  // A reused instance holds one fold's fit at a time: each of its tasks waits for the one before.
  const lastTaskOf = new Map<ForecasterSource, Promise<unknown>>();
  // Every (fold, forecaster) fills its own buffer; buffers are merged in that order once all have run.
  const buffers: { fold: number; model: string; emitted: [string, number, ForecastRecord][] }[] = [];
  let failed = false;

  for (let fold = 0; fold < foldCount; fold++) {
    const trainEnd = start + fold * foldMs;
    const foldEnd = Math.min(trainEnd + foldMs - 1, end);
    // Origins whose smallest-horizon target exists; larger horizons are filtered per record below.
    const originsBySeries = series.map(({ candles }) => {
      const origins: number[] = [];
      candles.forEach((c, i) => {
        if (c.time >= trainEnd && c.time <= foldEnd && i + minHorizon < candles.length) origins.push(i);
      });
      return origins;
    });
    if (originsBySeries.every((o) => o.length === 0)) continue;
    const originTimes = series.flatMap(({ candles }, s) =>
      (originsBySeries[s] ?? []).map((i) => candles[i]?.time ?? Number.NaN),
    );
    folds.push({
      index: folds.length,
      trainEnd,
      firstOrigin: originTimes.reduce((a, b) => Math.min(a, b)),
      lastOrigin: originTimes.reduce((a, b) => Math.max(a, b)),
    });

    const baseRates = series.map(({ candles }) => horizons.map((h) => upRate(candles, trainEnd, h)));
    for (const source of options.forecasters) {
      const buffer = { fold: folds.length - 1, model: "", emitted: [] as [string, number, ForecastRecord][] };
      buffers.push(buffer);
      const context = { fold: buffer.fold, folds: foldCount, trainEnd, originsBySeries, baseRates };
      const previous = lastTaskOf.get(source);
      const task = (async () => {
        await previous;
        await queue.add(async () => {
          // After a failure the queued fits are skipped: the run rejects with the first error.
          if (failed) return;
          const forecaster = typeof source === "function" ? source() : source;
          if (typeof source !== "function") reused.add(source);
          buffer.model = forecaster.name;
          const timing = timings.get(buffer.model) ?? { fitMs: 0, predictMs: 0 };
          timings.set(buffer.model, timing);
          try {
            await runFold(forecaster, options, { ...context, timing }, (symbol, h, record) =>
              buffer.emitted.push([symbol, h, record]),
            );
          } catch (error) {
            failed = true;
            throw error;
          } finally {
            if (typeof source === "function") disposeIfPossible(forecaster);
          }
        });
      })();
      if (typeof source !== "function")
        lastTaskOf.set(
          source,
          task.catch(() => undefined),
        );
      tasks.push(task);
    }
  }
  const settled = await Promise.allSettled(tasks);
  for (const forecaster of reused) disposeIfPossible(forecaster);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure !== undefined) throw failure.reason;

  for (let fold = 0; fold < folds.length; fold++) {
    const namesThisFold = new Set<string>();
    for (const { model } of buffers.filter((b) => b.fold === fold)) {
      if (namesThisFold.has(model)) throw new Error(`walkForward: two forecasters are named ${model}`);
      namesThisFold.add(model);
      if (!models.includes(model)) models.push(model);
    }
  }
  for (const { model, emitted } of buffers) {
    for (const [symbol, h, record] of emitted) {
      const k = key(model, symbol, h);
      const list = records.get(k) ?? [];
      records.set(k, list);
      list.push(record);
    }
  }

  const symbols = series.map((s) => s.symbol);
  const settings = { dmLoss, threshold, feeRate, periodsPerYear };
  const entries: EvaluationEntry[] = [];
  for (const symbol of symbols) {
    for (const horizon of horizons) {
      for (const model of models) {
        const list = records.get(key(model, symbol, horizon)) ?? [];
        if (list.length > 0) entries.push(scoreRecords(model, symbol, horizon, list, settings));
      }
    }
  }
  attachRecalibratedBrier(entries, Math.min(...horizons), stepMs);

  return {
    config: {
      start,
      end,
      horizons: [...horizons],
      refitEvery,
      stepMs,
      periodsPerYear,
      dmLoss,
      threshold,
      feeRate,
      quantiles: [...QUANTILES],
    },
    folds,
    models,
    symbols,
    entries,
    timings: models.map((model) => ({ model, ...(timings.get(model) ?? { fitMs: 0, predictMs: 0 }) })),
  };
}

/** Fits one forecaster for one fold, then predicts every origin of the fold and hands each record to `emit`. */
async function runFold(
  forecaster: Forecaster,
  options: WalkForwardOptions,
  context: {
    fold: number;
    folds: number;
    trainEnd: number;
    originsBySeries: readonly (readonly number[])[];
    /** [series][horizon index]: up-rate of h-step returns up to trainEnd. */
    baseRates: readonly (readonly number[])[];
    timing: { fitMs: number; predictMs: number };
  },
  emit: (symbol: string, horizon: number, record: ForecastRecord) => void,
): Promise<void> {
  const { series, horizons } = options;
  const model = forecaster.name;
  const progressBase = { fold: context.fold, folds: context.folds, model };
  options.onProgress?.({ phase: "fit", ...progressBase });
  let t0 = performance.now();
  await forecaster.fit(series, context.trainEnd, horizons, (train) =>
    options.onProgress?.({ phase: "train", ...progressBase, train }),
  );
  context.timing.fitMs += performance.now() - t0;

  for (const [s, data] of series.entries()) {
    const origins = context.originsBySeries[s] ?? [];
    if (origins.length === 0) continue;
    options.onProgress?.({ phase: "predict", ...progressBase, symbol: data.symbol });
    t0 = performance.now();
    const predictions = await forecaster.predict(data, origins, horizons);
    context.timing.predictMs += performance.now() - t0;
    validatePredictions(model, data.symbol, predictions, origins.length, horizons.length);
    origins.forEach((origin, o) => {
      horizons.forEach((h, hi) => {
        const originCandle = data.candles[origin];
        const target = data.candles[origin + h];
        const quantiles = predictions[o]?.[hi];
        if (originCandle === undefined || target === undefined || quantiles === undefined) return;
        emit(data.symbol, h, {
          originIndex: origin,
          originTime: originCandle.time,
          originClose: originCandle.close,
          actualClose: target.close,
          quantiles,
          baseRate: context.baseRates[s]?.[hi] ?? 0.5,
        });
      });
    });
  }
}

/** Share of h-step log returns above 0 among the targets at or before trainEnd: climatology of P(up). */
function upRate(
  candles: readonly { time: number; close: number }[],
  trainEnd: number,
  horizon: number,
): number {
  let ups = 0;
  let n = 0;
  for (let j = 0; j + horizon < candles.length; j++) {
    const target = candles[j + horizon];
    const origin = candles[j];
    if (target === undefined || origin === undefined || target.time > trainEnd) break;
    n++;
    if (target.close > origin.close) ups++;
  }
  return n === 0 ? 0.5 : ups / n;
}

/**
 * Frees a forecaster's native memory (ARIMA's WebAssembly, a neural net's tensors): a reused instance once
 * the whole run is over, a factory-made one after its fold.
 */
function disposeIfPossible(forecaster: Forecaster): void {
  forecaster.dispose?.();
}
