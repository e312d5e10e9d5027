import { pValueText } from "./p-value.js";
import { RECALIBRATION_DAYS } from "./recalibration.js";
import { addBins, chooseShippedModel, crpsSkill, POOLED, pooledReliability } from "./skill.js";
import type { WalkForwardResult } from "./walk-forward-result.js";

/** One table of the probabilistic-skill part of a report. */
export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
}

const DASH = "—";
const fixed = (v: number | null | undefined, d: number): string =>
  v === null || v === undefined || !Number.isFinite(v) ? DASH : v.toFixed(d);
const pValue = (v: number | null | undefined): string => pValueText(v, DASH);
const percent = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? DASH : `${(v * 100).toFixed(1)}%`;

/** The shipping rule applied to this result, as one sentence. */
export function shippingLine(result: WalkForwardResult): string {
  const choice = chooseShippedModel(result);
  if (choice.ranking.length === 0) return "Shipping rule: no per-point CRPS in this report.";
  const ranking = choice.ranking
    .map((r) => `${r.model} ${r.crps.toFixed(5)} (max MASE ${fixed(r.maxMase, 3)})`)
    .join(", ");
  return (
    `Shipping rule (lowest pooled CRPS at h=${Math.min(...result.config.horizons)} among models with MASE <= 1.00 ` +
    `everywhere): ${choice.model ?? "none qualifies"}. Pooled CRPS: ${ranking}.`
  );
}

/** CRPS skill, Brier, QLIKE and reliability tables. */
export function skillTables(result: WalkForwardResult): ReportTable[] {
  const tables: ReportTable[] = [];
  const skill = crpsSkill(result);
  if (skill.length > 0) {
    // Reports written before persistence-daily existed keep their table as it was.
    const daily = skill.some((r) => r.vsPersistenceDaily !== null);
    const dailyColumns = (r: (typeof skill)[number]) =>
      daily ? [fixed(r.vsPersistenceDaily, 3), pValue(r.dmPersistenceDaily?.pValueBetter)] : [];
    tables.push({
      title: daily
        ? "CRPS against persistence (its band refit with the model), persistence-daily (its band taken again at " +
          "every origin) and EWMA (ratio below 1 is better; DM p one-sided, model better)"
        : "CRPS against persistence and EWMA (ratio below 1 is better; DM p one-sided, model better)",
      header: [
        "symbol",
        "h",
        "model",
        "n",
        "CRPS",
        "/ persistence",
        "DM p",
        ...(daily ? ["/ persistence-daily", "DM p"] : []),
        "/ EWMA",
        "DM p",
      ],
      rows: skill.map((r) => [
        r.symbol,
        String(r.horizon),
        r.model,
        String(r.n),
        fixed(r.crps, 5),
        fixed(r.vsPersistence, 3),
        pValue(r.dmPersistence?.pValueBetter),
        ...dailyColumns(r),
        fixed(r.vsEwma, 3),
        pValue(r.dmEwma?.pValueBetter),
      ]),
    });
  }
  const first = Math.min(...result.config.horizons);
  const withBrier = result.entries.filter((e) => e.horizon === first && e.metrics.brier !== undefined);
  if (withBrier.length > 0) {
    tables.push({
      title:
        `Brier score of P(up) at h=${first} (climatology: each fold's training up-rate; skill = 1 - Brier / climatology's; ` +
        `Platt: P(up) recalibrated on earlier held-out forecasts only, refitted every ${RECALIBRATION_DAYS} days, share recalibrated)`,
      header: [
        "symbol",
        "model",
        "Brier",
        "Platt",
        "recal.",
        "climatology",
        "0.5",
        "skill",
        "reliability",
        "resolution",
        "uncertainty",
      ],
      rows: withBrier.map((e) => {
        const b = e.metrics.brier as NonNullable<typeof e.metrics.brier>;
        const r = e.metrics.brierRecalibrated;
        return [
          e.symbol,
          e.model,
          fixed(b.score, 4),
          fixed(r?.score, 4),
          r === undefined ? "—" : percent(r.recalibrated / Math.max(1, e.metrics.n)),
          fixed(b.climatology, 4),
          fixed(b.half, 4),
          fixed(b.skillVsClimatology, 4),
          fixed(b.reliability, 4),
          fixed(b.resolution, 4),
          fixed(b.uncertainty, 4),
        ];
      }),
    });
    const reliabilityRows: string[][] = [];
    for (const model of result.models) {
      const bins = pooledReliability(withBrier.filter((e) => e.model === model));
      for (const bin of bins) {
        if (bin.n === 0) continue;
        reliabilityRows.push([
          model,
          `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}`,
          String(bin.n),
          percent(bin.meanForecast),
          percent(bin.observed),
        ]);
      }
    }
    tables.push({
      title: `Reliability of P(up) at h=${first}, all pairs pooled`,
      header: ["model", "P(up) bin", "n", "mean P(up)", "observed up"],
      rows: reliabilityRows,
    });
    const recalibratedRows: string[][] = [];
    for (const model of result.models) {
      const tables = withBrier.flatMap((e) =>
        e.model === model && e.metrics.brierRecalibrated ? [e.metrics.brierRecalibrated.table] : [],
      );
      for (const bin of addBins(tables)) {
        if (bin.n === 0) continue;
        recalibratedRows.push([
          model,
          `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}`,
          String(bin.n),
          percent(bin.meanForecast),
          percent(bin.observed),
        ]);
      }
    }
    if (recalibratedRows.length > 0) {
      tables.push({
        title: `Reliability of the Platt-recalibrated P(up) at h=${first}, all pairs pooled`,
        header: ["model", "P(up) bin", "n", "mean P(up)", "observed up"],
        rows: recalibratedRows,
      });
    }
  }
  const withQlike = result.entries.filter((e) => e.metrics.qlike !== undefined);
  if (withQlike.length > 0) {
    tables.push({
      title: "QLIKE of the volatility forecast (log s2 + r2 / s2, s from the 80% interval; lower is better)",
      header: ["symbol", "h", ...result.models],
      rows: result.symbols.flatMap((symbol) =>
        result.config.horizons.map((h) => [
          symbol,
          String(h),
          ...result.models.map((m) =>
            fixed(
              withQlike.find((e) => e.model === m && e.symbol === symbol && e.horizon === h)?.metrics.qlike,
              4,
            ),
          ),
        ]),
      ),
    });
  }
  return tables;
}

/** The pooled rows of the CRPS table only, for a terminal. */
export function pooledSkillTable(result: WalkForwardResult): ReportTable | null {
  const all = skillTables(result)[0];
  if (all === undefined) return null;
  return { ...all, rows: all.rows.filter((r) => r[0] === POOLED) };
}
