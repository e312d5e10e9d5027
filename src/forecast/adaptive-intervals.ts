import { type AciInterval, replayAci } from "../model/calibration/adaptive-conformal.js";
import type { Ledger } from "./ledger.js";

/** Scored forecasts replayed per horizon: the most recent ones carry the regime, and replay stays cheap. */
const MAX_REPLAYED = 2_000;

/**
 * The adaptive conformal levels (Gibbs & Candès 2021) of the 80% and 95% intervals for a horizon, learned
 * from the ledger's scored forecasts of every symbol, oldest first: each outcome inside or outside the
 * interval that was actually served moves the level for the next forecast. See model/calibration/adaptive-conformal.ts.
 */
export async function adaptiveIntervals(
  ledger: Pick<Ledger, "scored">,
  horizon: string,
): Promise<AciInterval[]> {
  const newestFirst = await ledger.scored({ horizon, limit: MAX_REPLAYED });
  const oldestFirst = [...newestFirst].reverse();
  return [
    replayAci(
      0.8,
      oldestFirst.map((e) => e.score.inside80),
    ),
    replayAci(
      0.95,
      oldestFirst.map((e) => e.score.inside95),
    ),
  ];
}
