import type { ModelReport } from "../src/forecast/report.js";
import { formatDay } from "../src/format.js";
import { percent, signedPercent } from "./format.js";

/**
 * The /faq answers that describe the serving models and their figures, written from what serves (its
 * meta.json files) and from the walk-forward recorded beside it (models/evaluation/<tf>/), as /model is:
 * a retrained or replaced model is described as it is, never as the text once said. English only, as /faq.
 */

type Available = Exclude<ModelReport, { unavailable: string }>;
type HorizonFigures = Available["skill"];

const available = (reports: readonly ModelReport[]): Available[] =>
  reports.filter((r): r is Available => !("unavailable" in r));

/** "38% at 1d, 62% at 3d, 88% at 7d". */
const atEach = (values: readonly string[], horizons: readonly string[]) =>
  values.map((v, i) => `${v} at ${horizons[i] ?? "?"}`).join(", ");

/** "+3.1% at 1d, +2.8% at 3d, +1.9% at 7d" (CRPS against "no change"'s, above 0 beats it). */
const skills = (figures: HorizonFigures) =>
  atEach(
    figures.map((s) => (s.crpsRatio === null ? "n/a" : signedPercent(1 - s.crpsRatio))),
    figures.map((s) => s.name),
  );

/** Whether the median was "no change" itself on every pair and horizon of the evaluation (MASE 1.000). */
const medianIsNoChange = (figures: HorizonFigures) =>
  figures.length > 0 && figures.every((s) => s.worstMase !== null && Math.abs(s.worstMase - 1) < 0.0005);

function describe(report: Available): string {
  const { timeframe, champion, about, skill } = report;
  const { name } = champion.meta;
  const horizons = skill.map((s) => s.name);
  if (about.anchored === undefined)
    return `The ${timeframe} model is ${name}: ${about.description}, fitted on ${about.coins} coins.`;
  const { seeds, networkShare } = about.anchored;
  const shares = atEach(
    networkShare.map((w) => percent(w)),
    horizons.length === networkShare.length ? horizons : networkShare.map((_, i) => `horizon ${i + 1}`),
  );
  return (
    `The ${timeframe} model is ${name}: one ${about.description} for ` +
    `all ${about.coins} coins it trained on, reading only symbol-free inputs (returns, ranges, indicators and ` +
    "realised volatility of recent candles). It is anchored on HAR-RV: it starts from HAR-RV's volatility " +
    "forecast for the coin, times the spread of past returns in units of that forecast, and learns a " +
    `correction of their scale and shape. ${seeds === 1 ? "One network serves" : `${seeds} networks from different seeds are averaged`}; ` +
    `the share of their departure from HAR-RV that is served was chosen on validation windows: ${shares}.`
  );
}

/** /faq model: what each timeframe's serving model is, and how it was chosen. */
export function modelAnswer(reports: readonly ModelReport[]): string[] {
  const served = available(reports);
  const lines = [
    ...served.map(describe),
    ...reports.flatMap((r) => ("unavailable" in r ? [`The ${r.timeframe} model: ${r.unavailable}`] : [])),
  ];
  const pinned = served.every((r) => medianIsNoChange(r.skill));
  lines.push(
    "Each model gives five quantiles of the return (2.5%, 10%, 50%, 90%, 97.5%), not one price: " +
      (pinned ? "the median is no change; " : "") +
      "the 80% and 95% intervals are the likely size of the move.",
    "What serves was chosen by a rule, out of sample: the lowest CRPS (the score of the whole forecast range) " +
      'among models whose median is no worse than "no change", against GARCH, EWMA, HAR-RV, their averages ' +
      "and the networks (/faq accuracy has the figures; the model cards and README every coin's).",
  );
  return lines;
}

function figuresLine(report: Available): string {
  const { timeframe, champion, skill, baseline } = report;
  if (skill.length === 0)
    return `The ${timeframe} model (${champion.meta.name}): no out-of-sample evaluation is recorded for it.`;
  const har =
    baseline.length > 0 ? `; HAR-RV's, the statistical model it is held against, ${skills(baseline)}` : "";
  const bands = atEach(
    skill.map((s) => percent(s.coverage80)),
    skill.map((s) => s.name),
  );
  return (
    `The ${timeframe} model (${champion.meta.name}): its range beat "no change" by ${skills(skill)} ` +
    `(CRPS, every pair of the walk-forward pooled)${har}. Outcomes inside its 80% interval: ${bands}.`
  );
}

/** /faq accuracy: the direction (nobody), the range (the figures), the bands. */
export function accuracyAnswer(reports: readonly ModelReport[]): string[] {
  const served = available(reports);
  const periods = served.flatMap((r) => (r.period === undefined ? [] : [r.period]));
  const span =
    periods.length === 0
      ? ""
      : ` (walk-forward of origins ${formatDay(Math.min(...periods.map((p) => p.start)))} to ` +
        `${formatDay(Math.max(...periods.map((p) => p.end)))}, each refit on the past only)`;
  const pinned = served.length > 0 && served.every((r) => medianIsNoChange(r.skill));
  return [
    pinned
      ? `Honestly: nobody here can forecast the direction. Out of sample${span} the median is "no change", ` +
        "so its MASE is 1.000, and P(up) is 50%."
      : `Honestly: the direction is close to a coin toss. Out of sample${span} the medians' MASE against ` +
        `"no change" on the worst pair was ${worstMases(served)}.`,
    "What it can forecast is the size of the move:",
    ...served.map(figuresLine),
    "So read the median as no change, and the interval as the size of the likely move.",
    "Every forecast shows its model's verdict for that coin and horizon; /model has the table, and /accuracy " +
      'shows how the forecasts served here have fared since, against the same "no change" bar.',
  ];
}

function worstMases(reports: readonly Available[]): string {
  return reports
    .map((r) => `${r.timeframe} ${r.skill.map((s) => (s.worstMase ?? Number.NaN).toFixed(3)).join(" / ")}`)
    .join("; ");
}
