import { describe, expect, it } from "vitest";
import { renderModelCard } from "../../src/evaluation/model-card.js";
import type { WalkForwardResult } from "../../src/evaluation/walk-forward-result.js";
import { QUANTILES } from "../../src/model/types.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { handMadeEntry } from "./hand-made-entries.js";

const DAY = 86_400_000;
const meta = handMadeMeta();

const evaluation: WalkForwardResult = {
  config: {
    start: Date.UTC(2023, 0, 1),
    end: Date.UTC(2025, 5, 30),
    horizons: [1],
    refitEvery: 90,
    stepMs: DAY,
    periodsPerYear: 365.25,
    dmLoss: "absolute",
    threshold: 0.5,
    feeRate: 0.001,
    quantiles: [...QUANTILES],
  },
  folds: [
    {
      index: 0,
      trainEnd: Date.UTC(2023, 0, 1),
      firstOrigin: Date.UTC(2023, 0, 1),
      lastOrigin: Date.UTC(2025, 5, 30),
    },
  ],
  models: ["cnn-gru", "persistence"],
  symbols: ["BTC/USDT", "ETH/USDT"],
  entries: [
    handMadeEntry({ model: "cnn-gru", symbol: "BTC/USDT", mase: 0.995, pBetter: 0.3 }),
    handMadeEntry({ model: "persistence", symbol: "BTC/USDT", mase: 1, pBetter: null }),
    handMadeEntry({ model: "cnn-gru", symbol: "ETH/USDT", mase: 1.01, pBetter: 0.8 }),
    handMadeEntry({ model: "persistence", symbol: "ETH/USDT", mase: 1, pBetter: null }),
  ],
  timings: [
    { model: "cnn-gru", fitMs: 1000, predictMs: 10 },
    { model: "persistence", fitMs: 1, predictMs: 1 },
  ],
};

