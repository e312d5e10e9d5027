import { describe, expect, it } from "vitest";
import { fillGaps } from "../../src/market/gaps.js";
import { periodStart, resample } from "../../src/market/resample.js";
import { loadShipped } from "../../src/market/shipped.js";
import type { Candle } from "../../src/market/types.js";
import { at, candle, H4, run } from "./fixtures.js";

/** The daily candle a 4h run should aggregate to, written out by hand. */
function aggregate(parts: readonly Candle[], time: number): Candle {
  return {
    time,
    open: parts[0]?.open as number,
    high: Math.max(...parts.map((c) => c.high)),
    low: Math.min(...parts.map((c) => c.low)),
    close: parts.at(-1)?.close as number,
    volume: parts.reduce((sum, c) => sum + c.volume, 0),
    realizedVariance: expect.any(Number),
  };
}

describe("periodStart", () => {
  it("GIVEN times inside a period THEN the period's UTC open time comes back (weeks start Monday)", () => {
    expect(periodStart(at("2024-01-03T17:59"), "4h")).toBe(at("2024-01-03T16:00"));
    expect(periodStart(at("2024-01-03T17:59"), "1d")).toBe(at("2024-01-03T00:00"));
    expect(periodStart(at("2024-01-07T23:59"), "1w")).toBe(at("2024-01-01T00:00")); // Sunday -> Monday before
    expect(periodStart(at("2024-01-08T00:00"), "1w")).toBe(at("2024-01-08T00:00"));
    expect(periodStart(at("1969-12-31T20:00"), "1w")).toBe(at("1969-12-29T00:00")); // before the epoch too
  });
});

describe("resample", () => {
  it("GIVEN six 4h candles of a UTC day THEN one daily candle: first open, last close, max high, min low, summed volume", () => {
    const day = run(at("2024-01-02T00:00"), 6).map((c, i) => ({
      ...c,
      volume: i + 1,
      high: c.high + (i === 2 ? 50 : 0),
    }));
    expect(resample(day, "1d")).toEqual([aggregate(day, at("2024-01-02T00:00"))]);
    expect(resample(day, "1d")[0]).toMatchObject({ open: 100, close: 106, high: 154, volume: 21 });
  });

  it("GIVEN two days of 4h closes THEN each daily candle's realised variance is the sum of its six squared 4h log returns, the first against the close before the day", () => {
    const closes = [101, 99, 100, 103, 102, 104, 100, 98, 97, 99, 101, 100];
    const parts = run(at("2024-01-02T00:00"), 12).map((c, i) => ({
      ...c,
      open: i === 0 ? 100 : (closes[i - 1] as number),
      close: closes[i] as number,
      high: 110,
      low: 90,
    }));
    const [first, second] = resample(parts, "1d");
    // By hand: day 1 from the first open (100), day 2 from day 1's last close (104).
    const day1 = [101 / 100, 99 / 101, 100 / 99, 103 / 100, 102 / 103, 104 / 102];
    const day2 = [100 / 104, 98 / 100, 97 / 98, 99 / 97, 101 / 99, 100 / 101];
    const sumSq = (ratios: number[]) => ratios.reduce((s, r) => s + Math.log(r) ** 2, 0);
    expect(first?.realizedVariance).toBeCloseTo(sumSq(day1), 15);
    expect(second?.realizedVariance).toBeCloseTo(sumSq(day2), 15);
  });

  it("GIVEN partial days at both ends THEN they are dropped, so a running day never passes for a closed one", () => {
    // 2024-01-01 16:00 .. 2024-01-04 08:00: 2 candles of day 1, days 2 and 3 whole, 3 candles of day 4.
    const candles = run(at("2024-01-01T16:00"), 2 + 12 + 3);
    const daily = resample(candles, "1d");
    expect(daily.map((c) => c.time)).toEqual([at("2024-01-02T00:00"), at("2024-01-03T00:00")]);
    expect(daily[1]).toEqual(aggregate(candles.slice(8, 14), at("2024-01-03T00:00")));
  });

  it("GIVEN fewer candles than one whole period THEN there is no resampled candle", () => {
    expect(resample(run(at("2024-01-01T00:00"), 5), "1d")).toEqual([]);
    expect(resample([], "1w")).toEqual([]);
  });

  it("GIVEN 4h candles over ISO weeks THEN weekly candles run Monday 00:00 to Sunday 20:00 UTC", () => {
    // Sunday 2023-12-31 20:00 (end of a partial week), then two whole weeks, then Monday 00:00 alone.
    const candles = run(at("2023-12-31T20:00"), 1 + 84 + 1);
    const weekly = resample(candles, "1w");
    expect(weekly).toEqual([
      aggregate(candles.slice(1, 43), at("2024-01-01T00:00")),
      aggregate(candles.slice(43, 85), at("2024-01-08T00:00")),
    ]);
  });

  it("GIVEN filled parts THEN a resampled candle is filled only when all of its parts are", () => {
    const start = at("2024-01-01T00:00");
    const flat = (time: number): Candle => ({ ...candle(time, 100), filled: true });
    const allFilled = Array.from({ length: 6 }, (_, i) => flat(start + i * H4));
    const someFilled = [
      ...run(start + 6 * H4, 1),
      ...Array.from({ length: 5 }, (_, i) => flat(start + (7 + i) * H4)),
    ];
    const [first, second] = resample([...allFilled, ...someFilled], "1d");
    expect(first?.filled).toBe(true);
    expect(second).not.toHaveProperty("filled");
  });

  it("GIVEN a series with a gap THEN resampling refuses it rather than make a short period", () => {
    const candles = run(at("2024-01-01T00:00"), 12);
    candles.splice(3, 1);
    expect(() => resample(candles, "1d")).toThrow(/continuous 4h candles.*fill gaps first/);
  });

  it("GIVEN 4h THEN the candles come back as a copy", () => {
    const candles = run(at("2024-01-01T00:00"), 3);
    const same = resample(candles, "4h");
    expect(same).toEqual(candles);
    expect(same).not.toBe(candles);
  });
});

describe("resample on the shipped history", () => {
  it("GIVEN BTC THEN the 2024-01-01 daily candle is the aggregate of its six 4h candles, and the ends are whole", async () => {
    const { candles } = fillGaps((await loadShipped("BTC/USDT")) ?? []);
    const day = at("2024-01-01T00:00");
    const parts = candles.filter((c) => c.time >= day && c.time < day + 6 * H4);
    expect(parts).toHaveLength(6);
    const daily = resample(candles, "1d");
    expect(daily.find((c) => c.time === day)).toEqual(aggregate(parts, day));
    // The history starts 2017-08-17 04:00 and ends 2025-12-09 04:00: both days are partial, so dropped.
    expect(daily[0]?.time).toBe(at("2017-08-18T00:00"));
    expect(daily.at(-1)?.time).toBe(at("2025-12-08T00:00"));
    const weekly = resample(candles, "1w");
    expect(weekly[0]?.time).toBe(at("2017-08-21T00:00")); // the first whole ISO week
    expect(weekly.at(-1)?.time).toBe(at("2025-12-01T00:00"));
    // Gap days hold real candles too, so none of them is wholly filled.
    expect(daily.filter((c) => c.filled)).toEqual([]);
  });
});
