import { isNoChangeMase } from "../src/evaluation/range-verdict.js";
import type { ModelReport } from "../src/forecast/report.js";
import { formatDay } from "../src/format.js";
import type { I18n } from "../src/i18n/index.js";
import { userErrorLines } from "../src/i18n/user-error.js";
import { QUANTILES } from "../src/model/types.js";
import { fixed, joinWords, share, skillText } from "./format.js";

/**
 * The /faq answers that describe the serving models and their figures, written from what serves (its
 * meta.json files) and from the walk-forward recorded beside it (models/evaluation/<tf>/), as /model is:
 * a retrained or replaced model is described as it is, never as the text once said. The words are the
 * catalogue's (faq.model, faq.accuracy); the figures are written as the reader's language writes numbers.
 */

type Available = Exclude<ModelReport, { unavailable: unknown }>;
type HorizonFigures = Available["skill"];

const available = (reports: readonly ModelReport[]): Available[] =>
  reports.filter((r): r is Available => !("unavailable" in r));

/** "38% at 1d, 62% at 3d, 88% at 7d". */
const atEach = (values: readonly string[], horizons: readonly string[], { t }: I18n) =>
  values.map((value, i) => t("faq.at", { value, horizon: horizons[i] ?? "?" })).join(", ");

/** "+3.1% at 1d, +2.8% at 3d, +1.9% at 7d" (CRPS against "no change"'s, above 0 beats it). */
const skills = (figures: HorizonFigures, words: I18n, daily = false) =>
  atEach(
    figures.map((s) => skillText(daily ? s.crpsRatioDaily : s.crpsRatio, words.locale)),
    figures.map((s) => s.name),
    words,
  );

/** Whether the median was "no change" itself on every pair and horizon of the evaluation (MASE 1.000). */
const medianIsNoChange = (figures: HorizonFigures) =>
  figures.length > 0 && figures.every((s) => isNoChangeMase(s.worstMase));

/** "cnn-gru network", "HAR-RV (statistical: …)": what the model is, in the reader's words. */
function kindWords({ made }: Available["about"], { t }: I18n): string {
  if ("network" in made) return t("faq.model.network", { architecture: made.network });
  const [member] = made.statistical;
  return made.statistical.length === 1
    ? t("faq.model.single", { member })
    : t("faq.model.average", { members: made.statistical.join(", ") });
}

function describe(report: Available, words: I18n): string {
  const { t, locale } = words;
  const { timeframe, champion, about, skill } = report;
  const { name } = champion.meta;
  const description = kindWords(about, words);
  const horizons = skill.map((s) => s.name);
  if (about.anchored === undefined)
    return t("faq.model.plain", {
      timeframe,
      name,
      description,
      coins: t("faq.model.coins", { count: about.coins }),
    });
  const { seeds, networkShare } = about.anchored;
  const shares = atEach(
    networkShare.map((w) => share(w, 0, locale)),
    horizons.length === networkShare.length
      ? horizons
      : networkShare.map((_, i) => t("faq.horizonN", { n: i + 1 })),
    words,
  );
  return t("faq.model.anchored", {
    timeframe,
    name,
    description,
    trainedOn: t("faq.model.trainedOn", { count: about.coins }),
    seeds: t("faq.model.seeds", { count: seeds }),
    shares,
  });
}

/** The quantile levels every model gives, "2.5%, 10%, 50%, 90%, 97.5%", as the language writes them. */
const levels = (locale: I18n["locale"]) =>
  QUANTILES.map((q) => share(q, Number.isInteger(q * 100) ? 0 : 1, locale)).join(", ");

/** /faq model: what each timeframe's serving model is, and how it was chosen. */
export function modelAnswer(reports: readonly ModelReport[], words: I18n): string[] {
  const { t } = words;
  const served = available(reports);
  const lines = [
    ...served.map((r) => describe(r, words)),
    ...reports.flatMap((r) =>
      "unavailable" in r
        ? [
            t("faq.model.unavailable", {
              timeframe: r.timeframe,
              reason: userErrorLines(r.unavailable, words).join(" "),
            }),
          ]
        : [],
    ),
  ];
  const pinned = served.every((r) => medianIsNoChange(r.skill));
  lines.push(
    t("faq.model.quantiles", { levels: levels(words.locale), pinned: pinned ? t("faq.model.pinned") : "" }),
    t("faq.model.chosen"),
    ...served.flatMap((r) => behindLine(r, words)),
  );
  return lines;
}