describe("renderModelCard", () => {
  it("GIVEN no evaluation THEN the card states the model's facts and says no evaluation was recorded", () => {
    const card = renderModelCard(meta, null);
    expect(card.split("\n")[0]).toBe("# Model card: cnn-gru (1d candles)");
    expect(card).toContain("| trained until | 2025-12-08 (last candle any training target read) |");
    expect(card).toContain(
      "| symbols | BTC/USDT, ETH/USDT, XRP/USDT (one network for all, symbol-free features) |",
    );
    expect(card).toContain("| window | 60 candles of 3 features: log_return, rsi_14, atr_14 |");
    expect(card).toContain("| horizons (candles) | 1, 3, 7 |");
    expect(card).toContain(
      "Conv1D 32/32 filters (k=3, pool 2) -> GRU 32/16 -> dense 32 -> 3 horizons x 5 quantiles",
    );
    expect(card).toContain("| data hash | `sha256:a1b2c3d4e` |");
    expect(card).toContain("- bestValLoss: 0.1235");
    expect(card).toContain("- epochsRun: 17");
    expect(card).toContain("No walk-forward evaluation was recorded for this model.");
    expect(card).not.toContain("Verdict");
  });

  it.each([
    ["gru", "| architecture | gru: GRU 32/16 -> dense 32 -> 3 horizons x 5 quantiles |"],
    ["lstm", "| architecture | lstm: LSTM 32/16 -> dense 32 -> 3 horizons x 5 quantiles |"],
    [
      "cnn",
      "| architecture | cnn: Conv1D 32/32 filters (k=3, pool 2) -> flatten -> dense 32 -> 3 horizons x 5 quantiles |",
    ],
  ] as const)(
    "GIVEN a %s network THEN the card names its own layers, not the hybrid's",
    (architecture, row) => {
      const card = renderModelCard(handMadeMeta({ architecture, name: architecture }), null);
      expect(card).toContain(row);
    },
  );

  it("GIVEN a per-symbol model THEN the card says one network per symbol", () => {
    const card = renderModelCard(handMadeMeta({ pooled: false, symbols: ["BTC/USDT"] }), null);
    expect(card).toContain("| symbols | BTC/USDT (one network per symbol) |");
  });

  it("GIVEN an evaluation THEN the verdict lines for this model come first, then the report one heading level down", () => {
    const card = renderModelCard(meta, evaluation);
    const lines = card.split("\n");
    const verdictAt = lines.indexOf("## Verdict against naive persistence");
    const reportAt = lines.indexOf("## Walk-forward evaluation");
    expect(verdictAt).toBeGreaterThan(0);
    expect(reportAt).toBeGreaterThan(verdictAt);

    const verdictLines = lines.slice(verdictAt, reportAt).filter((l) => l.startsWith("- "));
    expect(verdictLines).toHaveLength(2);
    expect(verdictLines[0]).toMatch(
      /^- BTC\/USDT h=1: MASE 0\.995 .*slightly better than persistence, but not significantly\.$/,
    );
    expect(verdictLines[1]).toMatch(/^- ETH\/USDT h=1: MASE 1\.010 .*does not beat persistence\.$/);

    // Only the card's title stays at level 1; the report's sections sit under it.
    expect(lines.filter((l) => /^# /.test(l))).toEqual(["# Model card: cnn-gru (1d candles)"]);
    expect(lines).toContain("### BTC/USDT");
    expect(lines).toContain("#### Horizon 1");
    expect(lines).toContain("### Notes");
    expect(card).toMatch(/\| model \| n \| MAE \| RMSE \| MAPE \| MASE \|/);
    expect(card).not.toContain("No walk-forward evaluation");
  });
});

describe("renderModelCard with a leave-one-coin-out record", () => {
  const unseen: WalkForwardResult = {
    ...evaluation,
    config: { ...evaluation.config, leaveOneCoinOut: true },
    entries: [
      handMadeEntry({ model: "cnn-gru", symbol: "BTC/USDT", mase: 1.0, pBetter: null, coverage80: 0.7 }),
      handMadeEntry({ model: "persistence", symbol: "BTC/USDT", mase: 1, pBetter: null }),
      handMadeEntry({ model: "cnn-gru", symbol: "ETH/USDT", mase: 1.02, pBetter: 0.9, coverage80: 0.9 }),
      handMadeEntry({ model: "persistence", symbol: "ETH/USDT", mase: 1, pBetter: null }),
    ],
  };

  it("GIVEN the report THEN the card has its section: mean MASE and pooled 80% coverage, then a row per left-out coin", () => {
    const card = renderModelCard(meta, evaluation, unseen);
    const lines = card.split("\n");
    const at = lines.indexOf("## On coins it never trained on (leave-one-coin-out)");
    expect(at).toBeGreaterThan(lines.indexOf("## Verdict against naive persistence"));
    expect(at).toBeLessThan(lines.indexOf("## Walk-forward evaluation"));
    expect(card).toMatch(/\| 1 \| BTC\/USDT, ETH\/USDT \| \d+ \| 1\.010 \| 80% \|/);
    expect(card).toMatch(/\| BTC\/USDT \| 1 \| 1\.000 \|.*\| 70% \|/);
    expect(card).toMatch(/\| ETH\/USDT \| 1 \| 1\.020 \|.*\| 90% \|/);
  });

  it("GIVEN none THEN the card says so", () => {
    expect(renderModelCard(meta, evaluation)).toContain("No leave-one-coin-out evaluation was recorded");
    // A plain walk-forward is not a leave-one-coin-out record.
    expect(renderModelCard(meta, evaluation, evaluation)).toContain("No leave-one-coin-out evaluation");
  });
});

describe("renderModelCard for a global network anchored on HAR", () => {
  const anchored = handMadeMeta({
    targetScaling: "har",
    symbols: ["BTC/USDT", "ETH/USDT", "SOL/USDT"],
    hyperparameters: { ...meta.hyperparameters, anchor: "har", trainStride: 4, epochs: 2 },
    anchor: {
      fits: {},
      quantiles: [1, 3, 7].map(() => [-2, -1.1, 0, 1.1, 2]),
      weights: [1, 0.5, 0],
    },
    medianShrink: [0, 0, 0.25],
    metrics: { trainWindows: 16435, epochsRun: 2, bestEpoch: 1, trainCoins: 3 },
  });
  /** A global walk-forward: two coins trained on, ADA held out; the network's CRPS half or 0.9 of persistence's. */
  const coins = ["BTC/USDT", "ETH/USDT", "ADA/USDT"];
  const entry = (model: string, symbol: string, crps: number, coverage80: number) => ({
    ...handMadeEntry({ model, symbol, mase: 1, pBetter: null, coverage80 }),
    pointCrps: Array.from({ length: 50 }, (_, i) => crps * (1 + 0.1 * Math.sin(i))),
  });
  const global: WalkForwardResult = {
    ...evaluation,
    config: { ...evaluation.config, holdOut: ["ADA/USDT"], anchor: "har" },
    models: ["persistence", "cnn-gru"],
    symbols: coins,
    entries: coins.flatMap((symbol) => [
      entry("persistence", symbol, 1, 0.8),
      entry("cnn-gru", symbol, symbol === "ADA/USDT" ? 0.9 : 0.5, symbol === "ADA/USDT" ? 0.7 : 0.81),
    ]),
  };
  const unseen: WalkForwardResult = {
    ...evaluation,
    config: { ...evaluation.config, leaveOneCoinOut: true },
  };

  it("GIVEN its meta.json THEN the card shows the recipe: coins, stride, epochs, per-horizon weights and median, command", () => {
    const card = renderModelCard(anchored, evaluation, unseen, { run: "1d-global", result: global });
    expect(card).toContain("## Recipe: one global network anchored on HAR");
    expect(card).toContain("every 4th window of each coin");
    expect(card).toContain("(16435 windows); 2 epochs at most (2 run, best 1)");
    expect(card).toContain("(0 = HAR-FHS, 1 = the network): 1: 1; 3: 0.5; 7: 0");
    expect(card).toContain("median, per horizon: 1: 0; 3: 0; 7: 0.25 of the blend's median");
    expect(card).toContain("by the code of 7a8c99d before the pin");
  });

  it("GIVEN its walk-forward THEN the verdict says the window was scored for several recipes: out of sample, but no untouched test", () => {
    const lines = renderModelCard(anchored, evaluation, unseen, { run: "1d-global", result: global }).split(
      "\n",
    );
    const outOfSample = lines.findIndex((l) => l.startsWith("Out of sample: "));
    expect(lines.slice(outOfSample + 1, outOfSample + 4)).toEqual([
      "",
      "These are not the figures of an untouched test: the same window was scored for several recipes of the " +
        "network before the one that serves was chosen (README: Global network).",
      "",
    ]);
    // A model whose recipe no test window chose (here: not anchored on HAR) has no such caveat.
    expect(renderModelCard(meta, evaluation)).not.toContain("untouched test");
  });

  it("GIVEN a meta.json whose median is pinned at zero drift THEN the card says so and names the evidence", () => {
    const pinned = { ...anchored, medianShrink: [0, 0, 0] };
    const card = renderModelCard(pinned, evaluation, unseen, { run: "1d-global", result: global });
    expect(card).toContain(
      "median, per horizon: zero drift at every horizon (pinned: on the selection window 2020-2022",
    );
    expect(card).not.toContain("of the blend's median");
    expect(card).toContain("`npx coincast train --timeframe 1d --kind network --global --epochs 2`");
    expect(card).toContain("no conformal adjustment");
  });

  it("GIVEN its global walk-forward THEN the card pools it over the coins trained on and the held-out ones, not the leave-one-coin-out run", () => {
    const card = renderModelCard(anchored, evaluation, unseen, { run: "1d-global", result: global });
    expect(card).not.toContain("leave-one-coin-out");
    const lines = card.split("\n");
    const at = lines.indexOf("## Global walk-forward, and the coins it never trained on");
    expect(at).toBeGreaterThan(lines.indexOf("## Verdict against naive persistence"));
    expect(at).toBeLessThan(lines.indexOf("## Walk-forward evaluation"));
    expect(card).toMatch(/\| trained on \(2\) \| persistence \| 1\.0000 \|/);
    expect(card).toMatch(/\| {2}\| \*\*cnn-gru\*\* \| \*\*0\.5000\*\* \| 81\.0% \| 95\.0% \| 1\.000 \|/);
    expect(card).toMatch(/\| held out \(1\) \| persistence \|/);
    expect(card).toMatch(/\| {2}\| \*\*cnn-gru\*\* \| \*\*0\.9000\*\* \| 70\.0% \| 95\.0% \| 1\.000 \|/);
    // The held-out coins' own rows: what a forecast for a coin outside training quotes.
    expect(card).toMatch(/\| 1 \| ADA\/USDT \| 200 \| 1\.000 \| 70% \| 0\.900 \|/);
    expect(card).toMatch(/\| ADA\/USDT \| 1 \| 1\.000 \| 0\.900 \|/);
    expect(card).not.toMatch(/\| BTC\/USDT \| 1 \| 1\.000 \| 0\.500 \|/);
  });

  it("GIVEN a 2-seed ensemble AND its run's row cnn-gru-x2 THEN the card lists every member's seed and weights and bolds that row", () => {
    const members = [
      anchored,
      handMadeMeta({
        ...anchored,
        seed: 43,
        anchor: { fits: {}, quantiles: anchored.anchor?.quantiles ?? [], weights: [0, 0.75, 0.75] },
      }),
    ];
    const run: WalkForwardResult = {
      ...global,
      models: ["persistence", "cnn-gru-x2"],
      entries: global.entries.map((e) => (e.model === "cnn-gru" ? { ...e, model: "cnn-gru-x2" } : e)),
    };
    const card = renderModelCard(anchored, evaluation, unseen, { run: "1d-global-v2", result: run }, members);
    expect(card).toContain("(2 run, best 1 for seed 42), seeds 42, 43");
    expect(card).toContain(
      "(0 = HAR-FHS, 1 = the network): seed 42 1: 1; 3: 0.5; 7: 0 | seed 43 1: 0; 3: 0.75; 7: 0.75",
    );
    expect(card).toContain(
      "`npx coincast train --timeframe 1d --kind network --global --epochs 2 --seeds 2`",
    );
    expect(card).toContain("Run: models/evaluation/1d-global-v2/");
    expect(card).toMatch(/\| {2}\| \*\*cnn-gru-x2\*\* \| \*\*0\.9000\*\* \| 70\.0% \|/);
    expect(card).toMatch(/\| ADA\/USDT \| 1 \| 1\.000 \| 0\.900 \|/);
    // A single network's run is not the ensemble's.
    expect(
      renderModelCard(anchored, evaluation, unseen, { run: "1d-global", result: global }, members),
    ).toContain("No global walk-forward of this recipe was recorded");
  });

  it("GIVEN a 2-seed ensemble with weights chosen as a whole THEN the card gives the common weights, the members' own and the flag", () => {
    const common = (seed: number, own: number[]) =>
      handMadeMeta({
        ...anchored,
        seed,
        hyperparameters: { ...anchored.hyperparameters, ensembleWeights: true },
        anchor: { fits: {}, quantiles: anchored.anchor?.quantiles ?? [], weights: [0.5, 0.75, 1] },
        metrics: {
          ...anchored.metrics,
          memberAnchorWeight1: own[0] as number,
          memberAnchorWeight3: own[1] as number,
          memberAnchorWeight7: own[2] as number,
        },
      });
    const first = common(42, [1, 0.5, 0]);
    const members = [first, common(43, [0, 0.75, 0.75])];
    const card = renderModelCard(first, evaluation, unseen, null, members);
    expect(card).toContain(
      "(0 = HAR-FHS, 1 = the network): 1: 0.5; 3: 0.75; 7: 1, one for the whole ensemble, chosen on its members' " +
        "averaged output (each member alone had chosen seed 42 1: 1; 3: 0.5; 7: 0 | seed 43 1: 0; 3: 0.75; 7: 0.75)",
    );
    expect(card).toContain("--seeds 2 --ensemble-weights`");
    expect(card).toContain("one weight per horizon for the whole ensemble [0.5, 0.75, 1]");
  });

  it("GIVEN no global walk-forward THEN the card says so", () => {
    expect(renderModelCard(anchored, evaluation, unseen, null)).toContain(
      "No global walk-forward of this recipe was recorded for this model (models/evaluation/1d-global*/).",
    );
  });
});
