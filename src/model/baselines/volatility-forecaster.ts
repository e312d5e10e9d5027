import { stepsPerDay } from "../../features/realized-volatility.js";
import type { Candle } from "../../market/types.js";
import type { Forecaster, QuantileVector, SeriesData } from "../types.js";
import { assertOrigins, lastIndexAtOrBefore } from "./history.js";
import { scaleQuantiles, standardisedQuantiles } from "./volatility.js";

/**
 * What a fitted volatility model is, as plain JSON (meta.json of a statistical model keeps it): enough to
 * forecast again without the candles it was fitted on.
 */
export type VolatilityState =
  | { kind: "ewma"; lambda: number }
  | {
      kind: "garch";
      omega: number;
      alpha: number;
      beta: number;
      nu: number;
      initialVariance: number;
      logLikelihood: number;
      /** Open time of the first return the fit used: the variance recursion starts there (or at the first candle given, if later). */
      startTime: number;
      /** Open time of the last candle fitted on, and the variance forecast made at its close. */
      anchorTime?: number | undefined;
      anchorVariance?: number | undefined;
    }
  | {
      kind: "har";
      /** Candles a day of the series fitted (1 or 6): the variance is per day, the forecast per candle. */
      perDay: number;
      /**
       * Per horizon: the regression's terms (absent in a model saved before calendar terms: HAR_RV_TERMS),
       * intercept-first coefficients, residual variance and log smearing factor (absent in a model saved
       * before it: the log-normal correction residualVariance / 2 instead; har.ts).
       */
      horizons: {
        horizon: number;
        terms?: string[] | undefined;
        beta: number[];
        residualVariance: number;
        logSmearing?: number | undefined;
      }[];
    };

/** A fitted volatility model of one symbol. */
export interface VolatilityModel {
  /** The fitted parameters, as JSON; restoreVolatilityModel(state()) forecasts exactly as this model does. */
  state(): VolatilityState;
  /**
   * The h-step log-return standard deviation forecast at each origin, reading candles[0..origin] only
   * (NaN where the model has too little history). `candles` may be longer than what fit saw.
   */
  sd(candles: readonly Candle[], origins: readonly number[], horizon: number): number[];
}

/** Fits a volatility model on one symbol's candles (all of them are training data). */
export type FitVolatility = (candles: readonly Candle[], perDay: number) => VolatilityModel;

/** One symbol's fit: the volatility model and the standardised quantiles per horizon (QUANTILES order). */
export interface SymbolFit {
  model: VolatilityModel;
  quantiles: Map<number, QuantileVector>;
}

/** A symbol's fit as JSON. */
export interface SymbolFitState {
  model: VolatilityState;
  /** horizon -> standardised quantiles. */
  quantiles: Record<string, number[]>;
}

/** A volatility forecaster whose per-symbol fits can be read out and put back (saved statistical models). */
export interface VolatilityForecaster extends Forecaster {
  /** symbol -> fit, as JSON; empty before fit(). */
  exportFits(): Record<string, SymbolFitState>;
  /** Replaces the fits with saved ones (no candles needed). */
  importFits(
    fits: Record<string, SymbolFitState>,
    restore: (state: VolatilityState) => VolatilityModel,
  ): void;
  /** Whether a symbol has a fit. */
  has(symbol: string): boolean;
}

/** Origins before this many candles are left out of the standardised-residual quantiles (model warm-up). */
const RESIDUAL_WARMUP = 60;

/**
 * A zero-drift forecaster from a volatility model: quantiles = sd forecast x empirical quantiles of the
 * standardised h-step returns of the training period (median 0). EWMA, GARCH and HAR differ only in `fit`.
 */
export function createVolatilityForecaster(name: string, fitModel: FitVolatility): VolatilityForecaster {
  let fitted = new Map<string, SymbolFit>();
  return {
    name,
    has: (symbol) => fitted.has(symbol),
    exportFits() {
      const out: Record<string, SymbolFitState> = {};
      for (const [symbol, { model, quantiles }] of fitted) {
        out[symbol] = {
          model: model.state(),
          quantiles: Object.fromEntries([...quantiles].map(([h, q]) => [String(h), [...q]])),
        };
      }
      return out;
    },
    importFits(fits, restore) {
      const next = new Map<string, SymbolFit>();
      for (const [symbol, fit] of Object.entries(fits)) {
        const quantiles = new Map<number, QuantileVector>();
        for (const [h, q] of Object.entries(fit.quantiles)) quantiles.set(Number(h), [...q]);
        next.set(symbol, { model: restore(fit.model), quantiles });
      }
      fitted = next;
    },
    async fit(series, trainEnd, horizons) {
      const next = new Map<string, SymbolFit>();
      for (const { symbol, candles } of series) {
        const lastIndex = lastIndexAtOrBefore(candles, trainEnd);
        const past = candles.slice(0, lastIndex + 1);
        const model = fitModel(past, stepsPerDay(past));
        const quantiles = new Map<number, QuantileVector>();
        const origins = Array.from({ length: past.length }, (_, i) => i);
        for (const h of horizons) {
          const sd = model.sd(past, origins, h);
          quantiles.set(
            h,
            standardisedQuantiles(past, (j) => sd[j] ?? Number.NaN, h, RESIDUAL_WARMUP, lastIndex),
          );
        }
        next.set(symbol, { model, quantiles });
      }
      fitted = next;
    },
    async predict(series: SeriesData, origins, horizons) {
      assertOrigins(series, origins);
      const state = fitted.get(series.symbol);
      if (state === undefined) throw new Error(`${name}: not fitted for ${series.symbol}`);
      const last = origins.reduce((m, o) => Math.max(m, o), -1);
      // Cut after the latest origin: a forecast cannot read past it even by accident.
      const candles = series.candles.slice(0, last + 1);
      const byHorizon = horizons.map((h) => {
        const q = state.quantiles.get(h);
        if (q === undefined) throw new Error(`${name}: not fitted for horizon ${h}`);
        return { q, sd: state.model.sd(candles, origins, h) };
      });
      return origins.map((origin, o) =>
        byHorizon.map(({ q, sd }) => {
          const s = sd[o] ?? Number.NaN;
          if (!(s > 0) || !Number.isFinite(s)) {
            throw new RangeError(`${name}: no volatility forecast for ${series.symbol} at origin ${origin}`);
          }
          return scaleQuantiles(q, s);
        }),
      );
    },
  };
}
