import type { RangeVerdict } from "../src/evaluation/range-verdict.js";
import { type Verdict, verdicts } from "../src/evaluation/verdict.js";
import type { ForecastReport } from "../src/forecast/report.js";
import type { ModelTimeframe } from "../src/model/horizons.js";
import type { CommandServices } from "./types.js";

/**
 * The recorded out-of-sample verdicts of the model serving `timeframe`, one per symbol and horizon (in
 * candles), or none when no evaluation is recorded.
 */
export async function servingVerdicts(
  services: Pick<CommandServices, "forecasts" | "evaluation">,
  timeframe: ModelTimeframe,
): Promise<Verdict[]> {
  const report = await services.evaluation?.(timeframe);
  if (report === undefined || report === null) return [];
  // Verdicts are recorded per architecture name: a retrained champion carries its predecessor's name.
  const { meta } = await services.forecasts.champion(timeframe);
  return verdicts(report.entries, meta.name, report.skill ?? []);
}

/** One sentence on how the model stood against "no change" out of sample, for a forecast's reply. */
export function describeVerdict(verdict: RangeVerdict): string {
  const { median } = verdict;
  const mase =
    median.kind === "no-change" ? "1.000" : median.kind === "unknown" ? "n/a" : median.mase.toFixed(3);
  const stands =
    median.kind === "beats"
      ? "beats it, significantly"
      : median.kind === "no-better" && median.mase < 1
        ? "slightly better, but not significantly"
        : "does not beat it";
  return (
    `Out of sample: MASE ${mase} against "no change" (${stands}); ` +
    `the 80% interval held ${(verdict.coverage80 * 100).toFixed(0)}% of outcomes.`
  );
}

/**
 * The verdict line of a report: the pair's own, or for a coin the serving model never trained on, its
 * leave-one-coin-out record. Undefined when nothing is recorded for a trained coin.
 */
export function verdictLine({
  verdict,
  unseen,
}: Pick<ForecastReport, "verdict" | "unseen">): string | undefined {
  if (unseen === undefined) return verdict === undefined ? undefined : describeVerdict(verdict);
  // A statistical model is fitted on the coin's own history on first use: nothing is carried across coins.
  const lead = unseen.fittedOnItsOwnHistory
    ? "Fitted on this coin's own history just now (not one of the shipped fits)"
    : "Not trained on this coin";
  if (verdict === undefined || unseen.leftOut === null)
    return `${lead}, and no record yet of how it does on coins it never saw.`;
  const { median } = verdict;
  const mase =
    median.kind === "no-change" ? "1.000" : median.kind === "unknown" ? "n/a" : median.mase.toFixed(3);
  return (
    `${lead}; on coins ${unseen.fittedOnItsOwnHistory ? "left out of its fit" : "it never saw"}: MASE ${mase}, ` +
    `80% band held ${(verdict.coverage80 * 100).toFixed(0)}% (leave-one-coin-out on ${unseen.leftOut.join(", ")}).`
  );
}
