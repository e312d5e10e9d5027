import { describe, expect, it } from "vitest";
import type { ModelRunner } from "../../src/forecast/runner.js";
import type { SeriesCache } from "../../src/forecast/series-cache.js";
import { volatilityHistory } from "../../src/forecast/volatility-history.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import type { LoadedCandles } from "../../src/market/history.js";
import { fitHar, harHistoryNeeded } from "../../src/model/baselines/har.js";
import { anchorScales, fitHarAnchors, restoreHarAnchors } from "../../src/model/networks/har-anchor.js";
import { generateCandles } from "../helpers/fake-exchange.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const H4 = 4 * 3_600_000;
const FIRST = Date.UTC(2026, 0, 1);
const HORIZONS = [1, 3, 6];

/** A 4h network anchored on HAR, with a saved anchor for BTC only. */
function anchoredModel(): ModelVersionInfo {
  const btc = generateCandles(FIRST - 2000 * H4, 2000, 40_000);
  const fits = fitHarAnchors([{ symbol: "BTC/USDT", candles: btc }], Date.UTC(2026, 0, 1), HORIZONS).states();
  const meta = handMadeMeta({
    timeframe: "4h",
    horizons: HORIZONS,
    targetScaling: "har",
    anchor: { fits, quantiles: HORIZONS.map(() => [-1, -0.5, 0, 0.5, 1]), weights: [0, 0, 0] },
  });
  return {
    id: "anchored",
    dir: "/models/4h/anchored",
    meta,
    version: "cnn-gru anchored",
    promotedAt: null,
    reason: null,
  };
}

/** A runner that scales each origin's quantiles by the HAR anchor the worker would compute (the real anchorScales). */
function anchoringRunner(model: ModelVersionInfo): Pick<ModelRunner, "forecast"> {
  return {
    forecast: async (input) => {
      const { meta } = model;
      if (!("anchor" in meta) || meta.anchor === undefined) throw new Error("an anchored model expected");
      const anchors = restoreHarAnchors(meta.anchor.fits);
      const origins = input.origins ?? [input.candles.length - 1];
      const series = { symbol: input.symbol, candles: input.candles };
      const sd = anchorScales(anchors, series, origins, meta.horizons, meta.trainedUntil)[0] as number[];
      const batch = sd.map((s) => [-2, -1, 0, 1, 2].map((z) => z * s));
      return { quantiles: batch.at(-1) as number[], batch };
    },
  };
}

function seriesOf(symbol: string, count: number): Pick<SeriesCache, "get"> {
  const candles = generateCandles(FIRST, count, 300);
  return {
    get: async (asked) => {
      if (asked !== symbol) throw new Error(`unexpected ${asked}`);
      return { candles, gaps: [], provenance: {} } as unknown as LoadedCandles;
    },
  };
}

describe("volatilityHistory", () => {
  it("GIVEN a coin the anchored network never trained on, 800 4h candles long THEN its days start where HAR's anchor can be fitted, and every one is served", async () => {
    const model = anchoredModel();
    const series = seriesOf("M8/USDT", 800) as SeriesCache;
    const { days, latest } = await volatilityHistory({ series, runner: anchoringRunner(model) }, model, {
      symbol: "M8/USDT",
      timeframe: "4h",
      steps: 1,
      since: 0,
    });
    const { candles } = await series.get("M8/USDT", "4h");
    const firstIndex = candles.findIndex((c) => c.time === days[0]?.asOf);
    // The anchor is fitted on the candles up to the first origin: HAR's need, not only the features' warm-up.
    expect(firstIndex + 1).toBeGreaterThanOrEqual(harHistoryNeeded(6, HORIZONS));
    expect(firstIndex).toBeLessThan(harHistoryNeeded(6, HORIZONS) + 6);
    expect(days.length).toBeGreaterThanOrEqual(80);
    expect(days.every((d) => Number.isFinite(d.volatility) && d.volatility > 0)).toBe(true);
    expect(latest.asOf).toBe(candles.at(-1)?.time);
  });

  it("GIVEN a coin with a saved anchor THEN its days start after the features' warm-up alone", async () => {
    const model = anchoredModel();
    const series = seriesOf("BTC/USDT", 400) as SeriesCache;
    const { days } = await volatilityHistory({ series, runner: anchoringRunner(model) }, model, {
      symbol: "BTC/USDT",
      timeframe: "4h",
      steps: 1,
      since: 0,
    });
    const { candles } = await series.get("BTC/USDT", "4h");
    expect(candles.findIndex((c) => c.time === days[0]?.asOf)).toBeLessThan(
      harHistoryNeeded(6, HORIZONS) - 1,
    );
  });
});

describe("harHistoryNeeded", () => {
  it("GIVEN exactly the candles it names THEN HAR fits every horizon; one fewer THEN it cannot", () => {
    const candles = generateCandles(FIRST, harHistoryNeeded(6, HORIZONS), 300);
    expect(() => HORIZONS.map((h) => fitHar(candles, 6).sd(candles, [candles.length - 1], h))).not.toThrow();
    const short = candles.slice(1);
    expect(() => fitHar(short, 6).sd(short, [short.length - 1], 6)).toThrow(RangeError);
  });
});
