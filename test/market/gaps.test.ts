import { describe, expect, it } from "vitest";
import { fillGaps, findGaps } from "../../src/market/gaps.js";
import { loadShipped } from "../../src/market/shipped.js";
import type { Candle } from "../../src/market/types.js";
import { at, H4, run } from "./fixtures.js";

describe("findGaps / fillGaps on hand-made candles", () => {
  const start = at("2024-01-01T00:00");
  // 00:00, 04:00 present; 08:00, 12:00 missing; 16:00 present; 20:00 missing; next day 00:00 present.
  const all = run(start, 7);
  const holey = [all[0], all[1], all[4], all[6]] as Candle[];

  it("GIVEN missing open times THEN each run is reported as [from, to) with its count", () => {
    expect(findGaps(holey)).toEqual([
      { from: at("2024-01-01T08:00"), to: at("2024-01-01T16:00"), missing: 2 },
      { from: at("2024-01-01T20:00"), to: at("2024-01-02T00:00"), missing: 1 },
    ]);
  });

  it("GIVEN gaps THEN each missing candle is flat at the previous close with zero volume, marked filled", () => {
    const { candles, gaps } = fillGaps(holey);
    expect(gaps).toHaveLength(2);
    expect(candles.map((c) => c.time)).toEqual(all.map((c) => c.time));
    const previousClose = all[1]?.close as number;
    for (const c of candles.slice(2, 4)) {
      expect(c).toEqual({
        time: c.time,
        open: previousClose,
        high: previousClose,
        low: previousClose,
        close: previousClose,
        volume: 0,
        filled: true,
      });
    }
    expect(candles[5]).toMatchObject({ close: all[4]?.close, filled: true });
    expect(candles[4]).toBe(all[4]); // present candles pass through untouched
  });

  it("GIVEN no gaps, one candle or none THEN nothing is filled", () => {
    expect(fillGaps(all)).toEqual({ candles: all, gaps: [] });
    expect(fillGaps(all.slice(0, 1)).gaps).toEqual([]);
    expect(fillGaps([])).toEqual({ candles: [], gaps: [] });
  });

  it.each([
    ["out of order", [all[1], all[0]]],
    ["a duplicate", [all[0], all[0]]],
    ["misaligned", [all[0], { ...all[1], time: start + H4 + 60_000 }]],
  ])("GIVEN candles %s THEN gap finding refuses them", (_, candles) => {
    expect(() => findGaps(candles as Candle[])).toThrow(/strictly ascending and aligned/);
  });
});

describe("gaps in the shipped history", () => {
  it("GIVEN the real series THEN BTC and ETH have 8 gaps of 16 candles, XRP 7 of 9; the longest is 7 candles", async () => {
    const report = await Promise.all(
      ["BTC/USDT", "ETH/USDT", "XRP/USDT"].map(async (symbol) => {
        const { candles, gaps } = fillGaps((await loadShipped(symbol)) ?? []);
        const missing = gaps.reduce((n, g) => n + g.missing, 0);
        expect(candles.filter((c) => c.filled).length).toBe(missing);
        expect(findGaps(candles)).toEqual([]);
        return {
          gaps: gaps.length,
          missing,
          longest: gaps.reduce((a, b) => (b.missing > a.missing ? b : a)),
        };
      }),
    );
    expect(report.map((r) => [r.gaps, r.missing])).toEqual([
      [8, 16],
      [8, 16],
      [7, 9],
    ]);
    // The last candle before the longest gap opened 2018-02-08 00:00, the next one 2018-02-09 08:00.
    const longest = { from: at("2018-02-08T04:00"), to: at("2018-02-09T08:00"), missing: 7 };
    expect(report[0]?.longest).toEqual(longest);
    expect(report[1]?.longest).toEqual(longest);
    // XRP's history starts in May 2018, after that gap; its longest are two 2-candle gaps.
    expect(report[2]?.longest).toEqual({
      from: at("2018-06-26T04:00"),
      to: at("2018-06-26T12:00"),
      missing: 2,
    });
  });
});
