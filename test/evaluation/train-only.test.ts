import { describe, expect, it } from "vitest";
import { withTrainOnly } from "../../src/evaluation/train-only.js";
import { walkForward } from "../../src/evaluation/walk-forward.js";
import type { Candle } from "../../src/market/types.js";
import type { Forecaster, SeriesData } from "../../src/model/types.js";

const DAY = 86_400_000;
const START = Date.UTC(2022, 0, 1);
const days = (n: number, from = 0): Candle[] =>
  Array.from({ length: n }, (_, i) => {
    const close = 100 * Math.exp(0.01 * Math.sin(i + from));
    return {
      time: START + (from + i) * DAY,
      open: close,
      high: close * 1.01,
      low: close * 0.99,
      close,
      volume: 1,
    };
  });

describe("coins that only train (listed after the first fit)", () => {
  it("GIVEN a late-listed coin THEN the network fits on it in every fold and nothing is scored on it", async () => {
    const seen: string[][] = [];
    const network: Forecaster = {
      name: "net",
      fit: async (series) => {
        seen.push(series.map((s) => s.symbol));
      },
      predict: async (_s, origins, horizons) =>
        origins.map(() => horizons.map(() => [-0.02, -0.01, 0, 0.01, 0.02])),
    };
    const scored: SeriesData[] = [{ symbol: "OLD/USDT", candles: days(200) }];
    const late: SeriesData = { symbol: "NEW/USDT", candles: days(60, 140) };
    const result = await walkForward({
      series: scored,
      forecasters: [withTrainOnly(network, [late])],
      horizons: [1],
      start: START + 100 * DAY,
      end: START + 180 * DAY,
      refitEvery: 40,
    });
    expect(seen).toEqual([
      ["OLD/USDT", "NEW/USDT"],
      ["OLD/USDT", "NEW/USDT"],
      ["OLD/USDT", "NEW/USDT"],
    ]);
    expect(result.symbols).toEqual(["OLD/USDT"]);
    expect(new Set(result.entries.map((e) => e.symbol))).toEqual(new Set(["OLD/USDT"]));
    // Nothing to add: the network itself.
    expect(withTrainOnly(network, [])).toBe(network);
  });
});
