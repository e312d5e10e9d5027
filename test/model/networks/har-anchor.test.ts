import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarForecaster } from "../../../src/model/baselines/har.js";
import { selectStandardised } from "../../../src/model/networks/anchored-windows.js";
import { BUILDERS, DEFAULT_HYPERPARAMETERS } from "../../../src/model/networks/architectures.js";
import { anchoredBuilder } from "../../../src/model/networks/fit-anchored.js";
import {
  anchoredQuantiles,
  anchorScales,
  blendedMedians,
  chooseAnchorWeights,
  fitHarAnchors,
  pooledFhsQuantiles,
} from "../../../src/model/networks/har-anchor.js";
import { createRng } from "../../../src/model/networks/seed.js";
import { predictQuantiles } from "../../../src/model/networks/serve-network.js";
import { QUANTILES } from "../../../src/model/types.js";
import { clusteredCandles, DAY, START } from "../../helpers/synthetic-panel.js";

const horizons = [1, 3, 7];
beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("HAR anchor", () => {
  it("GIVEN an untrained anchored network THEN its forecast IS HAR's volatility times the FHS quantiles", () => {
    const coin = { symbol: "AAA/USDT", candles: clusteredCandles(700, 3) };
    const trainEnd = coin.candles[599]?.time as number;
    const anchors = fitHarAnchors([coin], trainEnd, horizons);
    // The HAR baseline fitted on the same slice: its forecast divided by its FHS quantiles is its sd.
    const har = createHarForecaster();
    return har.fit([coin], trainEnd, horizons).then(async () => {
      const origins = [620, 650, 690];
      const harForecast = await har.predict(coin, origins, horizons);
      const harFhs = har.exportFits()["AAA/USDT"]?.quantiles as Record<string, number[]>;
      const sd = anchorScales(anchors, coin, origins, horizons);
      // The network's start: the FHS quantiles (here HAR's own, to compare like with like).
      const fhs = horizons.map((h) => harFhs[String(h)] as number[]);
      const targetScale = [1.3, 0.9, 1.1];
      const shape = { window: 20, features: 6, horizons: 3, quantiles: QUANTILES };
      const hyper = { ...DEFAULT_HYPERPARAMETERS, convFilters: [4], recurrentUnits: [4], denseUnits: 4 };
      const model = anchoredBuilder(BUILDERS["cnn-gru"], fhs, targetScale)(shape, hyper, 7);
      const rng = createRng(9);
      const x = Float32Array.from({ length: origins.length * 20 * 6 }, () => 4 * (rng() - 0.5));
      const raw = predictQuantiles(model, x, origins.length, 20, targetScale);
      model.dispose();
      origins.forEach((_, o) => {
        const network = anchoredQuantiles(
          raw[o] ?? [],
          fhs,
          [1, 1, 1],
          horizons.map((_, h) => sd[h]?.[o] as number),
        );
        horizons.forEach((_, h) => {
          const expected = harForecast[o]?.[h] as number[];
          (network[h] as number[]).forEach((v, j) => {
            expect(Math.abs(v - (expected[j] as number))).toBeLessThan(
              1e-6 * Math.abs(expected[j] as number) + 1e-9,
            );
          });
        });
      });
    });
  });

  it("GIVEN a weight of 0 THEN the forecast is HAR-FHS whatever the network says; 1 gives the network", () => {
    const fhs = [[-2, -1, 0, 1, 2]];
    const network = [[-3, -1.5, 0.2, 1.5, 3]];
    expect(anchoredQuantiles(network, fhs, [0], [0.5])[0]).toEqual([-1, -0.5, 0, 0.5, 1]);
    // The median stays zero drift: the network changes the scale and shape only.
    expect(anchoredQuantiles(network, fhs, [1], [2])[0]).toEqual([-6.4, -3.4, 0, 2.6, 5.6]);
  });

  it("GIVEN a saved median shrink (models trained before the pin) THEN that share of the blend's median departure is kept", () => {
    const fhs = [[-2, -1, 0, 1, 2]];
    const network = [[-3, -1.5, 0.2, 1.5, 3]];
    // Weight 1, shrink 1: the network as it is; shrink 0.5: half its median, the shape unchanged.
    const full = anchoredQuantiles(network, fhs, [1], [2], [1])[0] ?? [];
    for (const [j, v] of [-6, -3, 0.4, 3, 6].entries()) expect(full[j]).toBeCloseTo(v, 12);
    const half = anchoredQuantiles(network, fhs, [0.5], [2], [0.5])[0] ?? [];
    // Weight 0.5: blend [-2.5, -1.25, 0.1, 1.25, 2.5], pinned [-2.6, -1.35, 0, 1.15, 2.4], + 0.5 * 0.1, times sd 2.
    for (const [j, v] of [-5.1, -2.6, 0.1, 2.4, 4.9].entries()) expect(half[j]).toBeCloseTo(v, 12);
    expect(blendedMedians([network], fhs, [0.5])).toEqual([[0.1]]);
  });

  it("GIVEN calibration windows where the network is worse THEN its weight is 0; where better, above 0", () => {
    const rng = createRng(5);
    const z = () => {
      // A standard normal by Box-Muller, so that the FHS start (normal quantiles) is right.
      return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    };
    const normal = [-1.96, -1.2816, 0, 1.2816, 1.96];
    const targets = Array.from({ length: 400 }, () => [z(), 2 * z()]);
    const start = [normal, normal];
    // Horizon 0: the network is twice too wide (worse); horizon 1: it knows the scale is 2 (better).
    const network = targets.map(() => [normal.map((v) => 2 * v), normal.map((v) => 2 * v)]);
    const weights = chooseAnchorWeights(network, start, targets);
    expect(weights[0]).toBe(0);
    expect(weights[1]).toBeGreaterThan(0.5);
    // Fewer than 30 validation windows: no evidence, HAR.
    expect(chooseAnchorWeights(network.slice(0, 10), start, targets.slice(0, 10))).toEqual([0, 0]);
  });

  it("GIVEN a coin listed later THEN it has no anchor before it has HAR's history, and the others keep theirs", () => {
    const early = { symbol: "OLD/USDT", candles: clusteredCandles(700, 1) };
    const late = { symbol: "NEW/USDT", candles: clusteredCandles(300, 2, { from: 500 }) };
    const trainEnd = START + 599 * DAY;
    const anchors = fitHarAnchors([early, late], trainEnd, horizons);
    expect([...anchors.models.keys()]).toEqual(["OLD/USDT"]);
    // An anchor reads candles[0..origin] only: changing later candles changes nothing at the origin.
    const altered = {
      ...early,
      candles: early.candles.map((c, i) => (i > 650 ? { ...c, close: c.close * 3 } : c)),
    };
    expect(anchorScales(anchors, altered, [640], horizons)).toEqual(
      anchorScales(anchors, early, [640], horizons),
    );
  });

  it("GIVEN standardised training windows THEN stride, the keep rule and NaN anchors select samples", () => {
    const split = {
      x: Float32Array.from({ length: 6 * 2 }, (_, i) => i),
      y: Float32Array.from({ length: 6 }, (_, i) => i + 1),
      endIndex: Int32Array.from([10, 11, 12, 13, 14, 15]),
      seriesIndex: Int32Array.from([0, 0, 0, 0, 0, 0]),
      endTime: new Float64Array(6),
      count: 6,
    };
    const picked = selectStandardised(
      split,
      [1],
      2,
      (_, t) => (t === 14 ? Number.NaN : 2),
      (_, t) => t % 2 === 0,
    );
    expect(picked.count).toBe(2);
    expect(Array.from(picked.y)).toEqual([0.5, 1.5]);
    expect(Array.from(picked.x)).toEqual([0, 1, 4, 5]);
  });

  it("GIVEN pooled standardised returns THEN the FHS quantiles are their empirical quantiles with median 0", () => {
    const rows = Array.from({ length: 1001 }, (_, i) => [(i - 500) / 100 + 0.5]);
    const [q] = pooledFhsQuantiles(rows, 1);
    expect(q?.[2]).toBeCloseTo(0, 10);
    expect(q?.[3]).toBeCloseTo(4, 1);
  });
});
