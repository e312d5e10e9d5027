import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarForecaster } from "../../../src/model/baselines/har.js";
import { coinFhsQuantiles, MIN_COIN_QUANTILE_ROWS } from "../../../src/model/networks/coin-quantiles.js";
import {
  anchoredQuantiles,
  anchorScales,
  blendQuantiles,
  chooseAnchorWeights,
  fitHarAnchors,
  pooledFhsQuantiles,
} from "../../../src/model/networks/har-anchor.js";
import { gaussian, NORMAL_QUANTILES as normal } from "../../helpers/normal-draws.js";
import { expectBitForBit, pooledBefore } from "../../helpers/pooled-before.js";
import { clusteredCandles } from "../../helpers/synthetic-panel.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("per-coin FHS start (coinQuantiles)", () => {
  it("GIVEN training rows of a wide, a plain and a scarce coin THEN each enough coin gets its own FHS quantiles, the scarce none", () => {
    const z = gaussian(11);
    const rows: number[][] = [];
    const coins: string[] = [];
    const add = (coin: string, n: number, width: number) => {
      for (let i = 0; i < n; i++) {
        rows.push([width * z() + 0.3, width * z()]);
        coins.push(coin);
      }
    };
    add("W", 2000, 2);
    add("P", 2000, 1);
    add("S", MIN_COIN_QUANTILE_ROWS - 1, 5);
    const own = coinFhsQuantiles(rows, coins, 2);
    expect(Object.keys(own).sort()).toEqual(["P", "W"]);
    // Exactly the pooled recipe on the coin's rows alone (median moved to 0, the drift 0.3 gone).
    expect(own.W).toEqual(pooledFhsQuantiles(rows.slice(0, 2000), 2));
    expect(own.P).toEqual(pooledFhsQuantiles(rows.slice(2000, 4000), 2));
    for (const q of [...(own.W ?? []), ...(own.P ?? [])]) expect(q[2]).toBe(0);
    const ratio = (own.W?.[0]?.[4] as number) / (own.P?.[0]?.[4] as number);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });

  it("GIVEN weight 0 THEN the forecast IS HAR with the coin's own FHS quantiles, bit for bit, whatever the network and pool say", async () => {
    const horizons = [1, 3, 7];
    const coin = { symbol: "AAA/USDT", candles: clusteredCandles(700, 3) };
    const trainEnd = coin.candles[599]?.time as number;
    const anchors = fitHarAnchors([coin], trainEnd, horizons);
    const har = createHarForecaster();
    await har.fit([coin], trainEnd, horizons);
    const origins = [620, 650, 690];
    const harForecast = await har.predict(coin, origins, horizons);
    const harFhs = har.exportFits()["AAA/USDT"]?.quantiles as Record<string, number[]>;
    const own = horizons.map((h) => harFhs[String(h)] as number[]);
    const sd = anchorScales(anchors, coin, origins, horizons);
    const pooled = horizons.map(() => normal.map((v) => 1.4 * v));
    const network = horizons.map(() => [-3.1, -1.7, 0.4, 1.2, 2.6]);
    origins.forEach((_, o) => {
      const served = anchoredQuantiles(
        network,
        pooled,
        [0, 0, 0],
        horizons.map((_, h) => sd[h]?.[o] as number),
        [0, 0, 0],
        [],
        own,
      );
      expect(served).toEqual(harForecast[o]);
    });
  });

  it("GIVEN a weight THEN the network's departure from the pooled start is added on the coin's start and the median stays zero drift", () => {
    const pooled = [-2, -1, 0, 1, 2];
    const own = [-2.6, -1.1, 0, 0.9, 2.2];
    const network = [-3, -1.5, 0.2, 1.5, 3];
    const q = blendQuantiles(pooled, network, 0.5, 0, own);
    // own + 0.5 * (network - pooled) - 0.5 * 0.2
    const expected = [-3.2, -1.45, 0, 1.05, 2.6];
    for (const [j, v] of expected.entries()) expect(q[j]).toBeCloseTo(v, 12);
    expect(q[2]).toBe(0);
    // Served: the same blend times HAR's sd.
    const served = anchoredQuantiles([network], [pooled], [0.5], [2], [0], [], [own])[0] ?? [];
    for (const [j, v] of expected.entries()) expect(served[j]).toBeCloseTo(2 * v, 12);
  });

  it("GIVEN no coin start (off, or a coin outside the fits) THEN the blend is bit for bit the pooled formula of before", () => {
    // The formulas anchoredQuantiles (pooledBefore) and blendQuantiles had before coinQuantiles, written out.
    const { fhs, raw, weights, sd, before } = pooledBefore();
    const blendBefore = (s: number[], n: number[], w: number) =>
      s.map((v, j) => v + w * ((n[j] as number) - v) - w * ((n[2] as number) - (s[2] as number)));
    for (const served of [
      anchoredQuantiles(raw, fhs, weights, sd, [0, 0]),
      anchoredQuantiles(raw, fhs, weights, sd, [0, 0], [], undefined),
    ]) {
      expectBitForBit(served, before);
    }
    raw.forEach((q, h) => {
      const now = blendQuantiles(fhs[h] as number[], q, weights[h] as number);
      const then = blendBefore(fhs[h] as number[], q, weights[h] as number);
      now.forEach((v, j) => {
        expect(Object.is(v, then[j])).toBe(true);
      });
    });
  });

  it("GIVEN a wide coin whose own start already knows its width THEN the weights are chosen on the blend served: the network's widening is no longer wanted", () => {
    const z = gaussian(5);
    const targets = Array.from({ length: 400 }, () => [2 * z()]);
    const pooled = [normal];
    // The network learnt that the coin is twice as wide as the pool.
    const network = targets.map(() => [normal.map((v) => 2 * v)]);
    expect(chooseAnchorWeights(network, pooled, targets)[0]).toBeGreaterThan(0.5);
    // With the coin's own start (twice the pool) the same departure would make it four times: weight 0.
    const own = [normal.map((v) => 2 * v)];
    expect(
      chooseAnchorWeights(
        network,
        pooled,
        targets,
        targets.map(() => own),
      ),
    ).toEqual([0]);
    // Windows without a coin start (coins under the minimum) blend from the pool, as before.
    expect(
      chooseAnchorWeights(
        network,
        pooled,
        targets,
        targets.map(() => undefined),
      ),
    ).toEqual(chooseAnchorWeights(network, pooled, targets));
  });
});
