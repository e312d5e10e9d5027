import { type Verdict, verdicts } from "../src/evaluation/verdict.js";
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
export function describeVerdict(verdict: Verdict): string {
  const mase = verdict.mase?.toFixed(3) ?? "n/a";
  const stands = verdict.beatsPersistence
    ? "beats it, significantly"
    : verdict.mase !== null && verdict.mase < 1
      ? "slightly better, but not significantly"
      : "does not beat it";
  return (
    `Out of sample: MASE ${mase} against "no change" (${stands}); ` +
    `the 80% interval held ${(verdict.coverage80 * 100).toFixed(0)}% of outcomes.`
  );
}

/**
 * For a coin the serving model never trained on (not in its meta.json `symbols`): the leave-one-coin-out
 * verdict, the honest record for such a coin. Undefined for a coin it trained on.
 */
export async function unseenCoinLine(
  services: Pick<CommandServices, "forecasts" | "unseenCoins">,
  timeframe: ModelTimeframe,
  symbol: string,
  steps: number,
): Promise<string | undefined> {
  const { meta } = await services.forecasts.champion(timeframe);
  if (meta.symbols.includes(symbol)) return undefined;
  const figures = await services.unseenCoins?.(timeframe);
  const row = figures?.find((f) => f.model === meta.name && f.horizon === steps);
  // A statistical model is fitted on the coin's own history on first use: nothing is carried across coins.
  const lead =
    meta.kind === "statistical"
      ? "Fitted on this coin's own history just now (not one of the shipped fits)"
      : "Not trained on this coin";
  if (row === undefined) return `${lead}, and no record yet of how it does on coins it never saw.`;
  return (
    `${lead}; on coins ${meta.kind === "statistical" ? "left out of its fit" : "it never saw"}: MASE ${row.mase.toFixed(3)}, ` +
    `80% band held ${(row.coverage80 * 100).toFixed(0)}% (leave-one-coin-out on ${row.coins.join(", ")}).`
  );
}
