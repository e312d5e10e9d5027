import { applyPlatt, fitPlatt, type PlattParams } from "../model/calibration/platt.js";
import { probabilityUp } from "../model/quantile-math.js";
import { brierMetrics } from "./probabilistic.js";
import type { EvaluationEntry } from "./score.js";

/** Outcomes a Platt fit needs before it replaces the raw P(up). */
export const MIN_CALIBRATION_OUTCOMES = 100;
/** The Platt fit is redone every this many days of origins, on every outcome known by then. */
export const RECALIBRATION_DAYS = 30;
const DAY_MS = 86_400_000;

interface Point {
  time: number;
  p: number;
  up: boolean;
}

/**
 * Platt-recalibrated P(up) for the points of one model at one horizon, all pairs together, with no look-ahead:
 * the fit used at origin t is made at the last refit time T <= t (every RECALIBRATION_DAYS from the first
 * origin, so within every fold too) on the points whose outcome candle opened at or before T
 * (origin + horizon * stepMs <= T), i.e. held-out forecasts of the past only. Null where fewer than
 * MIN_CALIBRATION_OUTCOMES outcomes were known.
 */
export function rollingPlatt(
  points: readonly Point[],
  horizonMs: number,
  refitMs = RECALIBRATION_DAYS * DAY_MS,
): { p: (number | null)[]; fits: (PlattParams | null)[] } {
  const order = points.map((_, i) => i).sort((i, j) => (points[i] as Point).time - (points[j] as Point).time);
  const first = points.length === 0 ? 0 : (points[order[0] as number] as Point).time;
  const out: (number | null)[] = points.map(() => null);
  const fits: (PlattParams | null)[] = points.map(() => null);
  let boundary = Number.NEGATIVE_INFINITY;
  let fit: PlattParams | null = null;
  for (const i of order) {
    const point = points[i] as Point;
    const refit = first + Math.floor((point.time - first) / refitMs) * refitMs;
    if (refit !== boundary) {
      boundary = refit;
      const known = points.filter((q) => q.time + horizonMs <= boundary);
      fit =
        known.length < MIN_CALIBRATION_OUTCOMES
          ? null
          : fitPlatt(
              known.map((q) => q.p),
              known.map((q) => q.up),
            );
    }
    fits[i] = fit;
    out[i] = fit === null ? null : applyPlatt(fit, point.p);
  }
  return { p: out, fits };
}

/**
 * Adds `metrics.brierRecalibrated` to the entries of the first horizon: each model's P(up) recalibrated by
 * rollingPlatt over all its pairs, scored per pair against the same outcomes and climatology as the raw one.
 */
export function attachRecalibratedBrier(entries: EvaluationEntry[], horizon: number, stepMs: number): void {
  const models = [...new Set(entries.filter((e) => e.horizon === horizon).map((e) => e.model))];
  for (const model of models) {
    const own = entries.filter((e) => e.model === model && e.horizon === horizon && e.records.length > 0);
    const points = own.flatMap((e) =>
      e.records.map((r) => ({
        time: r.originTime,
        p: probabilityUp(r.quantiles),
        up: r.actualClose > r.originClose,
      })),
    );
    const { p, fits } = rollingPlatt(points, horizon * stepMs);
    let offset = 0;
    for (const entry of own) {
      const n = entry.records.length;
      const raw = points.slice(offset, offset + n);
      const recal = p.slice(offset, offset + n);
      const used = fits.slice(offset, offset + n);
      offset += n;
      const brier = brierMetrics(
        raw.map((q, t) => recal[t] ?? q.p),
        raw.map((q) => q.up),
        entry.records.map((r) => r.baseRate ?? 0.5),
      );
      entry.metrics.brierRecalibrated = {
        ...brier,
        recalibrated: recal.filter((v) => v !== null).length,
        last: used.findLast((f) => f !== null) ?? null,
      };
    }
  }
}
