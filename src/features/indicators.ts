import {
  ATR,
  BollingerBands,
  BollingerBandsWidth,
  EMA,
  type HighLowClose,
  MACD,
  RSI,
  SMA,
} from "trading-signals";

/*
 * Thin adapters from trading-signals' streaming indicators to whole aligned series: out[i] is the
 * indicator's value after it has seen inputs[0..i], NaN while the library still returns null. Because
 * each value comes from a stream that has only been fed inputs up to i, every series is causal by
 * construction. Alignment follows the library (and Tulip Indicators, which its tests check against);
 * how long a feature waits beyond that is decided in compute-features.ts, not here.
 */

interface Streaming<Input, Result> {
  add(input: Input): Result | null;
}

function stream<Input, Result>(
  indicator: Streaming<Input, Result>,
  inputs: ArrayLike<Input>,
  onResult: (result: Result, i: number) => void,
): void {
  for (let i = 0; i < inputs.length; i++) {
    const result = indicator.add(inputs[i] as Input);
    if (result !== null) onResult(result, i);
  }
}

function nanSeries(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}

function single<Input>(indicator: Streaming<Input, number>, inputs: ArrayLike<Input>): Float64Array {
  const out = nanSeries(inputs.length);
  stream(indicator, inputs, (value, i) => {
    out[i] = value;
  });
  return out;
}

/** Simple moving average of the last `period` values; first value at index period - 1. */
export function smaSeries(values: ArrayLike<number>, period: number): Float64Array {
  return single(new SMA(period), values);
}

/** Wilder's RSI (0..100) with Wilder smoothing seeded by an SMA; first value at index `period`. */
export function rsiSeries(closes: ArrayLike<number>, period: number): Float64Array {
  return single(new RSI(period), closes);
}

/** MACD line, signal line and histogram, in price units. */
export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/**
 * MACD with EMAs seeded by the first price (as Tulip Indicators does). The library emits from index
 * slow - 1, seeding the signal EMA with the first MACD value, so the signal only settles after about
 * `signal` more values; callers decide how long to wait.
 */
export function macdSeries(
  closes: ArrayLike<number>,
  fast: number,
  slow: number,
  signal: number,
): MacdSeries {
  const n = closes.length;
  const result: MacdSeries = { macd: nanSeries(n), signal: nanSeries(n), histogram: nanSeries(n) };
  stream(new MACD(new EMA(fast), new EMA(slow), new EMA(signal)), closes, (r, i) => {
    result.macd[i] = r.macd;
    result.signal[i] = r.signal;
    result.histogram[i] = r.histogram;
  });
  return result;
}

/** Bollinger band width (upper - lower) / middle, population std; first value at index period - 1. */
export function bollingerWidthSeries(closes: ArrayLike<number>, period: number, k: number): Float64Array {
  return single(new BollingerBandsWidth(new BollingerBands(period, k)), closes);
}

/**
 * Average true range with Wilder smoothing seeded by an SMA of the first `period` true ranges (the very
 * first true range is high - low, there being no previous close); first value at index period - 1.
 */
export function atrSeries(candles: ArrayLike<HighLowClose>, period: number): Float64Array {
  return single(new ATR(period), candles);
}

/** Rolling mean and population standard deviation. */
export interface MeanStdSeries {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Rolling mean and population standard deviation of the last `period` values; first value at index
 * period - 1. Bollinger bands with a multiplier of 1 are exactly mean +- std, so the library's
 * two-pass computation is reused instead of a hand-written rolling variance.
 */
export function rollingMeanStdSeries(values: ArrayLike<number>, period: number): MeanStdSeries {
  const n = values.length;
  const result: MeanStdSeries = { mean: nanSeries(n), std: nanSeries(n) };
  stream(new BollingerBands(period, 1), values, (r, i) => {
    result.mean[i] = r.middle;
    // upper - middle can come out a hair below zero for a constant window.
    result.std[i] = Math.max(0, r.upper - r.middle);
  });
  return result;
}
