import { describe, expect, it } from "vitest";
import { buildScene, CHART_HISTORY } from "../../src/chart/scene.js";
import { btcDaily, xrp4h } from "./fixtures.js";

const DAY = 86_400_000;

describe("buildScene", () => {
  const { forecast, history } = btcDaily();
  const scene = buildScene(forecast, history);

  it("GIVEN 120 candles THEN the last CHART_HISTORY closes are drawn, each at its candle's close time", () => {
    expect(CHART_HISTORY).toBeGreaterThanOrEqual(60);
    expect(scene.history).toHaveLength(CHART_HISTORY);
    expect(scene.history.at(-1)).toEqual({ x: forecast.asOf + DAY, y: forecast.lastPrice });
  });

  it("GIVEN a forecast THEN the median path and both cones start at the last close and end at the target", () => {
    const tip = { x: forecast.asOf + DAY, y: forecast.lastPrice };
    const end = scene.axis.toAxis(forecast.targetTime);
    expect(scene.median).toEqual([tip, { x: end, y: forecast.median }]);
    expect(scene.band80.low[1]).toEqual({ x: end, y: forecast.interval80.low });
    expect(scene.band95.high[1]).toEqual({ x: end, y: forecast.interval95.high });
    expect(scene.band80.high[0]).toEqual(tip);
  });

  it("GIVEN a daily forecast THEN the title names pair and horizon, as of the close of the last candle in UTC", () => {
    expect(scene.title).toBe("BTC/USDT · 1d forecast");
    expect(scene.asOf).toBe("as of 2025-01-12 00:00 UTC");
    expect(scene.stale).toBe(false);
    expect(scene.footer).toContain("cnn-gru 2025-12-08 a1b2c3d4");
    expect(scene.footer).toContain("not financial advice");
  });

  it("GIVEN stale XRP data THEN the scene says so and prices keep four decimals", () => {
    const xrp = xrp4h();
    const s = buildScene(xrp.forecast, xrp.history);
    expect(s.stale).toBe(true);
    expect(s.last.text).toMatch(/^\d\.\d{4}$/);
    expect(s.asOf).toBe("as of 2025-01-11 20:00 UTC");
  });

  it("GIVEN a history that does not end with the forecast's origin candle THEN it refuses to draw", () => {
    expect(() => buildScene(forecast, history.slice(0, -1))).toThrow(/origin candle/);
    expect(() => buildScene(forecast, [])).toThrow(/no candles/);
  });
});
