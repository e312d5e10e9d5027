import { QUANTILES, type QuantileVector } from "../types.js";

/*
 * Adaptive conformal inference (Gibbs & Candès 2021): after each scored forecast the miscoverage level
 * used for the next interval moves by gamma * (alpha - err), err = 1 when the outcome fell outside. Coverage
 * then tracks the nominal level over time even when the market's volatility regime shifts, which a one-off
 * calibration on past data cannot promise. The level is bounded so that a run of surprises cannot blow the
 * interval up (or shrink it to nothing), and a level is turned into interval ends by reading the forecast's
 * piecewise-linear quantile function (the same CDF as probabilityUp) at alpha_t / 2 and 1 - alpha_t / 2.
 */

/** Step size: the default of Gibbs & Candès' experiments. */
export const ACI_GAMMA = 0.005;

/** Adaptive state of one interval. */
export interface AciInterval {
  /** Nominal coverage (0.8 or 0.95). */
  coverage: number;
  /** Current miscoverage level alpha_t used for the next forecast. */
  alpha: number;
  /** Scored forecasts it has learned from. */
  updates: number;
  /** Share of those outcomes inside the served interval. */
  observedCoverage: number | null;
}

/** The bounds of alpha_t for a nominal coverage: half to twice the nominal miscoverage. */
export function aciBounds(coverage: number): [number, number] {
  const alpha = 1 - coverage;
  return [alpha / 2, Math.min(0.5, alpha * 2)];
}

/**
 * Replays scored outcomes (oldest first; true = inside the interval that was served) through the ACI update
 * from alpha_0 = 1 - coverage, clamped to aciBounds after every step.
 */
export function replayAci(coverage: number, inside: readonly boolean[], gamma = ACI_GAMMA): AciInterval {
  const target = 1 - coverage;
  const [low, high] = aciBounds(coverage);
  let alpha = target;
  let hits = 0;
  for (const covered of inside) {
    const err = covered ? 0 : 1;
    if (covered) hits++;
    alpha = Math.min(high, Math.max(low, alpha + gamma * (target - err)));
  }
  return {
    coverage,
    alpha,
    updates: inside.length,
    observedCoverage: inside.length === 0 ? null : hits / inside.length,
  };
}

/** The value of the piecewise-linear quantile function through (QUANTILES, q) at level p, tails extended linearly. */
export function quantileAtLevel(q: QuantileVector, p: number): number {
  const levels: readonly number[] = QUANTILES;
  const values = [...q].sort((a, b) => a - b);
  const last = levels.length - 1;
  const segment = p <= (levels[0] as number) ? 0 : p >= (levels[last] as number) ? last - 1 : -1;
  let i = segment;
  if (i < 0) {
    i = 0;
    while (i < last - 1 && p > (levels[i + 1] as number)) i++;
  }
  const [p0, p1] = [levels[i] as number, levels[i + 1] as number];
  const [v0, v1] = [values[i] as number, values[i + 1] as number];
  return v0 + ((v1 - v0) * (p - p0)) / (p1 - p0);
}

/**
 * A forecast with its 80% and 95% interval ends moved to the adaptive levels (the median unchanged); the
 * ends stay ordered.
 */
export function applyAci(q: QuantileVector, intervals: readonly AciInterval[]): number[] {
  const out = [...q];
  for (const { coverage, alpha } of intervals) {
    const lower = QUANTILES.findIndex((level) => Math.abs(level - (1 - coverage) / 2) < 1e-9);
    const upper = QUANTILES.findIndex((level) => Math.abs(level - (1 + coverage) / 2) < 1e-9);
    if (lower < 0 || upper < 0) throw new RangeError(`no ${coverage} interval in QUANTILES`);
    out[lower] = quantileAtLevel(q, alpha / 2);
    out[upper] = quantileAtLevel(q, 1 - alpha / 2);
  }
  const m = Math.floor(out.length / 2);
  for (let j = m - 1; j >= 0; j--) out[j] = Math.min(out[j] as number, out[j + 1] as number);
  for (let j = m + 1; j < out.length; j++) out[j] = Math.max(out[j] as number, out[j - 1] as number);
  return out;
}
