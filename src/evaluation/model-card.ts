import { HAR_RV_TERMS } from "../model/baselines/har.js";
import { kindOf } from "../model/saved/forecasters.js";
import type { SavedMeta, StatisticalMeta } from "../model/saved/model-io.js";
import type { ModelMeta } from "../model/saved/model-meta.js";
import { isoDay } from "../time.js";
import { toMarkdownReport } from "./report.js";
import { crpsSkill, POOLED } from "./skill.js";
import { unseenCoinFigures } from "./unseen-coins.js";
import { verdicts } from "./verdict.js";
import type { WalkForwardResult } from "./walk-forward.js";

/**
 * MODEL_CARD.md for a shipped model: what it is, what it was trained on, and its walk-forward record against
 * every baseline, with a plain verdict against persistence first, whatever it says.
 */
export function renderModelCard(
  meta: SavedMeta,
  evaluation: WalkForwardResult | null,
  unseen: WalkForwardResult | null = null,
  /** Every network of the folder: several pooled ones are a seed ensemble (quantiles averaged). */
  members: readonly SavedMeta[] = [meta],
): string {
  const networks = members.filter((m): m is ModelMeta =>
    kindOf(m).match({ network: () => true, statistical: () => false }),
  );
  const lines = kindOf(meta).match({
    network: (network) => networkHeader(network, networks),
    statistical: statisticalHeader,
  });
  return withEvaluation(lines, meta, evaluation, unseen);
}

function networkHeader(meta: ModelMeta, members: readonly ModelMeta[]): string[] {
  const h = meta.hyperparameters;
  const ensemble = meta.pooled && members.length > 1;
  const output =
    meta.targetScaling === "ewma"
      ? `quantiles of the return divided by the EWMA (RiskMetrics) volatility forecast; median shrink per horizon ${(meta.medianShrink ?? []).join(", ")} (0 = zero drift)`
      : meta.targetScaling === "har"
        ? `HAR-anchored: each coin's HAR volatility forecast times the pooled FHS quantiles plus a share of the network's departure from them, per horizon ${members.map((m) => `[${(m.anchor?.weights ?? []).join(", ")}]`).join(ensemble ? " and " : "")}${ensemble ? " (one list per member)" : ""} (0 = HAR, 1 = the network); zero-drift median`
        : "quantiles of the log return";
  return [
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
    `| output | ${output} |`,
    `| window | ${meta.window} candles of ${meta.features.length} features: ${meta.features.join(", ")} |`,
    `| back-end | ${meta.backend} |`,
    `| seed | ${ensemble ? `${members.map((m) => m.seed).join(", ")}: a seed ensemble of ${members.length} networks, quantiles averaged (one folder each, seed-<n>/)` : meta.seed} |`,
    `| data hash | \`${meta.dataHash.slice(0, 16)}\` |`,
    "",
    "## Training",
    "",
    ...Object.entries(meta.metrics).map(([k, v]) => `- ${k}: ${Number.isInteger(v) ? v : v.toPrecision(4)}`),
    "",
  ];
}

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** What a statistical model is, and its fitted parameters per member and coin. */
function statisticalHeader(meta: StatisticalMeta): string[] {
  const lines = [
    `# Model card: ${meta.name} (${meta.timeframe} candles)`,
    "",
    "| field | value |",
    "| --- | --- |",
    `| kind | ${kindOf(meta).description} |`,
    `| created | ${meta.created} |`,
    `| fitted until | ${isoDay(meta.trainedUntil)} (last candle the fit read) |`,
    `| symbols | ${meta.symbols.join(", ")} (one fit per coin; a coin outside these is fitted on its own history when first asked for) |`,
    `| horizons (candles) | ${meta.horizons.join(", ")} |`,
    `| quantiles | ${meta.quantiles.join(", ")}: the h-step volatility forecast times the empirical quantiles of the past h-step returns divided by the forecast made before them (filtered historical simulation), median moved to 0${meta.members.length > 1 ? "; the members' quantiles averaged level by level (Vincentization)" : ""} |`,
    `| median | zero return (the forecast price is the last close): daily crypto returns show no usable drift |`,
    `| data hash | \`${meta.dataHash.slice(0, 16)}\` |`,
    "",
    "## Fitted parameters",
    "",
    "| member | coin | parameters |",
    "| --- | --- | --- |",
  ];
  for (const member of meta.members) {
    for (const symbol of meta.symbols) {
      const state = meta.fits[member]?.[symbol]?.model;
      if (state === undefined) continue;
      const text =
        state.kind === "ewma"
          ? `lambda ${num(state.lambda)} a candle`
          : state.kind === "garch"
            ? `omega ${state.omega.toExponential(3)}, alpha ${num(state.alpha)}, beta ${num(state.beta)}, nu ${num(state.nu)} (log-likelihood ${num(state.logLikelihood)} on % returns)`
            : state.horizons
                .map((r) => {
                  const terms = ["intercept", ...(r.terms ?? HAR_RV_TERMS)];
                  const beta = r.beta.map((b, i) => `${terms[i]} ${num(b)}`).join(", ");
                  return `h${r.horizon}: ${beta} (s2 ${num(r.residualVariance)})`;
                })
                .join("; ");
      lines.push(`| ${member} | ${symbol} | ${text} |`);
    }
  }
  lines.push("", "## Fit", "", ...Object.entries(meta.metrics).map(([k, v]) => `- ${k}: ${num(v)}`), "");
  return lines;
}

