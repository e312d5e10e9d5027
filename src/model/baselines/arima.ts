import jstat from "jstat";
import { type Forecaster, QUANTILES, type QuantileVector, type SeriesData } from "../types.js";
import { assertOrigins, closeAt, lastIndexAtOrBefore } from "./history.js";

const { jStat } = jstat;

type ArimaModule = typeof import("arima");
type ArimaModel = InstanceType<ArimaModule>;

/** Options of the ARIMA(p, 1, q) baseline on log prices. */
export interface ArimaOptions {
  /** Model name in reports; default "arima". */
  name?: string;
  /** AR order; default 1. */
  p?: number;
  /** MA order; default 0. ARIMA(1,1,1) on near-random-walk prices often fits cancelling, explosive roots. */
  q?: number;
  /**
   * Fit on at most this many most recent log prices up to trainEnd (default 1000). Each prediction conditions
   * on a window of the same length ending at its origin, so this bounds both fit and predict cost.
   */
  maxTrainLength?: number;
}

/** The ARIMA baseline; dispose() frees its WebAssembly memory (walk-forward calls it when a fold is done). */
export interface ArimaForecaster extends Forecaster {
  dispose(): void;
  /** The order actually fitted for a symbol at the last fit, e.g. "1,1,0"; it differs when a fallback was used. */
  fittedOrder(symbol: string): string | undefined;
}

interface FittedSeries {
  model: ArimaModel;
  /** (p, q) actually fitted; d is always 1. */
  order: readonly [number, number];
  /** Number of log prices the model was fitted on; every conditioning window has exactly this length. */
  length: number;
  /** Whether the package's stored input series can be swapped to condition on newer data (see forecast in createArimaForecaster). */
  canCondition: boolean;
}

/** Fewer log prices than this give an ARIMA fit not worth calling a baseline. */
const MIN_TRAIN_LENGTH = 30;

/**
 * Stability probe: steps ahead, and how far beyond random-walk growth (sd1 * sqrt(steps)) the forecast and its
 * spread may go. Explosive fits exceed it by many orders of magnitude; a strongly trending AR(1) stays well inside.
 */
const PROBE_STEPS = 60;
const PROBE_FACTOR = 100;

/** Whether a model's long-range forecast of its own training data stays finite and grows no faster than allowed. */
function isStable(model: ArimaModel, lastLogPrice: number): boolean {
  const [means, mse] = model.predict(PROBE_STEPS);
  const sd1 = Math.sqrt(mse[0] ?? Number.NaN);
  const bound = PROBE_FACTOR * sd1 * Math.sqrt(PROBE_STEPS);
  const sdLast = Math.sqrt(mse[PROBE_STEPS - 1] ?? Number.NaN);
  const driftLast = Math.abs((means[PROBE_STEPS - 1] ?? Number.NaN) - lastLogPrice);
  const driftFirst = Math.abs((means[0] ?? Number.NaN) - lastLogPrice);
  return sd1 > 0 && sdLast <= bound && driftLast <= bound && driftFirst <= PROBE_FACTOR * sd1;
}

/** z-scores of QUANTILES under a standard normal: ARIMA intervals are Gaussian. */
const Z_SCORES: readonly number[] = QUANTILES.map((level) => jStat.normal.inv(level, 0, 1));

const toPackageSeries = (values: readonly number[]): Uint8Array =>
  new Uint8Array(Float64Array.from(values).buffer);

/**
 * ARIMA(p, 1, q) on log prices (default ARIMA(1,1,0), i.e. AR(1) on log returns) via the `arima` package (ctsa,
 * exact maximum likelihood): the h-step forecast of log price minus the origin's log price is the median log
 * return, and the package's h-step mean square error gives Gaussian quantiles. Fitted once per fit() call on the training window; each origin is then forecast with
 * the same coefficients, conditioned (Kalman filter) on the window of log prices ending at that origin.
 * A fit whose forecasts explode is replaced by ARIMA(1,1,0), then by ARIMA(0,1,1); fittedOrder
 * tells which was used.
 */
