import { ENGLISH } from "../i18n/index.js";
import { HAR_RV_TERMS } from "../model/baselines/har.js";
import { describeLayers } from "../model/networks/architecture-names.js";
import { kindOf } from "../model/saved/forecasters.js";
import type { SavedMeta, StatisticalMeta } from "../model/saved/model-io.js";
import type { ModelMeta } from "../model/saved/model-meta.js";
import { readRecipe, recipeFlags } from "../model/saved/train-recipe.js";
import { isoDay } from "../time.js";
import { coinTables, type GlobalRun, globalSection } from "./model-card-coins.js";
import { toMarkdownReport } from "./report.js";
import { testWindowReused } from "./reused-window.js";
import { crpsSkill } from "./skill.js";
import { type ServedRecipe, servedRecipe, servedRow, unseenCoinFigures } from "./unseen-coins.js";
import { verdicts } from "./verdict.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

/**
 * MODEL_CARD.md for a shipped model: what it is, what it was trained on, and its walk-forward record against
 * every baseline, with a plain verdict against persistence first, whatever it says. `global` is the run of
 * its recipe (train.ts picks it with servedRow): its rows of that recipe are the ones quoted.
 */
export function renderModelCard(
  meta: SavedMeta,
  evaluation: WalkForwardResult | null,
  unseen: WalkForwardResult | null = null,
  global: GlobalRun | null = null,
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
  // A global network anchored on HAR quotes its own walk-forward's held-out coins, not a leave-one-coin-out
  // run of another recipe.
  const recipe = servedRecipe(members) ?? { name: meta.name };
  const coinsSection = isAnchored(meta)
    ? globalSection(meta, recipe, global)
    : unseenSection(meta, recipe, unseen);
  return withEvaluation(lines, meta, evaluation, coinsSection);
}

/** A global network anchored on HAR (issue 27, fit-anchored.ts). */
function isAnchored(meta: SavedMeta): meta is ModelMeta & { anchor: NonNullable<ModelMeta["anchor"]> } {
  return kindOf(meta).match({
    network: (network) => network.targetScaling === "har" && network.anchor !== undefined,
    statistical: () => false,
  });
}

function networkHeader(meta: ModelMeta, members: readonly ModelMeta[]): string[] {
  const h = meta.hyperparameters;
  const ensemble = meta.pooled && members.length > 1;
  return [
    `# Model card: ${meta.name} (${meta.timeframe} candles)`,
    "",
    "| field | value |",
    "| --- | --- |",
    `| architecture | ${meta.architecture}: ${[...describeLayers(meta.architecture, h), `${meta.horizons.length} horizons x ${meta.quantiles.length} quantiles`].join(" -> ")} |`,
    `| created | ${meta.created} |`,
    `| trained until | ${isoDay(meta.trainedUntil)} (last candle any training target read) |`,
    `| symbols | ${meta.symbols.join(", ")} (${meta.pooled ? "one network for all, symbol-free features" : "one network per symbol"}) |`,
    `| horizons (candles) | ${meta.horizons.join(", ")} |`,
    `| quantiles | ${meta.quantiles.join(", ")} (${isAnchored(meta) ? "the bands are HAR-FHS's and the network's blend, with no conformal adjustment" : "80% and 95% intervals conformally calibrated on the most recent held-out windows, which neither training nor early stopping read"}) |`,
    `| output | ${outputText(meta, ensemble ? members : [])} |`,
    `| window | ${meta.window} candles of ${meta.features.length} features: ${meta.features.join(", ")} |`,
    `| back-end | ${meta.backend} |`,
    `| seed | ${ensemble ? `${members.map((m) => m.seed).join(", ")}: a seed ensemble of ${members.length} networks, quantiles averaged (one folder each, seed-<n>/)` : meta.seed} |`,
    `| data hash | \`${meta.dataHash.slice(0, 16)}\` |`,
    "",
    ...(isAnchored(meta) ? anchoredRecipe(meta, ensemble ? members : [meta]) : []),
    "## Training",
    "",
    ...Object.entries(meta.metrics).map(([k, v]) => `- ${k}: ${Number.isInteger(v) ? v : v.toPrecision(4)}`),
    "",
  ];
}

/** What the network's outputs are; a seed ensemble's members' per-horizon anchor weights are listed each. */
function outputText(meta: ModelMeta, ensemble: readonly ModelMeta[]): string {
  if (meta.targetScaling === "ewma")
    return `quantiles of the return divided by the EWMA (RiskMetrics) volatility forecast; median shrink per horizon ${(meta.medianShrink ?? []).join(", ")} (0 = zero drift)`;
  if (isAnchored(meta))
    return (
      "quantiles of the log return divided by the coin's HAR forecast of the h-step volatility (its anchor), blended with HAR with filtered historical simulation (see the recipe)" +
      (ensemble.length > 1
        ? meta.hyperparameters.ensembleWeights
          ? `; one weight per horizon for the whole ensemble [${meta.anchor.weights.join(", ")}], quantiles averaged`
          : `; the members' weights per horizon: ${ensemble.map((m) => `seed ${m.seed} [${(m.anchor?.weights ?? []).join(", ")}]`).join(", ")}, quantiles averaged`
        : "")
    );
  return "quantiles of the log return";
}

/**
 * How a global anchored network was trained, from its meta.json: coins, windows, epochs, per-horizon
 * choices; a seed ensemble's seeds, and each member's own weights (chosen on its own calibration windows).
 */
