import type { RangeVerdict } from "../src/evaluation/range-verdict.js";
import { LEAK_ALARM_MASE } from "../src/evaluation/verdict.js";
import type { ForecastReport, ScoredIn } from "../src/forecast/report.js";
import { formatNumber, formatPercent } from "../src/format.js";
import type { Locale } from "../src/i18n/index.js";
import { VERDICT_TEXTS, type VerdictText } from "./verdict-text.js";

/**
 * A verdict's words and its numbers in one language: English's written by hand (replies pinned by tests),
 * the others' through Intl ("81 %", "2,6 %", "1,002").
 */
interface Wording {
  text: VerdictText;
  share(value: number): string;
  /** "2.6%": how far a CRPS ratio lies from 1, one decimal. */
  distance(ratio: number): string;
  mase(value: number): string;
}

function wordingFor(locale: Locale): Wording {
  if (locale === "en")
    return {
      text: VERDICT_TEXTS.en,
      share: (value) => `${(value * 100).toFixed(0)}%`,
      distance: (ratio) => `${(Math.abs(1 - ratio) * 100).toFixed(1)}%`,
      mase: (value) => value.toFixed(3),
    };
  return {
    text: VERDICT_TEXTS[locale],
    share: (value) => formatPercent(value, 0, locale),
    distance: (ratio) => formatPercent(Math.abs(1 - ratio), 1, locale),
    mase: (value) => formatNumber(value, 3, locale),
  };
}

function rangeClause(range: NonNullable<RangeVerdict["range"]>, w: Wording): string {
  const VERDICT_TEXT = w.text;
  const by = w.distance(range.ratio);
  if (range.ratio < 1)
    return range.significant ? VERDICT_TEXT.rangeBeats(by) : VERDICT_TEXT.rangeBeatsWithinNoise(by);
  return range.significant ? VERDICT_TEXT.rangeWorse(by) : VERDICT_TEXT.rangeWorseWithinNoise(by);
}

function medianClause(median: RangeVerdict["median"], w: Wording): string | undefined {
  const VERDICT_TEXT = w.text;
  switch (median.kind) {
    case "no-change":
      return VERDICT_TEXT.medianIsNoChange;
    case "beats":
      return (
        VERDICT_TEXT.medianBeats(w.mase(median.mase)) +
        (median.mase < LEAK_ALARM_MASE ? VERDICT_TEXT.leakAlarm : "")
      );
    case "no-better":
      return VERDICT_TEXT.medianNoBetter(w.mase(median.mase));
    case "unknown":
      return undefined;
  }
}

/** The verdict's figures, after its lead: "its range beat ... and its 80% band held ...; its median ...". */
function verdictBody(verdict: RangeVerdict, w: Wording): string {
  const held = w.share(verdict.coverage80);
  const range =
    verdict.range === null
      ? w.text.bandHeldAlone(held)
      : w.text.rangeAndBand(rangeClause(verdict.range, w), w.text.bandHeld(held));
  const median = medianClause(verdict.median, w);
  return median === undefined ? `${range}.` : `${range}; ${median}.`;
}

/**
 * One line on what the model is good at out of sample, for a forecast's reply: "Out of sample its range
 * beat "no change" by 2.6% (CRPS) and its 80% band held 81% of outcomes; its median is "no change" itself: ...".
 */
export function describeVerdict(verdict: RangeVerdict, locale: Locale = "en"): string {
  const w = wordingFor(locale);
  return `${w.text.outOfSample} ${verdictBody(verdict, w)}`;
}

/**
 * The verdict line of a report: the pair's own (from the timeframe's evaluation, or its row of the served
 * recipe's global walk-forward with where that was measured said first), or for a coin the serving model
 * never trained on, that said first and then its own held-out row or the held-out coins' record.
 * Undefined when nothing is recorded for a trained coin.
 */
export function verdictLine(
  { verdict, unseen, scoredIn }: Pick<ForecastReport, "verdict" | "unseen" | "scoredIn">,
  locale: Locale = "en",
): string | undefined {
  const w = wordingFor(locale);
  const VERDICT_TEXT = w.text;
  const onCoin = (phrase: VerdictText["onCoin"], { symbol, from, to, heldOut }: ScoredIn) =>
    phrase(
      symbol,
      from === to ? String(from) : `${from}-${to}`,
      heldOut ? VERDICT_TEXT.heldOutThere : VERDICT_TEXT.trainedOnThere,
    );
  if (unseen === undefined) {
    if (verdict === undefined) return undefined;
    if (scoredIn === undefined) return describeVerdict(verdict, locale);
    return `${onCoin(VERDICT_TEXT.onCoin, scoredIn)} ${verdictBody(verdict, w)}`;
  }
  const lead = unseen.fittedOnItsOwnHistory ? VERDICT_TEXT.fittedJustNow : VERDICT_TEXT.notTrainedOnCoin;
  if (verdict === undefined || unseen.leftOut === null) return VERDICT_TEXT.noUnseenRecord(lead);
  const coins = unseen.leftOut.join(", ");
  const where =
    scoredIn !== undefined
      ? onCoin(VERDICT_TEXT.onThisCoin, scoredIn)
      : unseen.fittedOnItsOwnHistory
        ? VERDICT_TEXT.onCoinsLeftOut(coins)
        : VERDICT_TEXT.onCoinsNeverSeen(coins);
  return `${lead}; ${where}, ${verdictBody(verdict, w)}`;
}
