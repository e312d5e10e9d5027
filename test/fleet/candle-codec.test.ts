import { describe, expect, it } from "vitest";
import { packCandles, unpackCandles } from "../../src/fleet/candle-codec.js";
import type { Candle } from "../../src/market/types.js";

describe("candles packed for a queue job", () => {
  it("GIVEN candles with awkward numbers, filled gaps and realised variance THEN they come back exactly as they were", () => {
    const candles: Candle[] = [
      { time: 1_700_000_000_000, open: 0.1 + 0.2, high: 97_123.456789, low: 1e-9, close: 2 / 3, volume: 0 },
      { time: 1_700_014_400_000, open: 1, high: 1, low: 1, close: 1, volume: 1, filled: true },
      { time: 1_700_028_800_000, open: 5, high: 6, low: 4, close: 5.5, volume: 12.5, realizedVariance: 0 },
      {
        time: 1_700_043_200_000,
        open: 5,
        high: 6,
        low: 4,
        close: 5.5,
        volume: 12.5,
        realizedVariance: 3.2e-4,
      },
    ];
    const packed = packCandles(candles);
    expect(typeof packed).toBe("string");
    expect(unpackCandles(packed)).toEqual(candles);
    expect(unpackCandles(packCandles([]))).toEqual([]);
  });

  it("GIVEN a packed string cut short THEN unpacking refuses it", () => {
    const packed = packCandles([{ time: 1, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    expect(() => unpackCandles(packed.slice(0, 40))).toThrow(/whole number of candles/);
  });
});
