import { SHIPPED_ID } from "../src/contracts/retrain.js";
import { formatDay, formatDuration, formatPercent } from "../src/format.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import type { RetrainOutcome, RetrainStatus } from "../src/lifecycle/retrainer.js";
import { MODEL_TIMEFRAMES, parseModelTimeframe } from "../src/model/horizons.js";
import { fixed, joinWords } from "./format.js";
import { defineCommand } from "./types.js";

/** Chat platforms limit message edits; one progress line per this many ms is plenty for a human. */
export const PROGRESS_INTERVAL_MS = 2_000;

/**
 * Why a retrain decided as it did, in the reader's language: English quotes the challenge rule's own words;
 * another language words the values the rule decided on (its catalogue's retrainReasons), or quotes the
 * English where an outcome carries none (a worker of an earlier version).
 */
function reasonText(outcome: RetrainOutcome, { t, locale }: I18n): string {
  if (locale === "en") return outcome.reason;
  if (outcome.decision === "failed") return t("retrainReasons.failed");
  const { why } = outcome;
  if (why === undefined) return outcome.reason;
  if (why.code === "needs-days")
    return t("retrainReasons.needs-days", {
      ...why,
      count: why.days,
      trainedUntil: formatDay(why.trainedUntil, locale),
    });
  return t(`retrainReasons.${why.code}`, why);
}

/** A version as a reply names it: a retrained one by its id, the shipped one in words ("the shipped model"). */
const versionName = (id: string | null, { t }: Pick<I18n, "t">) =>
  id === SHIPPED_ID ? t("retrain.shippedModel") : (id ?? "");

/** One line per timeframe: what a retrain decided, with the numbers it decided on, and why. */
export function describeRetrainOutcome(outcome: RetrainOutcome, i18n: I18n = ENGLISH): string {
  const { t, locale } = i18n;
  if (outcome.decision === "failed") {
    return t("retrain.failed", {
      timeframe: outcome.timeframe,
      champion: versionName(outcome.championId, i18n),
      reason: reasonText(outcome, i18n),
    });
  }
  const { champion, challenger } = outcome.scores;
  const numbers =
    champion === null || challenger === null
      ? ""
      : t("retrain.numbers", {
          pinball: fixed(challenger.pinball, 5, locale),
          championPinball: fixed(champion.pinball, 5, locale),
          mae: fixed(challenger.mae, 2, locale),
          championMae: fixed(champion.mae, 2, locale),
          naive: fixed(champion.naiveMae, 2, locale),
          origins: outcome.window.origins,
          start: formatDay(outcome.window.start, locale),
        });
  const promoted = outcome.decision === "promote";
  return t(promoted ? "retrain.promote" : "retrain.keep", {
    timeframe: outcome.timeframe,
    id: versionName(promoted ? outcome.promotedId : outcome.championId, i18n),
    reason: reasonText(outcome, i18n),
    numbers,
  });
}

/** "training the 1d model, 40% done (epoch 6/20, loss 0.0123, val 0.0131, ETA 1m 05s)". */
export function describeRetrainStatus(status: RetrainStatus, { t, locale }: I18n = ENGLISH): string {
  const e = status.epoch;
  const val = e?.valLoss == null ? "" : t("retrain.val", { val: fixed(e.valLoss, 4, locale) });
  const epoch =
    e === undefined
      ? ""
      : t("retrain.epoch", {
          epoch: e.epoch,
          epochs: e.epochs,
          loss: fixed(e.loss, 4, locale),
          val,
          eta: formatDuration(e.etaMs),
        });
  return t("retrain.status", {
    phase: t(`retrain.${status.phase}`),
    timeframe: status.timeframe,
    percent:
      locale === "en" ? `${Math.round(status.fraction * 100)}%` : formatPercent(status.fraction, 0, locale),
    epoch,
  });
}

export const retrainCommand = defineCommand(
  {
    name: "retrain",
    description: "Train a challenger on the latest data; it serves only if it scores no worse",
    options: [
      { name: "timeframe", description: "Which model (default: both)", choices: [...MODEL_TIMEFRAMES] },
    ],
    permission: "admin",
  },
  async ({ timeframe }, { services, progress, i18n = ENGLISH }) => {
    const { t } = i18n;
    const scope = timeframe === undefined ? {} : { timeframe: parseModelTimeframe(timeframe) };
    await progress(
      scope.timeframe === undefined
        ? t("retrain.startingAll", { timeframes: joinWords(MODEL_TIMEFRAMES, i18n.locale) })
        : t("retrain.startingOne", { timeframe: scope.timeframe }),
    );
    let last = Date.now();
    const outcomes = await services.forecasts.retrainer.retrain(scope, (status) => {
      const at = Date.now();
      if (at - last < PROGRESS_INTERVAL_MS) return;
      last = at;
      void progress(t("retrain.progress", { status: describeRetrainStatus(status, i18n) }));
    });
    const promoted = outcomes.filter((o) => o.decision === "promote").length;
    return {
      title: promoted > 0 ? t("retrain.promoted", { count: promoted }) : t("retrain.kept"),
      lines: outcomes.map((outcome) => describeRetrainOutcome(outcome, i18n)),
      footer: t("retrain.footer"),
    };
  },
);
