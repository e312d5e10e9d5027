import { describe, expect, it } from "vitest";
import {
  benchForecastLatency,
  QUICK_OPTIONS,
  summariseForecastLatency,
} from "../../bench/forecast-latency.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import { projectPath } from "../../src/paths.js";

describe("bench/forecast-latency", () => {
  it("GIVEN the shipped daily model, whatever its kind THEN the bench measures it instead of failing", async () => {
    const modelDir = projectPath("models", "1d");
    const [meta] = await readSavedMetas(modelDir);
    const report = await benchForecastLatency({ ...QUICK_OPTIONS, modelDir });
    expect(report.status).toBe("measured");
    if (report.status !== "measured") return;
    expect(report.kind).toBe(
      meta !== undefined && "kind" in meta && meta.kind === "statistical" ? "statistical" : "network",
    );
    expect(report.single.medianMs).toBeGreaterThan(0);
    expect(report.batch.runs).toBeGreaterThan(0);
    expect(summariseForecastLatency(report).map((row) => row.name)).toEqual([
      `forecast 1 origin, ${report.kind} on ${report.selected === null ? "JavaScript" : report.selected.name}`,
      `forecast 256 origins, ${report.kind} on ${report.selected === null ? "JavaScript" : report.selected.name}`,
    ]);
  });
});
