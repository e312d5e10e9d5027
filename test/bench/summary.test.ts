import { afterEach, describe, expect, it, vi } from "vitest";
import { type ForecastServiceReport, summariseForecastService } from "../../bench/forecast-service.js";
import { printSummary } from "../../bench/measure.js";

const spread = { count: 1, p50Ms: 1, p99Ms: 1, maxMs: 1 };
const result = { name: "x", medianMs: 1, minMs: 1, maxMs: 1, firstMs: 1, runs: 1 };

function summaryText(rows: Parameters<typeof printSummary>[0]): string {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  printSummary(rows);
  return log.mock.calls.map((call) => String(call[0])).join("\n");
}

describe("bench summary", () => {
  afterEach(() => vi.restoreAllMocks());

  it("GIVEN a speed-up of 0.108x against a 0.25x target THEN both show two significant digits beside the ratio", () => {
    const text = summaryText([
      { bench: "b", name: "GFLOP/s share", value: 0.108, unit: "x", target: { op: ">=", value: 0.25 } },
    ]);
    expect(text).toMatch(/0\.11x +>= 0\.25x +0\.43 +FAIL/);
  });

  it("GIVEN values of 10 and more or whole THEN they read as before (one decimal, or none)", () => {
    const text = summaryText([
      { bench: "b", name: "latency", value: 123.456, unit: "ms", target: { op: "<", value: 400 } },
    ]);
    expect(text).toMatch(/123\.5 ms +< 400 ms/);
  });

  it("GIVEN the --quick run's 100 concurrent requests THEN its rows say 100, the count sent", () => {
    const report: ForecastServiceReport = {
      cached: result,
      uncached: result,
      concurrent: { ...spread, requests: 100, answered: 100, distinct: 15, modelRuns: 15, wallMs: 5 },
      idle: spread,
      duringRetrain: { ...spread, retrainProgress: 0.5 },
    };
    const names = summariseForecastService(report).map((row) => row.name);
    expect(names).toContain("100 concurrent: model runs");
    expect(names).toContain("100 concurrent: p99");
    const full = { ...report, concurrent: { ...report.concurrent, requests: 1000 } };
    expect(summariseForecastService(full).map((row) => row.name)).toContain("1,000 concurrent: p99");
  });
});