function withEvaluation(
  lines: string[],
  meta: SavedMeta,
  evaluation: WalkForwardResult | null,
  unseen: WalkForwardResult | null,
): string {
  if (evaluation === null) {
    lines.push("## Evaluation", "", "No walk-forward evaluation was recorded for this model.", "");
    lines.push(...unseenSection(meta, unseen));
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
    ...unseenSection(meta, unseen),
    // The report's headings, one level down, under this card's title.
    toMarkdownReport(evaluation).replace(/^#/gm, "##"),
  );
  return lines.join("\n");
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/**
 * The leave-one-coin-out record: what a forecast for a coin outside `meta.symbols` quotes. Each coin was left
 * out in turn, the network retrained on the others through the same folds, and scored on the coin it never saw.
 */
function unseenSection(meta: SavedMeta, unseen: WalkForwardResult | null): string[] {
  const lines = ["## On coins it never trained on (leave-one-coin-out)", ""];
  const figures = unseen === null ? [] : unseenCoinFigures(unseen).filter((f) => f.model === meta.name);
  if (unseen === null || figures.length === 0) {
    lines.push("No leave-one-coin-out evaluation was recorded for this model.", "");
    return lines;
  }
  const skill = crpsSkill(unseen);
  lines.push(
    kindOf(meta).fitsUnseenCoinsOnTheirOwnHistory
      ? `Each coin in turn was left out and scored through the same ${unseen.folds.length} folds (origins ` +
          `${isoDay(unseen.config.start)} to ${isoDay(unseen.config.end)}). A statistical model has nothing to ` +
          "carry across coins: it is fitted on the left-out coin's own past, exactly as a served forecast for a " +
          "coin outside the fitted symbols is. A forecast for such a coin quotes the first table."
      : `Each coin in turn was left out: the network (same architecture, features and settings) was trained on ` +
          `the other coins only, refitted through the same ${unseen.folds.length} folds (origins ` +
          `${isoDay(unseen.config.start)} to ${isoDay(unseen.config.end)}), and scored on the coin it never saw; ` +
          "the baselines are fitted on that coin's own past, as they would be for a new coin. " +
          "A forecast for a coin outside the training symbols quotes the first table.",
    "",
    "| horizon | coins | n | mean MASE | 80% band held | pooled CRPS / persistence |",
    "| --: | --- | --: | --: | --: | --: |",
    ...figures.map((f) => {
      const pooled = skill.find(
        (r) => r.symbol === POOLED && r.model === meta.name && r.horizon === f.horizon,
      );
      return `| ${f.horizon} | ${f.coins.join(", ")} | ${f.n} | ${f.mase.toFixed(3)} | ${pct(f.coverage80)} | ${pooled?.vsPersistence?.toFixed(3) ?? "n/a"} |`;
    }),
    "",
    "| left-out coin | h | MASE | CRPS / persistence | DM p | cov80 | cov95 |",
    "| --- | --: | --: | --: | --: | --: | --: |",
    ...unseen.entries
      .filter((e) => e.model === meta.name)
      .map((e) => {
        const row = skill.find(
          (r) => r.symbol === e.symbol && r.model === e.model && r.horizon === e.horizon,
        );
        const p = row?.dmPersistence?.pValueBetter;
        return `| ${e.symbol} | ${e.horizon} | ${e.metrics.mase?.toFixed(3) ?? "n/a"} | ${row?.vsPersistence?.toFixed(3) ?? "n/a"} | ${p === undefined ? "—" : p < 0.001 ? "<0.001" : p.toFixed(3)} | ${pct(e.metrics.coverage80)} | ${pct(e.metrics.coverage95)} |`;
      }),
    "",
  );
  return lines;
}
