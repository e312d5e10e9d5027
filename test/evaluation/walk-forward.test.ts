import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  formatConsoleReport,
  toJsonReport,
  toMarkdownReport,
  writeReport,
} from "../../src/evaluation/report.js";
import { type WalkForwardProgress, walkForward } from "../../src/evaluation/walk-forward.js";
import { createArimaForecaster } from "../../src/model/baselines/arima.js";
import { createDriftForecaster } from "../../src/model/baselines/drift.js";
import { createPersistenceForecaster } from "../../src/model/baselines/persistence.js";
import type { Forecaster } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "./synthetic-series.js";

const series = [
  syntheticDailySeries("AAA/USDT", 500, { seed: 11 }),
  syntheticDailySeries("BBB/USDT", 500, { seed: 12, drift: -0.001, phi: 0.4 }),
];
const start = SERIES_START + 300 * DAY_MS;
const end = SERIES_START + 499 * DAY_MS;
const horizons = [1, 3];
const progress: WalkForwardProgress[] = [];
const result = await walkForward({
  series,
  forecasters: [
    createPersistenceForecaster(),
    createDriftForecaster(),
    () => createArimaForecaster({ maxTrainLength: 250 }),
  ],
  horizons,
  start,
  end,
  refitEvery: 90,
  onProgress: (p) => progress.push(p),
});

describe("walkForward with persistence, drift and ARIMA on two synthetic daily series", () => {
  it("THEN it refits every 90 days from start: folds at days 300, 390 and 480", () => {
    expect(result.folds.map((f) => (f.trainEnd - SERIES_START) / DAY_MS)).toEqual([300, 390, 480]);
    expect(result.config.stepMs).toBe(DAY_MS);
    expect(result.config.periodsPerYear).toBeCloseTo(365.25, 10);
    expect(result.models).toEqual(["persistence", "drift", "arima"]);
    expect(progress.filter((p) => p.phase === "fit")).toHaveLength(9);
  });

  it("THEN every origin in [start, end] whose target exists is scored once per model and horizon", () => {
    const count = (h: number) =>
      result.entries.find((e) => e.horizon === h && e.symbol === "AAA/USDT")?.metrics.n;
    // Origins are days 300..499; the target day + h must be <= 499.
    expect(count(1)).toBe(199);
    expect(count(3)).toBe(197);
    expect(result.entries).toHaveLength(2 * 2 * 3);
  });

  it("THEN persistence has MASE exactly 1, no DM test against itself, and never trades", () => {
    for (const e of result.entries.filter((x) => x.model === "persistence")) {
      expect(e.metrics.mase).toBe(1);
      expect(e.metrics.dm).toBeNull();
      if (e.horizon === 1) expect(e.backtest?.strategy.trades).toBe(0);
    }
  });

  it("THEN the other models produce finite, plausible metrics", () => {
    for (const e of result.entries.filter((x) => x.model !== "persistence")) {
      const m = e.metrics;
      expect(m.mase).toBeGreaterThan(0.7);
      expect(m.mase).toBeLessThan(1.5);
      expect(m.coverage80).toBeGreaterThan(0.6);
      expect(m.coverage95).toBeGreaterThanOrEqual(m.coverage80);
      expect(m.dm?.pValue).toBeGreaterThanOrEqual(0);
      expect(m.direction.accuracy).toBeGreaterThan(0.3);
      expect(e.backtest === null).toBe(e.horizon !== 1);
    }
  });

  it("THEN ARIMA beats persistence on the strongly autocorrelated series at horizon 1", () => {
    const arima = result.entries.find(
      (e) => e.model === "arima" && e.symbol === "BBB/USDT" && e.horizon === 1,
    );
    expect(arima?.metrics.mase).toBeLessThan(1);
    expect(arima?.metrics.dm?.statistic).toBeLessThan(0);
  });

  it("THEN the reports render every symbol, horizon and model, and writeReport writes JSON and Markdown", async () => {
    const text = formatConsoleReport(result);
    const markdown = toMarkdownReport(result);
    for (const needle of ["AAA/USDT", "BBB/USDT", "arima", "drift", "persistence", "buy & hold"]) {
      expect(text).toContain(needle);
      expect(markdown).toContain(needle);
    }
    expect(markdown).toContain("### Horizon 3");
    // Persistence's median is "no change": it makes no direction call, so no hit rate and no p-values.
    expect(markdown).toMatch(/\| persistence \|( [^|]+ \|){5} no call \| — \| — \| — \|/);
    const parsed = JSON.parse(toJsonReport(result)) as { entries: Record<string, unknown>[] };
    expect(parsed.entries[0]).not.toHaveProperty("records");

    const dir = await mkdtemp(join(tmpdir(), "coincast-report-"));
    try {
      const paths = await writeReport(result, dir);
      expect(await readFile(paths.markdown, "utf8")).toBe(markdown);
      expect(JSON.parse(await readFile(paths.json, "utf8"))).toEqual(parsed);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("walkForward's contract with forecasters", () => {
  it("GIVEN a spy forecaster THEN each fold fits at the fold start and only asks for origins at or after it", async () => {
    const calls: { trainEnd: number; originTimes: number[] }[] = [];
    let disposed = 0;
    const spy = (): Forecaster & { dispose(): void } => {
      let trainEnd = Number.NaN;
      return {
        name: "spy",
        dispose: () => disposed++,
        async fit(_series, end) {
          trainEnd = end;
        },
        async predict(data, origins, hs) {
          calls.push({ trainEnd, originTimes: origins.map((i) => data.candles[i]?.time ?? Number.NaN) });
          return origins.map(() => hs.map(() => [-0.02, -0.01, 0, 0.01, 0.02]));
        },
      };
    };
    const spyResult = await walkForward({
      series: series.slice(0, 1),
      forecasters: [spy],
      horizons: [1],
      start,
      end,
      refitEvery: 90,
    });
    expect(calls.map((c) => (c.trainEnd - SERIES_START) / DAY_MS)).toEqual([300, 390, 480]);
    for (const [i, call] of calls.entries()) {
      const next = calls[i + 1]?.trainEnd ?? Number.POSITIVE_INFINITY;
      expect(call.originTimes.every((t) => t >= call.trainEnd && t < next)).toBe(true);
    }
    expect(disposed).toBe(3);
    expect(spyResult.entries[0]?.metrics.mase).toBe(1);
  });

  it("GIVEN two forecasters with one name THEN it refuses to run", async () => {
    const run = walkForward({
      series,
      forecasters: [createPersistenceForecaster(), createPersistenceForecaster()],
      horizons: [1],
      start,
      end,
      refitEvery: 90,
    });
    await expect(run).rejects.toThrow(/two forecasters are named persistence/);
  });
});