export function createArimaForecaster(options: ArimaOptions = {}): ArimaForecaster {
  const name = options.name ?? "arima";
  const p = options.p ?? 1;
  const q = options.q ?? 0;
  if (![p, q].every((v) => Number.isInteger(v) && v >= 0) || p + q === 0) {
    throw new RangeError(`ARIMA orders must be non-negative integers with p + q >= 1, got p=${p}, q=${q}`);
  }
  // Tried in turn until one fits a stable model: the requested order, then AR(1), then MA(1) on returns.
  // Not ARIMA(0,1,0): the package returns garbage for p = q = 0.
  const orders = [...new Set([`${p},${q}`, "1,0", "0,1"])].map(
    (o) => o.split(",").map(Number) as [number, number],
  );
  const maxTrainLength = options.maxTrainLength ?? 1000;
  let ARIMA: ArimaModule | undefined;
  let fitted = new Map<string, FittedSeries>();

  const disposeAll = (): void => {
    for (const { model } of fitted.values()) model.destroy();
    fitted = new Map();
  };

  const train = (logPrices: readonly number[], [ar, ma]: readonly [number, number]): ArimaModel => {
    if (ARIMA === undefined) throw new Error(`${name}: arima module not loaded`);
    return new ARIMA({ p: ar, d: 1, q: ma, verbose: false }).train([...logPrices]);
  };

  /** Fits the first order in `orders` that gives a stable model on this window. */
  const fitStable = (
    symbol: string,
    logPrices: readonly number[],
  ): { model: ArimaModel; order: [number, number] } => {
    const failures: unknown[] = [];
    for (const order of orders) {
      let model: ArimaModel | undefined;
      try {
        model = train(logPrices, order);
        if (isStable(model, logPrices[logPrices.length - 1] ?? Number.NaN)) return { model, order };
        failures.push(new Error(`ARIMA(${order[0]},1,${order[1]}) is explosive`));
      } catch (cause) {
        failures.push(cause);
      }
      model?.destroy();
    }
    throw new AggregateError(failures, `${name}: no stable ARIMA fit for ${symbol}`);
  };

  /**
   * Forecasts from a window of exactly `state.length` log prices. The package predicts from the series it was
   * trained on, kept as the byte array `ts` on the instance and handed to ctsa's predict, which re-runs the Kalman
   * filter over it with the fitted coefficients. Swapping that array conditions on new data without refitting;
   * the package has no public call for it, so this is checked at fit time, and if the property ever disappears
   * we fall back to refitting on the window (correct, only slower).
   */
  const forecast = (state: FittedSeries, window: readonly number[], steps: number): [number[], number[]] => {
    if (state.canCondition) {
      (state.model as unknown as { ts: Uint8Array }).ts = toPackageSeries(window);
      return state.model.predict(steps);
    }
    const model = train(window, state.order);
    try {
      return model.predict(steps);
    } finally {
      model.destroy();
    }
  };

  return {
    name,
    dispose: disposeAll,
    fittedOrder: (symbol) => {
      const order = fitted.get(symbol)?.order;
      return order === undefined ? undefined : `${order[0]},1,${order[1]}`;
    },
    async fit(series, trainEnd) {
      ARIMA ??= (await import("arima")).default;
      disposeAll();
      for (const { symbol, candles } of series) {
        const lastIndex = lastIndexAtOrBefore(candles, trainEnd);
        const first = Math.max(0, lastIndex - maxTrainLength + 1);
        const logPrices = candles.slice(first, lastIndex + 1).map((c) => Math.log(c.close));
        if (logPrices.length < MIN_TRAIN_LENGTH) {
          throw new RangeError(
            `${name}: ${symbol} has ${logPrices.length} candles up to trainEnd, needs ${MIN_TRAIN_LENGTH}`,
          );
        }
        const { model, order } = fitStable(symbol, logPrices);
        const stored = (model as unknown as { ts?: unknown }).ts;
        const canCondition = stored instanceof Uint8Array && stored.byteLength === logPrices.length * 8;
        fitted.set(symbol, {
          model,
          order,
          length: logPrices.length,
          canCondition,
        });
      }
    },
    async predict(series: SeriesData, origins, horizons) {
      assertOrigins(series, origins);
      const state = fitted.get(series.symbol);
      if (state === undefined) throw new Error(`${name}: not fitted for ${series.symbol}`);
      const steps = Math.max(...horizons);
      return origins.map((origin): QuantileVector[] => {
        const first = origin - state.length + 1;
        if (first < 0) {
          throw new RangeError(
            `${name}: origin ${origin} of ${series.symbol} has fewer than ${state.length} candles`,
          );
        }
        // Reads candles[first..origin] only: nothing after the origin.
        const window = series.candles.slice(first, origin + 1).map((c) => Math.log(c.close));
        const [means, mse] = forecast(state, window, steps);
        const originLog = Math.log(closeAt(series.candles, origin));
        return horizons.map((h) => {
          const centre = (means[h - 1] ?? Number.NaN) - originLog;
          const sd = Math.sqrt(mse[h - 1] ?? Number.NaN);
          if (!Number.isFinite(centre) || !Number.isFinite(sd)) {
            throw new Error(
              `${name}: non-finite forecast for ${series.symbol} at origin ${origin}, horizon ${h}`,
            );
          }
          return Z_SCORES.map((z) => centre + z * sd);
        });
      });
    },
  };
}
