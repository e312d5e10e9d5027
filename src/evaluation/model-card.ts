import type { ModelMeta } from "../model/model-meta.js";
import { isoDay } from "../time.js";
import { toMarkdownReport } from "./report.js";
import { crpsSkill } from "./skill.js";
import { verdicts } from "./verdict.js";
import type { WalkForwardResult } from "./walk-forward.js";

/**
 * MODEL_CARD.md for a shipped model: what it is, what it was trained on, and its walk-forward record against
 * every baseline, with a plain verdict against persistence first, whatever it says.
 */
export function renderModelCard(meta: ModelMeta, evaluation: WalkForwardResult | null): string {
  const h = meta.hyperparameters;
  const lines = [
    `# Model card: ${meta.name} (${meta.timeframe} candles)`,
    "",
    "| field | value |",
    "| --- | --- |",
    `| architecture | ${meta.architecture}: Conv1D ${h.convFilters.join("/")} filters (k=${h.kernelSize}, pool ${h.poolSize}) -> GRU ${h.recurrentUnits.join("/")} -> dense ${h.denseUnits} -> ${meta.horizons.length} horizons x ${meta.quantiles.length} quantiles |`,
    `| created | ${meta.created} |`,
    `| trained until | ${isoDay(meta.trainedUntil)} (last candle any training target read) |`,
    `| symbols | ${meta.symbols.join(", ")} (${meta.pooled ? "one network for all, symbol-free features" : "one network per symbol"}) |`,
    `| horizons (candles) | ${meta.horizons.join(", ")} |`,
    `| quantiles | ${meta.quantiles.join(", ")} (80% and 95% intervals conformally calibrated on the most recent held-out windows, which neither training nor early stopping read) |`,
    `| output | ${meta.targetScaling === "ewma" ? `quantiles of the return divided by the EWMA (RiskMetrics) volatility forecast; median shrink per horizon ${(meta.medianShrink ?? []).join(", ")} (0 = zero drift)` : "quantiles of the log return"} |`,
    `| window | ${meta.window} candles of ${meta.features.length} features: ${meta.features.join(", ")} |`,
    `| back-end | ${meta.backend} |`,
    `| seed | ${meta.seed} |`,
    `| data hash | \`${meta.dataHash.slice(0, 16)}\` |`,
    "",
    "## Training",
    "",
    ...Object.entries(meta.metrics).map(([k, v]) => `- ${k}: ${Number.isInteger(v) ? v : v.toPrecision(4)}`),
    "",
  ];
  if (evaluation === null) {
    lines.push("## Evaluation", "", "No walk-forward evaluation was recorded for this model.", "");
    return lines.join("\n");
  }
  lines.push(
    "## Verdict against naive persistence",
    "",
    `Out of sample: every forecast scored here was made by a model (and scaler) fitted only on data before its ` +
      `origin; origins ${isoDay(evaluation.config.start)} to ${isoDay(evaluation.config.end)}, ${evaluation.folds.length} ` +
      `fold${evaluation.folds.length === 1 ? "" : "s"}. Below 1, MASE beats persistence; the one-sided Diebold-Mariano ` +
      "p-value says whether by more than chance.",
    "",
    ...verdicts(evaluation.entries, meta.name, crpsSkill(evaluation)).map((v) => `- ${v.text}`),
    "",
    // The report's headings, one level down, under this card's title.
    toMarkdownReport(evaluation).replace(/^#/gm, "##"),
  );
  return lines.join("\n");
}