function anchoredRecipe(
  meta: ModelMeta & { anchor: NonNullable<ModelMeta["anchor"]> },
  members: readonly ModelMeta[],
): string[] {
  const h = meta.hyperparameters;
  const stride = h.trainStride ?? 1;
  const perHorizon = (values: readonly number[], text: (v: number) => string) =>
    meta.horizons.map((horizon, i) => `${horizon}: ${text(values[i] ?? 0)}`).join("; ");
  // The command that trains it again: the recipe `coincast train` repeats by default (train-recipe.ts).
  const reading = readRecipe(members);
  const command = reading.ok
    ? `\`npx coincast train ${recipeFlags(meta.timeframe, reading.recipe).join(" ")}\``
    : `none repeats it: ${reading.why}`;
  const seeds = members.length;
  const own = (m: ModelMeta) =>
    meta.horizons.map((horizon) => m.metrics[`memberAnchorWeight${horizon}`] ?? 0);
  const weights =
    seeds > 1 && h.ensembleWeights
      ? `${perHorizon(meta.anchor.weights, String)}, one for the whole ensemble, chosen on its members' averaged ` +
        `output (each member alone had chosen ${members.map((m) => `seed ${m.seed} ${perHorizon(own(m), String)}`).join(" | ")})`
      : seeds > 1
        ? `${members.map((m) => `seed ${m.seed} ${perHorizon(m.anchor?.weights ?? [], String)}`).join(" | ")} (each member its own; the ensemble averages the members' quantiles)`
        : perHorizon(meta.anchor.weights, String);
  return [
    "## Recipe: one global network anchored on HAR",
    "",
    `- coins: ${meta.symbols.length} trained on (every coin in the symbols row, one network for all); ` +
      (h.holdOut && h.holdOut.length > 0
        ? `held out of training: ${h.holdOut.join(", ")}`
        : "none held out (the walk-forward below held some out to score unseen coins)"),
    `- training windows: every ${stride === 1 ? "" : `${ordinal(stride)} `}window of each coin, none crossing a ` +
      `filled candle (${meta.metrics.trainWindows ?? "?"} windows); ${h.epochs} epochs at most ` +
      `(${meta.metrics.epochsRun ?? "?"} run, best ${meta.metrics.bestEpoch ?? "?"}` +
      (seeds > 1
        ? ` for seed ${meta.seed}), seeds ${members.map((m) => m.seed).join(", ")}`
        : `), seed ${meta.seed}`),
    "- anchor: per coin and horizon, HAR's direct h-step volatility regression fitted on the training slice; " +
      "the untrained network is HAR with the pooled filtered-historical-simulation (FHS) quantiles",
    `- weight of the network's departure from HAR-FHS per horizon, chosen on calibration windows training never ` +
      `read (0 = HAR-FHS, 1 = the network): ${weights}`,
    `- median, per horizon: ${
      meta.medianShrink === undefined
        ? "zero drift (pinned; this model was saved before the median's shrink was recorded)"
        : meta.medianShrink.every((s) => s === 0)
          ? "zero drift at every horizon (pinned: on the selection window 2020-2022 a median chosen on the calibration windows put MASE above 1)"
          : `${perHorizon(meta.medianShrink, String)} of the blend's median (0 = zero drift; chosen on the calibration windows, above 0 only when significantly better, by the code of 7a8c99d before the pin)`
    }`,
    `- FHS quantiles (${meta.quantiles.join(", ")}) per horizon: ${perHorizon(
      meta.anchor.quantiles.map((_, i) => i),
      (i) => (meta.anchor.quantiles[i] ?? []).map((v) => v.toFixed(3)).join(" / "),
    )}`,
    `- command: ${command}`,
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
  coinsSection: string[],
): string {
  if (evaluation === null) {
    lines.push("## Evaluation", "", "No walk-forward evaluation was recorded for this model.", "");
    lines.push(...coinsSection);
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
    ...(testWindowReused(meta) ? [ENGLISH.t("faq.accuracy.reused"), ""] : []),
    ...verdicts(evaluation.entries, meta.name, crpsSkill(evaluation)).map((v) => `- ${v.text}`),
    "",
    ...coinsSection,
    // The report's headings, one level down, under this card's title.
    toMarkdownReport(evaluation).replace(/^#/gm, "##"),
  );
  return lines.join("\n");
}

/**
 * The leave-one-coin-out record: what a forecast for a coin outside `meta.symbols` quotes. Each coin was left
 * out in turn, the network retrained on the others through the same folds, and scored on the coin it never saw.
 */
function unseenSection(meta: SavedMeta, recipe: ServedRecipe, unseen: WalkForwardResult | null): string[] {
  const lines = ["## On coins it never trained on (leave-one-coin-out)", ""];
  const skill = unseen === null ? [] : crpsSkill(unseen);
  const row = unseen === null ? undefined : servedRow(unseen, recipe);
  const figures =
    unseen === null || row === undefined
      ? []
      : unseenCoinFigures(unseen, skill).filter((f) => f.model === row);
  if (unseen === null || row === undefined || figures.length === 0) {
    lines.push("No leave-one-coin-out evaluation was recorded for this model.", "");
    return lines;
  }
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
    ...coinTables(row, figures, unseen.entries, skill, "left-out coin"),
  );
  return lines;
}

/** 2 -> "2nd", 3 -> "3rd", 4 -> "4th", 11 -> "11th", 22 -> "22nd". */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}
