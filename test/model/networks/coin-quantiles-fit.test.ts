import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Candle } from "../../../src/market/types.js";
import { forecastOrigins } from "../../../src/model/networks/serve-network.js";
import { kindOf } from "../../../src/model/saved/forecasters.js";
import type { SavedModel } from "../../../src/model/saved/model-io.js";
import { type ModelMeta, modelMetaSchema } from "../../../src/model/saved/model-meta.js";
import { widenedPanel } from "../../helpers/widened-returns.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

type Anchor = NonNullable<ModelMeta["anchor"]>;

describe("per-coin FHS start (coinQuantiles) fitted on a panel whose coin W is twice as wide on the calibration windows only", () => {
  const names = ["AAA/USDT", "BBB/USDT", "WWW/USDT", "CCC/USDT"];
  const { horizons, n, trainEnd, from, plain, panel, outside, fitWith } = widenedPanel(names, { 2: 2 });
  let on: SavedModel;
  let onPlain: SavedModel;
  let off: SavedModel;
  beforeAll(async () => {
    on = await fitWith(panel, { coinQuantiles: true });
    onPlain = await fitWith(plain, { coinQuantiles: true, epochs: 1 });
    off = await fitWith(panel, {});
  }, 300_000);
  afterAll(() => {
    on?.model.dispose();
    onPlain?.model.dispose();
    off?.model.dispose();
  });
  const withAnchor = (saved: SavedModel, change: Partial<Anchor>): SavedModel => ({
    ...saved,
    meta: { ...saved.meta, anchor: { ...(saved.meta.anchor as Anchor), ...change } },
  });

  it("THEN every coin's own FHS quantiles are stored, from the training slice only (W's calibration widening unseen), medians 0", () => {
    expect(from).toBeGreaterThan(n * 0.7);
    const own = on.meta.anchor?.coinQuantiles ?? {};
    expect(Object.keys(own).sort()).toEqual([...names].sort());
    // The widened calibration slice changes nothing: the same quantiles as the fit on the plain panel.
    expect(own).toEqual(onPlain.meta.anchor?.coinQuantiles);
    for (const q of Object.values(own)) {
      expect(q).toHaveLength(horizons.length);
      for (const row of q) expect(row[2]).toBe(0);
    }
    // Each coin's own shape, not the pool's.
    expect(own["AAA/USDT"]).not.toEqual(on.meta.anchor?.quantiles);
    expect(on.meta.hyperparameters.coinQuantiles).toBe(true);
    expect(modelMetaSchema.safeParse(on.meta).success).toBe(true);
    const broken = { ...on.meta, anchor: { ...(on.meta.anchor as Anchor), coinQuantiles: { X: [[0]] } } };
    expect(modelMetaSchema.safeParse(broken).success).toBe(false);
  });

  it("THEN off (the default) stores nothing and serves bit for bit the pooled blend of the same network", () => {
    expect(off.meta.anchor?.coinQuantiles).toBeUndefined();
    expect("coinQuantiles" in off.meta.hyperparameters).toBe(false);
    expect(off.meta.anchor?.quantiles).toEqual(on.meta.anchor?.quantiles);
    const w = panel[2] as { symbol: string; candles: Candle[] };
    const origins = [n - 30, n - 10];
    const pooledOn = withAnchor(on, { coinQuantiles: undefined, weights: off.meta.anchor?.weights ?? [] });
    expect(forecastOrigins(off, w, origins, horizons)).toEqual(
      forecastOrigins(pooledOn, w, origins, horizons),
    );
  });

  it("THEN serving starts W at its own quantiles, a coin outside the fits at the pooled ones, the median zero drift", () => {
    const origins = [n - 30, n - 10];
    const w = panel[2] as { symbol: string; candles: Candle[] };
    const stripped = withAnchor(on, { coinQuantiles: undefined });
    const own = forecastOrigins(on, w, origins, horizons);
    expect(own).not.toEqual(forecastOrigins(stripped, w, origins, horizons));
    for (const row of own) for (const q of row) expect(Math.abs(q[2] as number)).toBeLessThan(1e-12);
    // With only W's own start swapped for the pool's, W is served what the stripped model serves.
    const others = { ...(on.meta.anchor?.coinQuantiles ?? {}) };
    delete others["WWW/USDT"];
    expect(forecastOrigins(withAnchor(on, { coinQuantiles: others }), w, origins, horizons)).toEqual(
      forecastOrigins(stripped, w, origins, horizons),
    );
    expect(forecastOrigins(on, outside, origins, horizons)).toEqual(
      forecastOrigins(stripped, outside, origins, horizons),
    );
  });

  it("THEN a challenger built like it (the weekly retrain) keeps the option and computes its own start", async () => {
    const like = await kindOf(on.meta).createLike({ epochs: 1 });
    try {
      await like.fit(panel, trainEnd, horizons);
      const [meta] = like.metas as ModelMeta[];
      expect(meta?.hyperparameters.coinQuantiles).toBe(true);
      expect(Object.keys(meta?.anchor?.coinQuantiles ?? {}).sort()).toEqual([...names].sort());
    } finally {
      like.dispose();
    }
  }, 120_000);
});
