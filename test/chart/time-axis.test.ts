import { describe, expect, it } from "vitest";
import { buildTimeAxis } from "../../src/chart/time-axis.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe("buildTimeAxis", () => {
  const origin = Date.UTC(2025, 0, 12);
  const daily = buildTimeAxis({
    firstClose: origin - 89 * DAY,
    origin,
    target: origin + DAY,
    step: DAY,
    zoneSteps: 16,
  });

  it("GIVEN a 1-step forecast THEN the forecast zone is still 16 candles wide and ends at the axis end", () => {
    expect(daily.toAxis(origin)).toBe(origin);
    expect(daily.max).toBe(origin + 16 * DAY);
    expect(daily.toAxis(origin + DAY / 2)).toBe(origin + 8 * DAY);
  });

  it("GIVEN history times THEN they are not stretched", () => {
    expect(daily.toAxis(origin - 10 * DAY)).toBe(origin - 10 * DAY);
  });

  it("GIVEN 90 days of daily history THEN ticks fall on the 1st and 15th, and the target closes the axis", () => {
    const labels = daily.ticks.map((t) => t.label);
    expect(labels).toEqual(["Oct 15", "Nov 1", "Nov 15", "Dec 1", "Dec 15", "Jan 1", "Jan 13"]);
    expect(daily.ticks.at(-1)?.value).toBe(daily.max);
  });

  it("GIVEN 4h candles and a target at 20:00 THEN history ticks are UTC midnights and the target shows its hour", () => {
    const o = Date.UTC(2025, 0, 11, 20);
    const axis = buildTimeAxis({
      firstClose: o - 89 * 4 * HOUR,
      origin: o,
      target: o + 24 * HOUR,
      step: 4 * HOUR,
      zoneSteps: 16,
    });
    for (const tick of axis.ticks.slice(0, -1)) expect(new Date(tick.value).getUTCHours()).toBe(0);
    expect(axis.ticks.at(-1)?.label).toBe("Jan 12 20:00");
  });
});
