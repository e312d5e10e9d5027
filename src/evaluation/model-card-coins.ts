import type { ModelMeta } from "../model/saved/model-meta.js";
import { isoDay } from "../time.js";
import { pValueText } from "./p-value.js";
import { type CrpsSkillRow, crpsSkill, POOLED } from "./skill.js";
import { heldOutFigures, type ServedRecipe, servedRow, type UnseenCoinFigures } from "./unseen-coins.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

// The model card's sections on the coins a model never trained on (model-card.ts).

/** A global walk-forward and the folder under models/evaluation/ it was read from (e.g. "1d-global-v2"). */
export interface GlobalRun {
  run: string;
  result: WalkForwardResult;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** Per horizon the figures pooled over the coins, then one row per coin and horizon of `model`. */
export function coinTables(
  model: string,
  figures: readonly UnseenCoinFigures[],
  entries: WalkForwardResult["entries"],
  skill: readonly CrpsSkillRow[],
  coinColumn: string,
): string[] {
  return [
    "| horizon | coins | n | mean MASE | 80% band held | pooled CRPS / persistence |",
    "| --: | --- | --: | --: | --: | --: |",
    ...figures.map(
      (f) =>
        `| ${f.horizon} | ${f.coins.join(", ")} | ${f.n} | ${f.mase.toFixed(3)} | ${pct(f.coverage80)} | ${f.crpsVsPersistence?.toFixed(3) ?? "n/a"} |`,
    ),
    "",
    `| ${coinColumn} | h | MASE | CRPS / persistence | DM p | cov80 | cov95 |`,
    "| --- | --: | --: | --: | --: | --: | --: |",
    ...entries
      .filter((e) => e.model === model && figures.some((f) => f.coins.includes(e.symbol)))
      .map((e) => {
        const row = skill.find(
          (r) => r.symbol === e.symbol && r.model === e.model && r.horizon === e.horizon,
        );
        const p = row?.dmPersistence?.pValueBetter;
        return `| ${e.symbol} | ${e.horizon} | ${e.metrics.mase?.toFixed(3) ?? "n/a"} | ${row?.vsPersistence?.toFixed(3) ?? "n/a"} | ${pValueText(p)} | ${pct(e.metrics.coverage80)} | ${pct(e.metrics.coverage95)} |`;
      }),
    "",
  ];
}

/**
 * A global anchored network's own walk-forward (the run of its recipe, models/evaluation/<tf>-global*): every
 * model pooled over the coins it trained on and over the coins held out of training in every fold, then the
 * held-out coins' rows, which a forecast for a coin outside training quotes.
 */
export function globalSection(meta: ModelMeta, recipe: ServedRecipe, recorded: GlobalRun | null): string[] {
  const lines = ["## Global walk-forward, and the coins it never trained on", ""];
  const row = recorded === null ? undefined : servedRow(recorded.result, recipe);
  if (recorded === null || row === undefined) {
    lines.push(
      `No global walk-forward of this recipe was recorded for this model (models/evaluation/${meta.timeframe}-global*/).`,
      "",
    );
    return lines;
  }
  const { run, result: global } = recorded;
  const held = new Set(global.config.holdOut ?? []);
  const subset = (keep: (symbol: string) => boolean): WalkForwardResult => ({
    ...global,
    symbols: global.symbols.filter(keep),
    entries: global.entries.filter((e) => keep(e.symbol)),
  });
  const coins = (result: WalkForwardResult) => new Set(result.entries.map((e) => e.symbol)).size;
  const groups = [
    { name: "trained on", result: subset((symbol) => !held.has(symbol)) },
    { name: "held out", result: subset((symbol) => held.has(symbol)) },
  ].filter((g) => g.result.entries.length > 0);
  const { horizons } = global.config;
  lines.push(
    `${row === meta.name ? "One network per fold (the recipe above)" : `One seed ensemble per fold (the recipe above; row \`${row}\`)`} trained on the pooled windows of every coin but the held-out ones ` +
      `(${held.size > 0 ? [...held].join(", ") : "none"}), refitted through ${global.folds.length} folds (origins ` +
      `${isoDay(global.config.start)} to ${isoDay(global.config.end)}); the baselines are fitted on each coin's own ` +
      "past. CRPS over persistence's on the same points and the bands' coverage, pooled over the group's coins. " +
      `Run: models/evaluation/${run}/; the tuned HAR and the DM tests against it: its SUMMARY.md.`,
    "",
    `| coins | model | ${horizons.map((h) => `h${h} CRPS / persistence`).join(" | ")} | cov80 ${horizons.map((h) => `h${h}`).join(" / ")} | cov95 | max MASE |`,
    `| --- | --- | ${horizons.map(() => "--:").join(" | ")} | --- | --- | --: |`,
  );
  for (const { name, result } of groups) {
    const skill = crpsSkill(result).filter((r) => r.symbol === POOLED);
    for (const [i, model] of result.models.entries()) {
      const entries = result.entries.filter((e) => e.model === model);
      if (entries.length === 0) continue;
      const coverage = (h: number, key: "coverage80" | "coverage95") => {
        const at = entries.filter((e) => e.horizon === h);
        const n = at.reduce((sum, e) => sum + e.metrics.n, 0);
        const share = at.reduce((sum, e) => sum + e.metrics[key] * e.metrics.n, 0) / n;
        return n === 0 ? "n/a" : `${(100 * share).toFixed(1)}%`;
      };
      const ratios = horizons.map((h) => {
        const ratio = skill.find((r) => r.model === model && r.horizon === h)?.vsPersistence;
        const text = ratio === null || ratio === undefined ? "n/a" : ratio.toFixed(4);
        return model === row ? `**${text}**` : text;
      });
      const mases = entries.map((e) => e.metrics.mase ?? Number.NaN).filter(Number.isFinite);
      lines.push(
        `| ${i === 0 ? `${name} (${coins(result)})` : ""} | ${model === row ? `**${model}**` : model} | ${ratios.join(" | ")} | ` +
          `${horizons.map((h) => coverage(h, "coverage80")).join(" / ")} | ${horizons.map((h) => coverage(h, "coverage95")).join(" / ")} | ` +
          `${mases.length === 0 ? "n/a" : Math.max(...mases).toFixed(3)} |`,
      );
    }
  }
  lines.push("");
  const figures = heldOutFigures(global).filter((f) => f.model === row);
  if (figures.length > 0) {
    lines.push(
      "### Coins held out of training (what a forecast for a coin outside training quotes)",
      "",
      "Never trained on in any fold: each is anchored on HAR fitted on its own past, as a served forecast for " +
        "a coin outside the training symbols is.",
      "",
      ...coinTables(row, figures, global.entries, crpsSkill(global), "held-out coin"),
    );
  }
  return lines;
}
