import type { RangeVerdict } from "../src/evaluation/range-verdict.js";
import { LEAK_ALARM_MASE } from "../src/evaluation/verdict.js";
import type { ForecastReport } from "../src/forecast/report.js";

/**
 * Every phrase of the verdict line, in one place (for translation): what the serving model is good at
 * out of sample, said of its range (CRPS against "no change", how often the 80% band held) and of its
 * median (no model beats "no change" on the median of crypto returns).
 */
export const VERDICT_TEXT = {
  outOfSample: "Out of sample",
  rangeBeats: (by: string) => `its range beat "no change" by ${by} (CRPS)`,
  rangeBeatsWithinNoise: (by: string) => `its range beat "no change" by ${by} (CRPS, within noise)`,
  rangeWorse: (by: string) => `its range did ${by} worse than "no change" (CRPS)`,
  rangeWorseWithinNoise: (by: string) => `its range did ${by} worse than "no change" (CRPS, within noise)`,
  bandHeld: (share: string) => `its 80% band held ${share} of outcomes`,
  medianIsNoChange:
    'its median is "no change" itself: no model beats that on crypto returns, and this one does not pretend to',
  medianBeats: (mase: string) => `its median beat "no change" too (MASE ${mase})`,
  leakAlarm: " (LEAK ALARM: a MASE below 0.9 on crypto returns is likelier a look-ahead than skill)",
  medianNoBetter: (mase: string) =>
    `its median does not beat "no change" (MASE ${mase}): no model does on crypto returns, so read the range, not the median`,
  notTrainedOnCoin: "Not trained on this coin",
  fittedJustNow: "Fitted on this coin's own history just now (not one of the shipped fits)",
  onCoinsNeverSeen: (coins: string) => `on coins it never saw (left out of its training: ${coins})`,
  onCoinsLeftOut: (coins: string) => `on coins left out of its fit (${coins})`,
  noUnseenRecord: (lead: string) => `${lead}, and no record yet of how it does on coins it never saw.`,
} as const;

const share = (value: number) => `${(value * 100).toFixed(0)}%`;
/** "2.6%": how far a CRPS ratio lies from 1, one decimal. */
const distance = (ratio: number) => `${(Math.abs(1 - ratio) * 100).toFixed(1)}%`;

function rangeClause(range: NonNullable<RangeVerdict["range"]>): string {
  const by = distance(range.ratio);
  if (range.ratio < 1)
    return range.significant ? VERDICT_TEXT.rangeBeats(by) : VERDICT_TEXT.rangeBeatsWithinNoise(by);
  return range.significant ? VERDICT_TEXT.rangeWorse(by) : VERDICT_TEXT.rangeWorseWithinNoise(by);
}

function medianClause(median: RangeVerdict["median"]): string | undefined {
  switch (median.kind) {
    case "no-change":
      return VERDICT_TEXT.medianIsNoChange;
    case "beats":
      return (
        VERDICT_TEXT.medianBeats(median.mase.toFixed(3)) +
        (median.mase < LEAK_ALARM_MASE ? VERDICT_TEXT.leakAlarm : "")
      );
    case "no-better":
      return VERDICT_TEXT.medianNoBetter(median.mase.toFixed(3));
    case "unknown":
      return undefined;
  }
}

/** The verdict's figures, after its lead: "its range beat ... and its 80% band held ...; its median ...". */
function verdictBody(verdict: RangeVerdict): string {
  const band = VERDICT_TEXT.bandHeld(share(verdict.coverage80));
  const range = verdict.range === null ? band : `${rangeClause(verdict.range)} and ${band}`;
  const median = medianClause(verdict.median);
  return median === undefined ? `${range}.` : `${range}; ${median}.`;
}

/**
 * One line on what the model is good at out of sample, for a forecast's reply: "Out of sample its range
 * beat "no change" by 2.6% (CRPS) and its 80% band held 81% of outcomes; its median is "no change" itself: ...".
 */
export function describeVerdict(verdict: RangeVerdict): string {
  return `${VERDICT_TEXT.outOfSample} ${verdictBody(verdict)}`;
}

/**
 * The verdict line of a report: the pair's own, or for a coin the serving model never trained on, its
 * leave-one-coin-out record with that said first. Undefined when nothing is recorded for a trained coin.
 */
export function verdictLine({
  verdict,
  unseen,
}: Pick<ForecastReport, "verdict" | "unseen">): string | undefined {
  if (unseen === undefined) return verdict === undefined ? undefined : describeVerdict(verdict);
  const lead = unseen.fittedOnItsOwnHistory ? VERDICT_TEXT.fittedJustNow : VERDICT_TEXT.notTrainedOnCoin;
  if (verdict === undefined || unseen.leftOut === null) return VERDICT_TEXT.noUnseenRecord(lead);
  const coins = unseen.leftOut.join(", ");
  const where = unseen.fittedOnItsOwnHistory
    ? VERDICT_TEXT.onCoinsLeftOut(coins)
    : VERDICT_TEXT.onCoinsNeverSeen(coins);
  return `${lead}; ${where}, ${verdictBody(verdict)}`;
}
