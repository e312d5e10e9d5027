import { formatDuration } from "../src/format.js";
import type { RetrainOutcome, RetrainStatus } from "../src/lifecycle/retrainer.js";
import { MODEL_TIMEFRAMES, parseModelTimeframe } from "../src/model/horizons.js";
import { isoDay } from "../src/time.js";
import { defineCommand } from "./types.js";

/** Chat platforms limit message edits; one progress line per this many ms is plenty for a human. */
export const PROGRESS_INTERVAL_MS = 2_000;

/** One line per timeframe: what a retrain decided, with the numbers it decided on. */
export function describeRetrainOutcome(outcome: RetrainOutcome): string {
  if (outcome.decision === "failed") {
    return `${outcome.timeframe}: retrain failed, ${outcome.championId} keeps serving (${outcome.reason})`;
  }
  const verb =
    outcome.decision === "promote" ? `promoted ${outcome.promotedId}` : `kept ${outcome.championId}`;
  const { champion, challenger } = outcome.scores;
  const numbers =
    champion === null || challenger === null
      ? ""
      : ` [pinball loss ${challenger.pinball.toFixed(5)} vs ${champion.pinball.toFixed(5)}; ` +
        `median MAE ${challenger.mae.toFixed(2)} vs ${champion.mae.toFixed(2)}, persistence ${champion.naiveMae.toFixed(2)}; ` +
        `${outcome.window.origins} held-out forecasts from ${isoDay(outcome.window.start)}]`;
  return `${outcome.timeframe}: ${verb}: ${outcome.reason}${numbers}`;
}

/** "training the 1d model, 40% done (epoch 6/20, loss 0.0123, val 0.0131, ETA 1m 05s)". */
export function describeRetrainStatus(status: RetrainStatus): string {
  const e = status.epoch;
  const val = e?.valLoss == null ? "" : `, val ${e.valLoss.toFixed(4)}`;
  const epoch =
    e === undefined
      ? ""
      : ` (epoch ${e.epoch}/${e.epochs}, loss ${e.loss.toFixed(4)}${val}, ETA ${formatDuration(e.etaMs)})`;
  return `${status.phase} the ${status.timeframe} model, ${Math.round(status.fraction * 100)}% done${epoch}`;
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
  async ({ timeframe }, { services, progress }) => {
    const scope = timeframe === undefined ? {} : { timeframe: parseModelTimeframe(timeframe) };
    const which = scope.timeframe ?? MODEL_TIMEFRAMES.join(" and ");
    await progress(`Retraining the ${which} model${scope.timeframe ? "" : "s"}; this takes a few minutes.`);
    let last = Date.now();
    const outcomes = await services.forecasts.retrainer.retrain(scope, (status) => {
      const at = Date.now();
      if (at - last < PROGRESS_INTERVAL_MS) return;
      last = at;
      void progress(`Retrain: ${describeRetrainStatus(status)}.`);
    });
    const promoted = outcomes.filter((o) => o.decision === "promote").length;
    return {
      title:
        promoted > 0
          ? `Retrain done: ${promoted} new model${promoted === 1 ? "" : "s"} promoted`
          : "Retrain done: the serving models stay",
      lines: outcomes.map(describeRetrainOutcome),
      footer:
        "A challenger replaces the serving model only if its pinball loss on the newest held-out data is not worse.",
    };
  },
);
