import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import { heldOutFigures } from "../../src/evaluation/unseen-coins.js";
import type { WalkForwardResult } from "../../src/evaluation/walk-forward.js";
import { silentLogger } from "../../src/logger.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import { handMadeEntry } from "./hand-made-entries.js";

/** Two coins trained on (the network's CRPS half persistence's) and one held out (0.9 of it). */
function report(config: Partial<WalkForwardResult["config"]>): WalkForwardResult {
  const coins = ["BTC/USDT", "ETH/USDT", "ADA/USDT"];
  const entry = (model: string, symbol: string, crps: number, coverage80: number) => ({
    ...handMadeEntry({ model, symbol, mase: 1, pBetter: null, coverage80 }),
    pointCrps: Array.from({ length: 50 }, (_, i) => crps * (1 + 0.1 * Math.sin(i))),
  });
  return {
    config: { horizons: [1], ...config } as WalkForwardResult["config"],
    folds: [],
    models: ["cnn-gru", "persistence"],
    symbols: coins,
    entries: coins.flatMap((symbol) => [
      entry("cnn-gru", symbol, symbol === "ADA/USDT" ? 0.9 : 0.5, symbol === "ADA/USDT" ? 0.7 : 0.8),
      entry("persistence", symbol, 1, 0.8),
    ]),
    timings: [],
  };
}

describe("heldOutFigures: the coins a global walk-forward never trained on", () => {
  it("GIVEN config.holdOut THEN pools CRPS and the 80% band over the held-out coins alone", () => {
    const figures = heldOutFigures(report({ holdOut: ["ADA/USDT"], anchor: "har" }));
    const network = figures.find((f) => f.model === "cnn-gru");
    expect(network?.coins).toEqual(["ADA/USDT"]);
    expect(network?.crpsVsPersistence).toBeCloseTo(0.9, 2);
    expect(network?.coverage80).toBeCloseTo(0.7, 6);
    expect(network?.anchor).toBe("har");
  });

  it("GIVEN a report that held no coin out THEN no figures", () => {
    expect(heldOutFigures(report({}))).toEqual([]);
  });
});

describe("the committed daily global walk-forward", () => {
  it("GIVEN the served daily model THEN its recipe's held-out rows are read from models/evaluation/1d-global", async () => {
    // The first network's meta.json (the served daily model is a seed ensemble: one per member).
    const [meta] = await readSavedMetas(join("models", "1d"));
    if (meta === undefined) throw new Error("no served daily model");
    const zipped = await readFile(join("models", "evaluation", "1d-global", "report.json.gz"));
    const config = (JSON.parse(gunzipSync(zipped).toString("utf8")) as WalkForwardResult).config;
    const figures = await readRecordedEvaluations("models", silentLogger()).heldOutCoins("1d");
    const row = figures?.find((f) => f.model === meta.name && f.horizon === 1);
    expect(row?.coins.toSorted()).toEqual(config.holdOut?.toSorted());
    expect(row?.anchor).toBe("targetScaling" in meta ? meta.targetScaling : undefined);
    expect(row?.crpsVsPersistence).toBeLessThan(1);
  });
});
