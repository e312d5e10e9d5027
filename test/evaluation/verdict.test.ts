import { describe, expect, it } from "vitest";
import { LEAK_ALARM_MASE, verdicts } from "../../src/evaluation/verdict.js";
import { handMadeEntry } from "./hand-made-entries.js";

const only = (entry: ReturnType<typeof handMadeEntry>) => {
  const [verdict, ...rest] = verdicts([entry], entry.model);
  expect(rest).toHaveLength(0);
  if (verdict === undefined) throw new Error("no verdict");
  return verdict;
};

describe("verdicts against persistence", () => {
  it("GIVEN MASE 0.95 with DM p 0.01 THEN it beats persistence significantly, in one checkable line", () => {
    const v = only(
      handMadeEntry({
        model: "cnn-gru",
        mase: 0.95,
        pBetter: 0.01,
        accuracy: 0.532,
        majorityRate: 0.51,
        coverage80: 0.79,
        coverage95: 0.94,
      }),
    );
    expect(v.beatsPersistence).toBe(true);
    expect(v).toMatchObject({ symbol: "BTC/USDT", horizon: 1, mase: 0.95, dmPValue: 0.01 });
    expect(v.text).toBe(
      "BTC/USDT h=1: MASE 0.950 (DM p=0.010), direction 53.2% vs majority 51.0%, coverage 79%/94%: " +
        "beats persistence (significant).",
    );
  });

  it("GIVEN MASE below 1 but DM p 0.3 THEN it is slightly better, not significantly, and does not count as beating", () => {
    const v = only(handMadeEntry({ model: "cnn-gru", mase: 0.98, pBetter: 0.3 }));
    expect(v.beatsPersistence).toBe(false);
    expect(v.text).toContain("MASE 0.980 (DM p=0.300)");
    expect(v.text).toMatch(/: slightly better than persistence, but not significantly\.$/);
  });

  it("GIVEN MASE above 1 THEN it does not beat persistence", () => {
    const v = only(handMadeEntry({ model: "cnn-gru", mase: 1.05, pBetter: 0.9 }));
    expect(v.beatsPersistence).toBe(false);
    expect(v.text).toMatch(/MASE 1\.050 .*: does not beat persistence\.$/);
    expect(v.text).not.toContain("LEAK");
  });

  it("GIVEN MASE below 1 and DM p exactly 0.05 THEN it is not called significant", () => {
    expect(only(handMadeEntry({ model: "cnn-gru", mase: 0.95, pBetter: 0.05 })).beatsPersistence).toBe(false);
  });

  it("GIVEN MASE below 0.9 THEN the LEAK ALARM is raised beside the verdict", () => {
    expect(LEAK_ALARM_MASE).toBe(0.9);
    const v = only(handMadeEntry({ model: "cnn-gru", mase: 0.85, pBetter: 0.001 }));
    expect(v.beatsPersistence).toBe(true);
    expect(v.text).toContain(
      "beats persistence (significant). LEAK ALARM: MASE below 0.9, check for look-ahead",
    );
    expect(only(handMadeEntry({ model: "cnn-gru", mase: 0.9, pBetter: 0.001 })).text).not.toContain("LEAK");
  });

  it("GIVEN no DM test and no MASE THEN both read n/a and nothing beats persistence", () => {
    const noDm = only(handMadeEntry({ model: "cnn-gru", mase: 0.97, pBetter: null }));
    expect(noDm.dmPValue).toBeNull();
    expect(noDm.beatsPersistence).toBe(false);
    expect(noDm.text).toContain("(DM p=n/a)");
    const noMase = only(handMadeEntry({ model: "cnn-gru", mase: null, pBetter: 0.01 }));
    expect(noMase.beatsPersistence).toBe(false);
    expect(noMase.text).toMatch(/MASE n\/a .*: does not beat persistence\.$/);
  });

  it("GIVEN a median that made no direction call THEN the verdict says so instead of a hit rate", () => {
    const entry = handMadeEntry({ model: "cnn-gru", mase: 1, pBetter: null });
    const direction = { ...entry.metrics.direction, hits: 0, calls: 0, accuracy: Number.NaN };
    const v = only({ ...entry, metrics: { ...entry.metrics, direction } });
    expect(v.text).toContain(
      'MASE 1.000 (DM p=n/a), no direction call (the median is "no change"), coverage',
    );
    expect(v.text).not.toMatch(/direction \d/);
  });

  it("GIVEN a report written before calls were counted THEN a median identical to persistence's reads as no call, any other as recorded", () => {
    const entry = handMadeEntry({ model: "har", mase: 1, pBetter: null, accuracy: 0.49 });
    const { calls: _none, ...recorded } = entry.metrics.direction;
    const old = (metrics: typeof entry.metrics) =>
      only({ ...entry, metrics: { ...metrics, direction: recorded } });
    expect(old(entry.metrics).text).toContain('no direction call (the median is "no change")');
    // A MASE of 1.000 by chance (a DM test was run: the errors differed) keeps its recorded hit rate.
    const differs = handMadeEntry({ model: "arima", mase: 1, pBetter: 0.5, accuracy: 0.49 });
    expect(old(differs.metrics).text).toContain("direction 49.0% vs majority");
  });

  it("GIVEN some points without a call THEN the share is of the calls, and how many there were is said", () => {
    const entry = handMadeEntry({ model: "cnn-gru", mase: 0.99, pBetter: 0.4, accuracy: 0.55 });
    const direction = { ...entry.metrics.direction, calls: 120, hits: 66 };
    expect(only({ ...entry, metrics: { ...entry.metrics, direction } }).text).toContain(
      "direction 55.0% of 120 calls vs majority 52.0%",
    );
  });

  it("GIVEN entries of several models, symbols and horizons THEN only the named model's are judged, in order", () => {
    const entries = [
      handMadeEntry({ model: "cnn-gru", symbol: "BTC/USDT", horizon: 1, mase: 0.99, pBetter: 0.4 }),
      handMadeEntry({ model: "persistence", symbol: "BTC/USDT", horizon: 1, mase: 1, pBetter: null }),
      handMadeEntry({ model: "cnn-gru", symbol: "BTC/USDT", horizon: 3, mase: 1.02, pBetter: 0.7 }),
      handMadeEntry({ model: "cnn-gru", symbol: "ETH/USDT", horizon: 1, mase: 0.97, pBetter: 0.02 }),
    ];
    expect(verdicts(entries, "cnn-gru").map((v) => [v.symbol, v.horizon, v.beatsPersistence])).toEqual([
      ["BTC/USDT", 1, false],
      ["BTC/USDT", 3, false],
      ["ETH/USDT", 1, true],
    ]);
    expect(verdicts(entries, "lstm")).toEqual([]);
  });
});
