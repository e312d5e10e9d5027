import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Candle } from "../../../src/market/types.js";
import {
  COIN_SCALES,
  chooseCoinScales,
  MIN_COIN_SCALE_WINDOWS,
  scaleBand,
} from "../../../src/model/networks/coin-scale.js";
import { anchoredQuantiles } from "../../../src/model/networks/har-anchor.js";
import { forecastOrigins } from "../../../src/model/networks/serve-network.js";
import { kindOf } from "../../../src/model/saved/forecasters.js";
import type { SavedModel } from "../../../src/model/saved/model-io.js";
import { type ModelMeta, modelMetaSchema } from "../../../src/model/saved/model-meta.js";
import { gaussian, NORMAL_QUANTILES as normal } from "../../helpers/normal-draws.js";
import { expectBitForBit, pooledBefore } from "../../helpers/pooled-before.js";
import { widenedPanel } from "../../helpers/widened-returns.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("per-coin band scale (coinScale)", () => {
  it("GIVEN calibration windows of a wide, a narrow and a scarce coin THEN k > 1, k < 1 and 1", () => {
    const z = gaussian(3);
    const rows = (coin: string, n: number, width: number) =>
      Array.from({ length: n }, () => ({ coin, y: [width * z(), width * z()] }));
    const windows = [
      ...rows("W", 200, 2),
      ...rows("N", 200, 0.6),
      ...rows("S", MIN_COIN_SCALE_WINDOWS - 1, 2),
    ];
    const scales = chooseCoinScales(
      windows.map(() => [normal, normal]),
      windows.map((w) => w.y),
      windows.map((w) => w.coin),
      ["W", "N", "S", "X"],
      2,
    );
    expect(scales.W).toEqual([1.25, 1.25]);
    expect(scales.N).toEqual([0.8, 0.8]);
    // Too few windows (S), none at all (X): 1.
    expect(scales.S).toEqual([1, 1]);
    expect(scales.X).toEqual([1, 1]);
    expect(COIN_SCALES[0]).toBe(1);
  });

  it("GIVEN a multiplier THEN the band around the median scales and the median stays; without one, bit for bit as before", () => {
    // anchoredQuantiles' formula before coinScale, written out (pooledBefore).
    const { fhs, raw, weights, sd, before } = pooledBefore();
    for (const scaled of [
      anchoredQuantiles(raw, fhs, weights, sd, [0, 0]),
      anchoredQuantiles(raw, fhs, weights, sd, [0, 0], [1, 1]),
    ]) {
      expectBitForBit(scaled, before);
    }
    const wide = anchoredQuantiles(raw, fhs, weights, sd, [0, 0], [1.2, 0.85]);
    wide.forEach((q, h) => {
      const k = [1.2, 0.85][h] as number;
      const b = before[h] as number[];
      expect(q[2]).toBeCloseTo(b[2] as number, 15);
      for (const [j, v] of q.entries()) {
        expect(v - (q[2] as number)).toBeCloseTo(k * ((b[j] as number) - (b[2] as number)), 14);
      }
    });
    expect(scaleBand([-1, 0.5, 2], 1)).toEqual([-1, 0.5, 2]);
  });

  describe("fitted on a panel whose coin W is twice as wide and coin N half as wide on the calibration windows", () => {
    const names = ["AAA/USDT", "BBB/USDT", "WWW/USDT", "NNN/USDT"];
    const { horizons, n, trainEnd, from, panel, outside, fitWith } = widenedPanel(names, { 2: 2, 3: 0.5 });
    let on: SavedModel;
    let off: SavedModel;
    beforeAll(async () => {
      on = await fitWith(panel, { coinScale: true });
      off = await fitWith(panel, {});
    }, 240_000);
    afterAll(() => {
      on?.model.dispose();
      off?.model.dispose();
    });

    it("THEN W gets k > 1 and N k < 1 at every horizon, chosen on the calibration windows, and meta records it", () => {
      // The widening starts at the calibration slice: only its windows can tell W and N apart from the others.
      expect(from).toBeGreaterThan(n * 0.7);
      const scales = on.meta.anchor?.coinScale ?? {};
      expect(Object.keys(scales).sort()).toEqual([...names].sort());
      for (const k of scales["WWW/USDT"] ?? []) expect(k).toBeGreaterThan(1);
      for (const k of scales["NNN/USDT"] ?? []) expect(k).toBeLessThan(1);
      expect(on.meta.hyperparameters.coinScale).toBe(true);
      expect(modelMetaSchema.safeParse(on.meta).success).toBe(true);
      // Off by default: nothing stored, and the weights and FHS quantiles are those of the same fit with it.
      expect(off.meta.anchor?.coinScale).toBeUndefined();
      expect("coinScale" in off.meta.hyperparameters).toBe(false);
      expect(off.meta.anchor?.weights).toEqual(on.meta.anchor?.weights);
      expect(off.meta.anchor?.quantiles).toEqual(on.meta.anchor?.quantiles);
    });

    it("THEN a challenger built like it (the weekly retrain) keeps the option and chooses its own multipliers", async () => {
      const like = await kindOf(on.meta).createLike({ epochs: 1 });
      try {
        await like.fit(panel, trainEnd, horizons);
        const [meta] = like.metas as ModelMeta[];
        expect(meta?.hyperparameters.coinScale).toBe(true);
        expect(Object.keys(meta?.anchor?.coinScale ?? {}).sort()).toEqual([...names].sort());
      } finally {
        like.dispose();
      }
    }, 120_000);

    it("THEN serving scales W's band by its k, a coin outside the fits gets 1, and without it nothing changes", () => {
      const origins = [n - 30, n - 10];
      const stripped = {
        ...on,
        meta: {
          ...on.meta,
          anchor: { ...(on.meta.anchor as NonNullable<SavedModel["meta"]["anchor"]>), coinScale: undefined },
        },
      };
      const w = panel[2] as { symbol: string; candles: Candle[] };
      const k = on.meta.anchor?.coinScale?.["WWW/USDT"] ?? [];
      const scaled = forecastOrigins(on, w, origins, horizons);
      const plainW = forecastOrigins(stripped, w, origins, horizons);
      for (const [o, row] of scaled.entries()) {
        for (const [h, q] of row.entries()) {
          const p = plainW[o]?.[h] as number[];
          for (const [j, v] of q.entries()) {
            const expected = (k[h] as number) * ((p[j] as number) - (p[2] as number));
            expect(v - (q[2] as number)).toBeCloseTo(expected, 12);
          }
        }
      }
      // Off (the default), the same fit serves bit for bit what the scaled one does without its multipliers.
      expect(forecastOrigins(off, w, origins, horizons)).toEqual(plainW);
      // A coin the network never trained on: k = 1, bit for bit the forecast without coin scales.
      expect(forecastOrigins(on, outside, origins, horizons)).toEqual(
        forecastOrigins(stripped, outside, origins, horizons),
      );
    });
  });
});
