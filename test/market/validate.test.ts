import { describe, expect, it } from "vitest";
import type { Candle } from "../../src/market/types.js";
import { validateCandle } from "../../src/market/validate.js";
import { at, candle } from "./fixtures.js";

const good = candle(at("2024-01-01T04:00"), 105);

describe("validateCandle", () => {
  it("GIVEN a sound candle THEN there is no reason to refuse it", () => {
    expect(validateCandle(good)).toBeNull();
    // A zero-volume candle is real (the shipped BTC and ETH history hold one at 2017-09-06 16:00).
    expect(validateCandle({ ...good, open: 5, high: 5, low: 5, close: 5, volume: 0 })).toBeNull();
  });

  it.each<[string, Partial<Candle>, RegExp]>([
    ["a misaligned time", { time: at("2024-01-01T05:00") }, /not aligned to a 4h open time/],
    ["a fractional time", { time: at("2024-01-01T04:00") + 0.5 }, /not an integer/],
    ["a NaN time", { time: Number.NaN }, /not an integer/],
    ["a zero open", { open: 0 }, /open 0 is not a finite positive price/],
    ["a negative low", { low: -1 }, /low -1 is not a finite positive price/],
    ["an infinite high", { high: Number.POSITIVE_INFINITY }, /high Infinity/],
    ["a NaN close", { close: Number.NaN }, /close NaN/],
    ["a negative volume", { volume: -0.1 }, /volume -0.1 is not a finite number >= 0/],
    ["a low above the open", { low: 101 }, /low 101 is above min\(open, close\) 100/],
    ["a high below the close", { high: 104 }, /high 104 is below max\(open, close\) 105/],
  ])("GIVEN %s THEN the reason says what is wrong", (_, change, reason) => {
    expect(validateCandle({ ...good, ...change })).toMatch(reason);
  });

  it("GIVEN daily and weekly timeframes THEN alignment is to UTC midnight and to Monday", () => {
    expect(validateCandle({ ...good, time: at("2024-01-01T00:00") }, "1d")).toBeNull();
    expect(validateCandle(good, "1d")).toMatch(/not aligned to a 1d/);
    expect(validateCandle({ ...good, time: at("2024-01-01T00:00") }, "1w")).toBeNull(); // a Monday
    expect(validateCandle({ ...good, time: at("2024-01-04T00:00") }, "1w")).toMatch(/not aligned to a 1w/);
  });
});
