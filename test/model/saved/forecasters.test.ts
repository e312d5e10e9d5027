import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { featuresFirstValid } from "../../../src/features/compute-features.js";
import { createStatisticalForecaster } from "../../../src/model/baselines/statistical-forecaster.js";
import { createForecaster, kindOf, loadSavedForecaster } from "../../../src/model/saved/forecasters.js";
import { MODEL_FILE, ModelLoadError, WEIGHTS_FILE } from "../../../src/model/saved/model-io.js";
import type { StatisticalMeta } from "../../../src/model/saved/statistical-meta.js";
import { syntheticDailySeries } from "../../evaluation/synthetic-series.js";
import { handMadeMeta } from "../../helpers/hand-made-meta.js";

let root: string;
let statistical: StatisticalMeta;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-forecasters-"));
  const series = [syntheticDailySeries("AAA/USDT", 300, { seed: 3 })];
  const model = createStatisticalForecaster({ members: ["ewma"], timeframe: "1d" });
  await model.fit(series, series[0]?.candles[299]?.time ?? 0, [1, 3, 7]);
  statistical = model.metas[0] as StatisticalMeta;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("kindOf: what the house asks of a saved model", () => {
  it("GIVEN a per-symbol network's meta.json THEN it needs TensorFlow.js, its weight files, and one fit per coin", () => {
    const kind = kindOf(handMadeMeta({ pooled: false, window: 30 }));
    expect(kind.name).toBe("network");
    expect(kind.description).toBe("cnn-gru network");
    expect(kind.historyNeeded(1)).toBe(featuresFirstValid(1) + 30);
    expect(kind.needsTensorFlow).toBe(true);
    expect(kind.filesBesideMeta).toEqual([MODEL_FILE, WEIGHTS_FILE]);
    expect(kind.fitsPerRefit(3)).toBe(3);
    expect(kind.fitsUnseenCoinsOnTheirOwnHistory).toBe(false);
    expect(kind.match({ network: (m) => m.window, statistical: () => -1 })).toBe(30);
  });

  it("GIVEN a pooled HAR-anchored network THEN one fit a refit", () => {
    const kind = kindOf(handMadeMeta({ pooled: true, targetScaling: "har" }));
    expect(kind.fitsPerRefit(3)).toBe(1);
  });

  it("GIVEN a statistical model's meta.json THEN no TensorFlow.js, no other file, one fit, and unseen coins fitted on their own past", () => {
    const kind = kindOf(statistical);
    expect(kind.name).toBe("statistical");
    expect(kind.description).toContain("EWMA (RiskMetrics)");
    expect(kind.historyNeeded(1)).toBe(30 + 160);
    expect(kind.needsTensorFlow).toBe(false);
    expect(kind.filesBesideMeta).toEqual([]);
    expect(kind.fitsPerRefit(3)).toBe(1);
    expect(kind.fitsUnseenCoinsOnTheirOwnHistory).toBe(true);
    expect(kind.match({ network: () => [], statistical: (m) => m.members })).toEqual(["ewma"]);
  });

  it("GIVEN a statistical model saved THEN the factory loads it and builds an unfitted one like it", async () => {
    const dir = join(root, "ewma");
    const model = createStatisticalForecaster({ members: ["ewma"], timeframe: "1d" });
    const series = [syntheticDailySeries("AAA/USDT", 300, { seed: 3 })];
    await model.fit(series, series[0]?.candles[299]?.time ?? 0, [1, 3, 7]);
    await model.toSaved(dir);
    const loaded = await loadSavedForecaster(dir);
    expect(loaded.kind).toBe("statistical");
    expect(loaded.metas[0]?.dataHash).toBe(model.metas[0]?.dataHash);
    const like = await kindOf(statistical).createLike();
    expect(like.name).toBe("ewma");
    expect(like.metas).toEqual([]);
  });

  it("GIVEN a folder with no model THEN loading names it", async () => {
    const loading = loadSavedForecaster(join(root, "nothing"));
    await expect(loading).rejects.toThrow(ModelLoadError);
    await expect(loadSavedForecaster(join(root, "nothing"))).rejects.toThrow(/holds no saved model/);
  });
});

describe("createForecaster: the roster", () => {
  it("GIVEN a network's name THEN it is built on first use: disposing it unused is harmless, forecasting unfitted fails", async () => {
    const network = createForecaster("cnn-gru", { timeframe: "1d" });
    expect(network.name).toBe("cnn-gru");
    network.dispose?.();
    const series = syntheticDailySeries("AAA/USDT", 100, { seed: 1 });
    await expect(network.predict(series, [99], [1])).rejects.toThrow(/not fitted/);
  });
});
