import { SHIPPED_ID } from "../src/contracts/retrain.js";
import { isUserError } from "../src/errors.js";
import { fleetStatusLines } from "../src/fleet/status-lines.js";
import type { ModelReport } from "../src/forecast/report.js";
import { formatDateTime, formatDay } from "../src/format.js";
import { ENGLISH, type I18n, type Locale } from "../src/i18n/index.js";
import { userErrorLines } from "../src/i18n/user-error.js";
import { joinWords, share, skillText } from "./format.js";
import { MODEL_TEXT, MODEL_TEXTS, type ModelText } from "./model-text.js";
import { defineCommand, type Reply } from "./types.js";

/** The table's words and numbers in one language: English's by hand (pinned by tests), others' through Intl. */
interface Wording {
  text: ModelText;
  locale: Locale;
  /** "81%", "n/a" while unknown. */
  share(value: number | null, digits?: number): string;
  /** "+3.2%", or a dash where the evaluation kept no CRPS. */
  skill(ratio: number | null): string;
}

function wordingFor(locale: Locale): Wording {
  const text = MODEL_TEXTS[locale];
  return {
    text,
    locale,
    share: (value, digits = 0) => (value === null ? text.unknown : share(value, digits, locale)),
    skill: (ratio) => skillText(ratio, locale),
  };
}

/** One row of the table: a timeframe's serving model, when it was trained to, its range and its band. */
function modelRow(report: ModelReport, w: Wording, i18n: I18n): { name: string; value: string } {
  const MODEL_TEXT = w.text;
  const name = MODEL_TEXT.rowName(report.timeframe);
  if ("unavailable" in report) return { name, value: userErrorLines(report.unavailable, i18n).join(" ") };
  const { champion, skill } = report;
  const trainedUntil =
    formatDay(champion.meta.trainedUntil, w.locale) +
    (champion.id === SHIPPED_ID
      ? ""
      : MODEL_TEXT.retrained(formatDateTime(champion.promotedAt ?? 0, w.locale)));
  if (skill.length === 0) return { name, value: MODEL_TEXT.noEvaluation(champion.meta.name, trainedUntil) };
  const ranges = skill.map((s) => MODEL_TEXT.skillAt(w.skill(s.crpsRatio), s.name)).join(", ");
  const bands = skill.map((s) => w.share(s.coverage80)).join(", ");
  return {
    name,
    value: MODEL_TEXT.row(champion.meta.name, trainedUntil, ranges, bands, pooledCoins(report, w)),
  };
}

/** The live adaptive interval levels, for admins: statistics of this deployment, not of the model. */
function adaptiveLines(reports: readonly ModelReport[], w: Wording): string[] {
  const MODEL_TEXT = w.text;
  return reports.flatMap((report) =>
    "unavailable" in report
      ? []
      : report.adaptive.flatMap(({ horizon, intervals }) => {
          const learned = intervals.filter((i) => i.updates > 0);
          if (learned.length === 0) return [];
          const levels = learned.map((i) =>
            MODEL_TEXT.adaptiveLevel(
              w.share(i.coverage),
              w.share(1 - i.alpha, 1),
              w.share(i.observedCoverage),
            ),
          );
          return [MODEL_TEXT.adaptive(horizon, learned[0]?.updates ?? 0, levels.join(", "))];
        }),
  );
}

/**
 * The pairs one timeframe's figures pool, "BTC/USDT, ETH/USDT and XRP/USDT": its own evaluation's (each
 * timeframe's model is evaluated on its own coins); the language's "every pair" where none is recorded.
 */
function pooledCoins({ coins }: { coins: readonly string[] }, w: Wording): string {
  return coins.length === 0 ? w.text.everyPair : joinWords(coins, w.locale);
}

export const modelCommand = defineCommand(
  { name: "model", description: MODEL_TEXT.description, options: [], permission: "everyone" },
  async (_args, { services, caller, i18n = ENGLISH }): Promise<Reply> => {
    const w = wordingFor(i18n.locale);
    const reports = await services.forecasts.models();
    const fleet = async (): Promise<string[]> =>
      services.fleetStatus === undefined
        ? []
        : services.fleetStatus().then(
            (status) => fleetStatusLines(status, i18n),
            (error: unknown) => {
              // The queue's Redis away: the models are still described, with the reason there is no fleet line.
              if (isUserError(error)) return userErrorLines(error, i18n);
              throw error;
            },
          );
    // Worker hosts, queue depth and live interval levels are operations detail: admins only.
    const admin = caller.isAdmin ? [...adaptiveLines(reports, w), ...(await fleet())] : [];
    // "Out of sample", but the window also chose the recipe: said as /faq accuracy and the model card say it.
    const reused = reports.some((r) => !("unavailable" in r) && r.about.reusedTestWindow)
      ? [i18n.t("faq.accuracy.reused")]
      : [];
    return {
      title: w.text.title,
      fields: reports.map((report) => modelRow(report, w, i18n)),
      lines: [...reused, ...admin],
      footer: w.text.footer(services.fleetStatus === undefined ? w.text.inThread : w.text.onFleet),
    };
  },
);
