import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import {
  heldOutFigures,
  isServedRow,
  servedFigures,
  servedRecipe,
  type UnseenCoinFigures,
} from "../../src/evaluation/unseen-coins.js";
import type { WalkForwardResult } from "../../src/evaluation/walk-forward-result.js";
import { silentLogger } from "../../src/logger.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
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

/** One held-out figure of `model` in `run`: the rows the recipe matching picks among. */
const figure = (model: string, run: string, horizon = 1): UnseenCoinFigures => ({
  model,
  horizon,
  mase: 1,
  coverage80: 0.8,
  crpsVsPersistence: 0.9,
  crpsPBetter: 0.01,
  coins: ["ADA/USDT"],
  n: 10,
  anchor: "har",
  run,
});

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

describe("the served recipe: which recorded rows speak for the served model", () => {
  const base = handMadeMeta();
  const anchored = handMadeMeta({
    targetScaling: "har",
    hyperparameters: { ...base.hyperparameters, epochs: 2, trainStride: 4 },
  });
  const ensemble = [anchored, { ...anchored, seed: 43 }];
  const har = { anchor: "har" as const };

  it("GIVEN a 2-seed HAR-anchored ensemble THEN only a HAR-anchored run's cnn-gru-x2 row without market inputs", () => {
    const served = servedRecipe(ensemble);
    expect(served).toEqual({
      name: "cnn-gru",
      network: {
        seeds: 2,
        anchoredOnHar: true,
        marketInputs: false,
        ensembleWeights: false,
        epochs: 2,
        trainStride: 4,
      },
    });
    if (served === null) return;
    expect(isServedRow(served, "cnn-gru-x2", har)).toBe(true);
    expect(isServedRow(served, "cnn-gru", har)).toBe(false);
    expect(isServedRow(served, "cnn-gru-x5", har)).toBe(false);
    expect(isServedRow(served, "cnn-gru-x2", {})).toBe(false);
    expect(isServedRow(served, "cnn-gru-x2", { ...har, marketInputs: true })).toBe(false);
    expect(isServedRow(served, "lstm-x2", har)).toBe(false);
  });

  it("GIVEN runs that recorded their training per fold THEN only one with the served epochs and stride", () => {
    const served = servedRecipe(ensemble);
    if (served === null) throw new Error("no recipe");
    expect(isServedRow(served, "cnn-gru-x2", { ...har, epochs: 2, trainStride: 4 })).toBe(true);
    expect(isServedRow(served, "cnn-gru-x2", { ...har, epochs: 2, trainStride: 1 })).toBe(false);
    expect(isServedRow(served, "cnn-gru-x2", { ...har, epochs: 4, trainStride: 4 })).toBe(false);
    // A run from before they were recorded speaks for any training per fold.
    expect(isServedRow(served, "cnn-gru-x2", har)).toBe(true);
  });

  it("GIVEN a single network reading the market inputs THEN the cnn-gru row of a --market run", () => {
    const market = handMadeMeta({
      targetScaling: "har",
      hyperparameters: { ...anchored.hyperparameters, marketInputs: true },
    });
    const served = servedRecipe([market]);
    if (served === null) throw new Error("no recipe");
    expect(isServedRow(served, "cnn-gru", { ...har, marketInputs: true })).toBe(true);
    expect(isServedRow(served, "cnn-gru", har)).toBe(false);
  });

  it("GIVEN an ensemble with weights chosen as a whole THEN only rows of --ensemble-weights runs, and vice versa", () => {
    const common = ensemble.map((m) => ({
      ...m,
      hyperparameters: { ...m.hyperparameters, ensembleWeights: true },
    }));
    const served = servedRecipe(common);
    const perMember = servedRecipe(ensemble);
    if (served === null || perMember === null) throw new Error("no recipe");
    expect(served.network?.ensembleWeights).toBe(true);
    expect(isServedRow(served, "cnn-gru-x2", { ...har, ensembleWeights: true })).toBe(true);
    expect(isServedRow(served, "cnn-gru-x2", har)).toBe(false);
    expect(isServedRow(perMember, "cnn-gru-x2", { ...har, ensembleWeights: true })).toBe(false);
    // Runs before the flag chose per member: they speak for the per-member recipe only.
    expect(isServedRow(perMember, "cnn-gru-x2", har)).toBe(true);
    const figures = [
      figure("cnn-gru-x2", "base"),
      { ...figure("cnn-gru-x2", "ensw"), ensembleWeights: true as const },
    ];
    expect(servedFigures(figures, served).map((f) => f.run)).toEqual(["ensw"]);
    expect(servedFigures(figures, perMember).map((f) => f.run)).toEqual(["base"]);
    const held = heldOutFigures(report({ holdOut: ["ADA/USDT"], anchor: "har", ensembleWeights: true }));
    expect(held.every((f) => f.ensembleWeights === true)).toBe(true);
  });

  it("GIVEN a per-symbol network (one folder per coin, one seed) THEN a single network's row", () => {
    const perSymbol = ["BTC/USDT", "ETH/USDT"].map((s) => handMadeMeta({ pooled: false, symbols: [s] }));
    const served = servedRecipe(perSymbol);
    if (served === null) throw new Error("no recipe");
    expect(served.network?.seeds).toBe(1);
    expect(isServedRow(served, "cnn-gru", {})).toBe(true);
    expect(isServedRow(served, "cnn-gru", har)).toBe(false);
  });

  it("GIVEN no meta.json THEN no recipe", () => {
    expect(servedRecipe([])).toBeNull();
  });

  it("GIVEN figures of several runs THEN the last run that scored the recipe, only its rows", () => {
    const figures = [
      figure("cnn-gru", "1d-global"),
      figure("har", "1d-global"),
      figure("cnn-gru-x2", "1d-global-v2"),
      figure("cnn-gru-x2", "1d-global-v2", 3),
      figure("har", "1d-global-v2"),
      figure("cnn-gru", "1d-global-v3"),
    ];
    const served = servedRecipe(ensemble);
    if (served === null) throw new Error("no recipe");
    expect(servedFigures(figures, served).map((f) => [f.model, f.run, f.horizon])).toEqual([
      ["cnn-gru-x2", "1d-global-v2", 1],
      ["cnn-gru-x2", "1d-global-v2", 3],
    ]);
    const single = servedRecipe([anchored]);
    if (single === null) throw new Error("no recipe");
    expect(servedFigures(figures, single).map((f) => f.run)).toEqual(["1d-global-v3"]);
    expect(servedFigures(figures, { name: "har" }).map((f) => f.run)).toEqual(["1d-global-v2"]);
    expect(servedFigures(figures, { name: "garch" })).toEqual([]);
  });
});

