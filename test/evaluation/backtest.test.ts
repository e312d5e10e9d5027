import { describe, expect, it } from "vitest";
import { backtestFromProbabilities, backtestLongFlat } from "../../src/evaluation/backtest.js";

// Five one-step holds: +10%, -10%, 0%, +10%, -10%.
const originClose = [100, 110, 99, 99, 108.9];
const actualClose = [110, 99, 99, 108.9, 98.01];
const pUp = [0.7, 0.3, 0.6, 0.8, 0.2]; // long, flat, long, long, flat
const fee = 0.001;

describe("backtestFromProbabilities on a five-step hand example with 0.1% fees", () => {
  const result = backtestFromProbabilities(pUp, originClose, actualClose, {
    periodsPerYear: 365,
    feeRate: fee,
  });

  it("THEN the strategy pays four fees (enter, exit, enter, exit) and returns 0.999^4 * 1.1 * 1.1 - 1", () => {
    expect(result.strategy.trades).toBe(4);
    expect(result.strategy.totalReturn).toBeCloseTo(0.999 ** 4 * 1.1 * 1.1 - 1, 12);
    expect(result.strategy.exposure).toBeCloseTo(0.6, 12);
  });

  it("THEN its drawdown is the two fees between the peak 0.999*1.1 and the re-entry", () => {
    expect(result.strategy.maxDrawdown).toBeCloseTo(1 - 0.999 ** 2, 12);
  });

  it("THEN Sharpe is mean/sd of the net period returns times sqrt(365)", () => {
    const r = [0.999 * 1.1 - 1, -0.001, -0.001, 0.1, -0.001];
    const mean = r.reduce((a, b) => a + b, 0) / 5;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(result.strategy.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 10);
  });

  it("THEN buy-and-hold pays one fee in and one out: 0.999^2 * 1.1 * 0.9 * 1.1 * 0.9 - 1", () => {
    expect(result.buyAndHold.trades).toBe(2);
    expect(result.buyAndHold.totalReturn).toBeCloseTo(0.999 ** 2 * 1.1 * 0.9 * 1.1 * 0.9 - 1, 12);
    expect(result.buyAndHold.maxDrawdown).toBeCloseTo(1 - 0.9 * 1.1 * 0.9 * 0.999, 12);
  });

  it("GIVEN P(up) exactly at the threshold THEN it stays flat and pays nothing", () => {
    const flat = backtestFromProbabilities([0.5, 0.5, 0.5, 0.5, 0.5], originClose, actualClose, {
      periodsPerYear: 365,
    });
    expect(flat.strategy).toMatchObject({ totalReturn: 0, trades: 0, maxDrawdown: 0, sharpe: null });
  });

  it("GIVEN quantile forecasts THEN backtestLongFlat trades on their interpolated P(up)", () => {
    const shift = (p: number) => (p > 0.5 ? 0.1 : -0.1);
    const quantiles = pUp.map((p) => [-0.2, -0.1, 0, 0.1, 0.2].map((v) => v + shift(p)));
    const fromQuantiles = backtestLongFlat({ originClose, actualClose, quantiles }, { periodsPerYear: 365 });
    expect(fromQuantiles.strategy).toEqual(result.strategy);
  });
});
