/**
 * The one direction rule, shared by the walk-forward's directional accuracy (metrics.ts) and the live track
 * record (forecast/track-record.ts), so that /accuracy and the evaluation reports score the same model alike.
 *
 * A forecast calls "up" when its median is above the last price (a log return above 0) and "down" when it
 * is below. A median equal to the last price, which under the piecewise-linear CDF of probabilityUp
 * (model/quantile-math.ts) is P(up) exactly 0.5, makes NO call: a zero-drift model (persistence, the
 * volatility models, the served network with its pinned median) is left out of the hit rate instead of being
 * scored as always "up" or always "not up", which would report the market's up-rate or down-rate as its skill.
 *
 * The market went "up" only when the actual close is strictly above the last price; a close equal to it (a
 * flat or gap-filled candle) counts as "not up", so a "down" call reads "not up" and is a hit there. For a
 * model that always calls, this is the rule the evaluation used before calls were counted, so its recorded
 * figures stand.
 */
type DirectionCall = "up" | "down";

/**
 * The call of a forecast whose median moves the price by `predictedChange` (median minus last price, or the
 * median log return: only the sign counts); null when it makes none.
 */
function directionCall(predictedChange: number): DirectionCall | null {
  if (predictedChange > 0) return "up";
  if (predictedChange < 0) return "down";
  return null;
}

/** Whether the call matched the outcome `actualChange` (actual minus last price, or the log return); null: no call. */
export function directionHit(predictedChange: number, actualChange: number): boolean | null {
  const call = directionCall(predictedChange);
  if (call === null) return null;
  return call === "up" ? actualChange > 0 : !(actualChange > 0);
}

/**
 * The calls of a recorded walk-forward entry. Reports written before calls were counted lack them: there a
 * median identical to persistence's at every point (MASE exactly 1 and no DM test, whose differentials were
 * all 0), which is the last price, made no call; any other entry reads as recorded (undefined).
 */
export function recordedCalls(metrics: {
  mase: number | null;
  dm: unknown;
  direction: { calls?: number };
}): number | undefined {
  if (metrics.direction.calls !== undefined) return metrics.direction.calls;
  return metrics.mase === 1 && metrics.dm === null ? 0 : undefined;
}
