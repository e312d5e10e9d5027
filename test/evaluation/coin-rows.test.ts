import { describe, expect, it } from "vitest";
import { type CoinFigures, coinFigures, servedCoinRow } from "../../src/evaluation/coin-rows.js";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import { servedRecipe } from "../../src/evaluation/unseen-coins.js";
import type { WalkForwardResult } from "../../src/evaluation/walk-forward-result.js";
import { silentLogger } from "../../src/logger.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { handMadeEntry } from "./hand-made-entries.js";

const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2025, 11, 8);

/**
 * A global walk-forward of a 2-seed ensemble: BTC trained on (its CRPS half persistence's), DOGE held out
 * (0.9 of it), and HAR's rows beside them (which are never a coin's own row of the network's recipe).
 */
function report(network = "cnn-gru-x2", coins = ["BTC/USDT", "DOGE/USDT"]): WalkForwardResult {
  const entry = (model: string, symbol: string, crps: number, coverage80: number) => ({
    ...handMadeEntry({ model, symbol, mase: 1, pBetter: null, coverage80 }),
    pointCrps: Array.from({ length: 50 }, (_, i) => crps * (1 + 0.1 * Math.sin(i))),
  });
  const held = (symbol: string) => symbol === "DOGE/USDT";
  return {
    config: {
      start: START,
      end: END,
      horizons: [1],
      holdOut: ["DOGE/USDT"],
      anchor: "har",
      epochs: 2,
      trainStride: 1,
    } as WalkForwardResult["config"],
    folds: [],
    models: [network, "har", "persistence"],
    symbols: coins,
    entries: coins.flatMap((symbol) => [
      entry(network, symbol, held(symbol) ? 0.9 : 0.5, held(symbol) ? 0.85 : 0.8),
      entry("har", symbol, 0.95, 0.81),
      entry("persistence", symbol, 1, 0.8),
    ]),
    timings: [],
  };
}

const inRun = (run: string, result: WalkForwardResult): CoinFigures[] =>
  coinFigures(result).map((f) => ({ ...f, run }));

describe("servedCoinRow: a coin's own row of the served recipe's global walk-forward", () => {
  const anchored = handMadeMeta({
    targetScaling: "har",
    hyperparameters: { ...handMadeMeta().hyperparameters, epochs: 2, trainStride: 1 },
  });
  const ensemble = servedRecipe([anchored, { ...anchored, seed: 43 }]);
  if (ensemble === null) throw new Error("no recipe");
  const figures = inRun("1d-global", report());

  it("GIVEN a coin scored on part of the run (delisted early) THEN its row spans its own origins, not the run's", () => {
    const run = report();
    run.entries = run.entries.map((e) =>
      e.symbol === "BTC/USDT" ? { ...e, firstOrigin: START, lastOrigin: Date.UTC(2024, 1, 18) } : e,
    );
    expect(servedCoinRow(inRun("1d-global", run), ensemble, "BTC/USDT", 1)).toMatchObject({
      from: 2023,
      to: 2024,
    });
  });

  it("GIVEN a coin held out of training in the run THEN its own row, held out, with its CRPS and band", () => {
    const row = servedCoinRow(figures, ensemble, "DOGE/USDT", 1);
    expect(row).toMatchObject({ symbol: "DOGE/USDT", heldOut: true, from: 2023, to: 2025, run: "1d-global" });
    expect(row?.crpsVsPersistence).toBeCloseTo(0.9, 2);
    expect(row?.coverage80).toBe(0.85);
  });

  it("GIVEN a coin the run trained on THEN its own row, said trained on", () => {
    const row = servedCoinRow(figures, ensemble, "BTC/USDT", 1);
    expect(row).toMatchObject({ symbol: "BTC/USDT", heldOut: false, model: "cnn-gru-x2" });
    expect(row?.crpsVsPersistence).toBeCloseTo(0.5, 2);
  });

  it("GIVEN a coin the run did not score, or another horizon THEN no row", () => {
    expect(servedCoinRow(figures, ensemble, "SOL/USDT", 1)).toBeUndefined();
    expect(servedCoinRow(figures, ensemble, "DOGE/USDT", 3)).toBeUndefined();
  });

  it("GIVEN a statistical model (HAR) THEN no row of a global run is its own", () => {
    expect(figures.some((f) => f.model === "har")).toBe(false);
    expect(servedCoinRow(figures, { name: "har" }, "DOGE/USDT", 1)).toBeUndefined();
  });

  it("GIVEN another recipe's run only (a single network) THEN no row for the ensemble", () => {
    expect(servedCoinRow(inRun("1d-global", report("cnn-gru")), ensemble, "DOGE/USDT", 1)).toBeUndefined();
  });

  it("GIVEN a later run of the recipe that did not score the coin THEN the later run speaks, and has no row of it", () => {
    const later = [...figures, ...inRun("1d-global-v2", report("cnn-gru-x2", ["BTC/USDT"]))];
    expect(servedCoinRow(later, ensemble, "BTC/USDT", 1)?.run).toBe("1d-global-v2");
    expect(servedCoinRow(later, ensemble, "DOGE/USDT", 1)).toBeUndefined();
  });
});

describe("the committed daily global walk-forwards", () => {
  it("GIVEN the served daily model THEN DOGE's row is 1d-global-v4's, held out; AAVE's is trained on; SOL has none", async () => {
    const served = servedRecipe(await readSavedMetas("models/1d"));
    if (served === null) throw new Error("no served daily model");
    const coins = (await readRecordedEvaluations("models", silentLogger()).coins("1d")) ?? [];
    const doge = servedCoinRow(coins, served, "DOGE/USDT", 1);
    expect(doge).toMatchObject({ run: "1d-global-v4", heldOut: true, from: 2023, to: 2025 });
    // 1 - CRPS / persistence's: 4.0% on DOGE at one day (python over report.json.gz gives 0.0401).
    expect(1 - (doge?.crpsVsPersistence ?? 1)).toBeCloseTo(0.0401, 3);
    expect(doge?.coverage80).toBeCloseTo(0.846, 3);
    expect(servedCoinRow(coins, served, "AAVE/USDT", 1)).toMatchObject({ heldOut: false });
    expect(servedCoinRow(coins, served, "SOL/USDT", 1)).toBeUndefined();
  });
});