describe("the committed daily global walk-forward", () => {
  const gunzipped = async (run: string) =>
    JSON.parse(
      gunzipSync(await readFile(join("models", "evaluation", run, "report.json.gz"))).toString("utf8"),
    ) as WalkForwardResult;

  it("GIVEN the served daily model THEN the unseen-coin line quotes its recipe's run, 1d-global-v4, not the single network's", async () => {
    const served = servedRecipe(await readSavedMetas(join("models", "1d")));
    if (served === null) throw new Error("no served daily model");
    const figures = servedFigures(
      (await readRecordedEvaluations("models", silentLogger()).heldOutCoins("1d")) ?? [],
      served,
    );
    const row = figures.find((f) => f.horizon === 1);
    // v3 trained the same way (every window, 2 epochs) with the median not pinned; v4, the later run, wins.
    expect(row?.run).toBe("1d-global-v4");
    // The same figures as that run's report gives, row for row.
    const expected = heldOutFigures(await gunzipped("1d-global-v4")).find(
      (f) => f.model === row?.model && f.horizon === 1,
    );
    expect(row).toEqual({ ...expected, run: "1d-global-v4" });
    expect(row?.crpsVsPersistence).toBeLessThan(1);
    // The single network's run is recorded too, and is not what the ensemble quotes.
    const v1 = heldOutFigures(await gunzipped("1d-global")).find(
      (f) => f.model === "cnn-gru" && f.horizon === 1,
    );
    expect(v1?.crpsVsPersistence).not.toBe(row?.crpsVsPersistence);
  });

  it("GIVEN the served daily model THEN models/evaluation/1d's cnn-gru rows (/model, the pair verdict) are its recipe run's BTC/ETH/XRP rows", async () => {
    const served = servedRecipe(await readSavedMetas(join("models", "1d")));
    if (served === null) throw new Error("no served daily model");
    const run = await gunzipped("1d-global-v4");
    const row = run.models.find((m) => isServedRow(served, m, run.config));
    const pairs = await readRecordedEvaluations("models", silentLogger()).evaluation("1d");
    const quoted = pairs?.entries.filter((e) => e.model === served.name) ?? [];
    expect(quoted).toHaveLength(9);
    expect(new Set(quoted.map((e) => e.symbol))).toEqual(new Set(["BTC/USDT", "ETH/USDT", "XRP/USDT"]));
    for (const e of quoted) {
      const own = run.entries.find(
        (r) => r.model === row && r.symbol === e.symbol && r.horizon === e.horizon,
      );
      expect(e.metrics).toEqual(own?.metrics);
    }
  });
});