/**
 * Where HAR-RV's range is ahead of the serving network's at one step on the coins the recorded evaluation
 * holds (a network that won the rule over all the coins it trained on may still lose on those): said, not
 * left for the reader to spot in /faq accuracy.
 */
function behindLine(report: Available, words: I18n): string[] {
  const [model] = report.skill;
  const [har] = report.baseline;
  if (model?.crpsRatio == null || har?.crpsRatio == null || har.crpsRatio >= model.crpsRatio) return [];
  return [
    words.t("faq.model.behind", {
      coins: joinWords(report.coins, words.locale),
      timeframe: report.timeframe,
      horizon: model.name,
      har: skillText(har.crpsRatio, words.locale),
      model: skillText(model.crpsRatio, words.locale),
    }),
  ];
}

function figuresLine(report: Available, words: I18n): string {
  const { t, locale } = words;
  const { timeframe, champion, skill, baseline } = report;
  const name = champion.meta.name;
  if (skill.length === 0) return t("faq.accuracy.none", { timeframe, name });
  const har = baseline.length > 0 ? t("faq.accuracy.har", { skills: skills(baseline, words) }) : "";
  const bands = atEach(
    skill.map((s) => (s.coverage80 === null ? t("accuracy.notAvailable") : share(s.coverage80, 0, locale))),
    skill.map((s) => s.name),
    words,
  );
  const coins = joinWords(report.coins, locale);
  return t("faq.accuracy.figures", { timeframe, name, skills: skills(skill, words), har, bands, coins });
}

/**
 * The same ranges against a "no change" whose spread is never stale ("1d model: +1.7% at 1d, …; 4h model: …"),
 * where every served evaluation holds it.
 */
function dailyLine(served: readonly Available[], words: I18n): string[] {
  const all = served.every((r) => r.skill.length > 0 && r.skill.every((s) => s.crpsRatioDaily !== null));
  if (served.length === 0 || !all) return [];
  const perModel = served.map((r) => `${r.timeframe}: ${skills(r.skill, words, true)}`).join("; ");
  return [words.t("faq.accuracy.daily", { skills: perModel })];
}

/** /faq accuracy: the direction (nobody), the range (the figures), the bands. */
export function accuracyAnswer(reports: readonly ModelReport[], words: I18n): string[] {
  const { t, locale } = words;
  const served = available(reports);
  const periods = served.flatMap((r) => (r.period === undefined ? [] : [r.period]));
  const span =
    periods.length === 0
      ? ""
      : t("faq.accuracy.span", {
          start: formatDay(Math.min(...periods.map((p) => p.start)), locale),
          end: formatDay(Math.max(...periods.map((p) => p.end)), locale),
        });
  const pinned = served.length > 0 && served.every((r) => medianIsNoChange(r.skill));
  return [
    pinned
      ? t("faq.accuracy.pinned", { span, mase: fixed(1, 3, locale), half: share(0.5, 0, locale) })
      : t("faq.accuracy.coinToss", { span, mases: worstMases(served, locale) }),
    t("faq.accuracy.size"),
    ...served.map((r) => figuresLine(r, words)),
    ...dailyLine(served, words),
    // The networks' recipes were chosen with this window scored more than once (README, issue 27).
    ...(served.some((r) => r.about.reusedTestWindow) ? [t("faq.accuracy.reused")] : []),
    t("faq.accuracy.read"),
    t("faq.accuracy.more"),
  ];
}

/** "1d 1.005 / 1.000 / 1.000; 4h …": each timeframe's worst-pair MASE per horizon. */
function worstMases(reports: readonly Available[], locale: I18n["locale"]): string {
  return reports
    .map(
      (r) => `${r.timeframe} ${r.skill.map((s) => fixed(s.worstMase ?? Number.NaN, 3, locale)).join(" / ")}`,
    )
    .join("; ");
}
