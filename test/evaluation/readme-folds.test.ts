import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/time.js";

/** The fold origins a recorded walk-forward used, "2023-01-01, 2023-12-27 and 2024-12-21". */
function recordedOrigins(timeframe: "1d" | "4h"): string {
  const report = JSON.parse(readFileSync(`models/evaluation/${timeframe}/report.json`, "utf8")) as {
    folds: { firstOrigin: number }[];
  };
  const days = report.folds.map((f) => isoDay(f.firstOrigin));
  return `${days.slice(0, -1).join(", ")} and ${days.at(-1)}`;
}

describe("README's fold origins", () => {
  it("GIVEN the recorded 1d and 4h walk-forwards THEN every fold list README gives is theirs (360 days apart, not calendar years)", () => {
    const readme = readFileSync("README.md", "utf8").replace(/\s+/g, " ");
    const quoted = [...readme.matchAll(/folds[^.;]*?origins ((?:\d{4}-\d\d-\d\d(?:, | and )?)+)/g)].map((m) =>
      (m[1] ?? "").replace(/, $/, ""),
    );
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    expect(recordedOrigins("4h")).toBe(recordedOrigins("1d"));
    for (const list of quoted) expect(list).toBe(recordedOrigins("1d"));
  });
});
