import { describe, expect, it } from "vitest";
import { calendarShares, calendarTermNames, dayBlock, WEEKEND } from "../../src/features/calendar.js";
import type { Candle } from "../../src/market/types.js";

const HOUR = 3_600_000;

/** Flat candles every `stepHours` from `start`: the calendar reads their times only. */
function candlesFrom(start: number, n: number, stepHours: number): Candle[] {
  return Array.from({ length: n }, (_, t) => ({
    time: start + t * stepHours * HOUR,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
  }));
}

// 2024-01-04 was a Thursday.
const THURSDAY = Date.UTC(2024, 0, 4);

describe("calendar shares of a forecast span", () => {
  it("GIVEN daily candles from a Thursday THEN the weekend share counts the Saturdays and Sundays after each origin", () => {
    const candles = candlesFrom(THURSDAY, 8, 24); // Thu Fri Sat Sun Mon Tue Wed Thu
    expect(calendarTermNames(1)).toEqual([WEEKEND]);
    expect([...(calendarShares(candles, 1)[WEEKEND] ?? [])]).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
    // Thursday's next three days are Fri, Sat, Sun; Monday's are Tue, Wed, Thu.
    const three = calendarShares(candles, 3)[WEEKEND] ?? [];
    expect(three[0]).toBeCloseTo(2 / 3, 15);
    expect(three[4]).toBe(0);
  });

  it("GIVEN a 7-day span THEN the weekend share is the same at every origin (bit-equal), so HAR leaves it out", () => {
    const shares = calendarShares(candlesFrom(THURSDAY, 30, 24), 7)[WEEKEND] ?? [];
    expect(new Set(shares).size).toBe(1);
    expect(shares[0]).toBeCloseTo(2 / 7, 15);
  });

  it("GIVEN 4h candles THEN each block of the UTC day but the first has a share, and the weekend counts 4h steps", () => {
    expect(calendarTermNames(6)).toEqual([WEEKEND, ...[1, 2, 3, 4, 5].map(dayBlock)]);
    // Friday 20:00 then Saturday 00:00, 04:00, ...
    const candles = candlesFrom(THURSDAY + 24 * HOUR + 20 * HOUR, 4, 4);
    const one = calendarShares(candles, 1);
    expect(one[WEEKEND]?.[0]).toBe(1); // the next candle opens Saturday 00:00
    expect([1, 2, 3, 4, 5].map((k) => one[dayBlock(k)]?.[0])).toEqual([0, 0, 0, 0, 0]); // block 0
    expect([1, 2, 3, 4, 5].map((k) => one[dayBlock(k)]?.[1])).toEqual([1, 0, 0, 0, 0]); // Saturday 04:00
    const three = calendarShares(candles, 3); // from Friday 20:00: Sat 00:00, 04:00, 08:00
    expect([1, 2, 3, 4, 5].map((k) => three[dayBlock(k)]?.[0])).toEqual([1 / 3, 1 / 3, 0, 0, 0]);
    expect(three[WEEKEND]?.[0]).toBe(1);
  });
});
