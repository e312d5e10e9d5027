import { isUserError } from "../src/errors.js";
import { fleetStatusLines } from "../src/fleet/status-lines.js";
import type { ModelReport } from "../src/forecast/report.js";
import type { SHIPPED_ID } from "../src/lifecycle/model-registry.js";
import { isoDay, utcMinute } from "../src/time.js";
import { percent, signedPercent } from "./format.js";
import { defineCommand, type Reply } from "./types.js";

// Type-checked against the registry's constant without loading the registry (and TensorFlow.js) here.
const SHIPPED: typeof SHIPPED_ID = "shipped";

/** Every phrase of /model, in one place (for translation). */
export const MODEL_TEXT = {
  description: "The serving models in brief: model, trained until, range skill and 80% band out of sample",
  title: "The models",
  rowName: (timeframe: string) => `${timeframe} model`,
  row: (model: string, trainedUntil: string, skill: string, band: string) =>
    `${model}, trained until ${trainedUntil} | range skill ${skill} | 80% band held ${band}`,
  skillAt: (skill: string, horizon: string) => `${skill} at ${horizon}`,
  noEvaluation: (model: string, trainedUntil: string) =>
    `${model}, trained until ${trainedUntil} | no out-of-sample evaluation recorded`,
  retrained: (since: string) => ` (retrained, serving since ${since} UTC; figures of the shipped version)`,
  adaptive: (horizon: string, updates: number, levels: string) =>
    `Adaptive intervals at ${horizon} (from ${updates} scored forecasts): ${levels}`,
  adaptiveLevel: (coverage: string, level: string, observed: string) =>
    `${coverage} served at level ${level} (observed ${observed})`,
  inThread: "Forecasts run in a worker thread",
  onFleet: "Forecasts run on the fleet's workers (coincast worker)",
  footer: (where: string) =>
    'Range skill: how much closer the forecast range came to what happened than "no change" did, out of ' +
    'sample (CRPS, every pair pooled); above 0 beats it. On the median no model beats "no change" on crypto ' +
    `returns: read the range. /faq accuracy and the model cards have the statistics. ${where}.`,
} as const;

/** "+3.2%", or a dash where the evaluation kept no CRPS. */
const skillOf = (ratio: number | null) => (ratio === null ? "—" : signedPercent(1 - ratio));

/** One row of the table: a timeframe's serving model, when it was trained to, its range and its band. */
function modelRow(report: ModelReport): { name: string; value: string } {
  const name = MODEL_TEXT.rowName(report.timeframe);
  if ("unavailable" in report) return { name, value: report.unavailable };
  const { champion, skill } = report;
  const trainedUntil =
    isoDay(champion.meta.trainedUntil) +
    (champion.id === SHIPPED ? "" : MODEL_TEXT.retrained(utcMinute(champion.promotedAt ?? 0)));
  if (skill.length === 0) return { name, value: MODEL_TEXT.noEvaluation(champion.meta.name, trainedUntil) };
  const ranges = skill.map((s) => MODEL_TEXT.skillAt(skillOf(s.crpsRatio), s.name)).join(", ");
  const bands = skill.map((s) => percent(s.coverage80)).join(", ");
  return { name, value: MODEL_TEXT.row(champion.meta.name, trainedUntil, ranges, bands) };
}

/** The live adaptive interval levels, for admins: statistics of this deployment, not of the model. */
function adaptiveLines(reports: readonly ModelReport[]): string[] {
  return reports.flatMap((report) =>
    "unavailable" in report
      ? []
      : report.adaptive.flatMap(({ horizon, intervals }) => {
          const learned = intervals.filter((i) => i.updates > 0);
          if (learned.length === 0) return [];
          const levels = learned.map((i) =>
            MODEL_TEXT.adaptiveLevel(
              percent(i.coverage),
              `${(100 * (1 - i.alpha)).toFixed(1)}%`,
              percent(i.observedCoverage),
            ),
          );
          return [MODEL_TEXT.adaptive(horizon, learned[0]?.updates ?? 0, levels.join(", "))];
        }),
  );
}

export const modelCommand = defineCommand(
  { name: "model", description: MODEL_TEXT.description, options: [], permission: "everyone" },
  async (_args, { services, caller }): Promise<Reply> => {
    const reports = await services.forecasts.models();
    const fleet = async (): Promise<string[]> =>
      services.fleetStatus === undefined
        ? []
        : services.fleetStatus().then(fleetStatusLines, (error: unknown) => {
            // The queue's Redis away: the models are still described, with the reason there is no fleet line.
            if (isUserError(error)) return [error.message];
            throw error;
          });
    // Worker hosts, queue depth and live interval levels are operations detail: admins only.
    const admin = caller.isAdmin ? [...adaptiveLines(reports), ...(await fleet())] : [];
    return {
      title: MODEL_TEXT.title,
      fields: reports.map(modelRow),
      lines: admin,
      footer: MODEL_TEXT.footer(
        services.fleetStatus === undefined ? MODEL_TEXT.inThread : MODEL_TEXT.onFleet,
      ),
    };
  },
);
