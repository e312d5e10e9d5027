import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRetrainStatus } from "../../commands/retrain.js";
import { createTrainProgressBar, retrainProgress } from "../../src/cli/progress.js";
import type { SeriesCache } from "../../src/forecast/series-cache.js";
import { runChallenge } from "../../src/lifecycle/challenge.js";
import { createRetrainer, type RetrainStatus } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import { createNeuralForecaster } from "../../src/model/networks/neural-forecaster.js";
import type { TrainProgress } from "../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "../evaluation/synthetic-series.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const series = [
  syntheticDailySeries("BTC/USDT", 200, { seed: 1, startPrice: 30_000 }),
  syntheticDailySeries("ETH/USDT", 200, { seed: 2, startPrice: 2_000 }),
];

/** A non-TTY stream, as in CI: the bar writes one line per epoch. */
function captureStream() {
  const lines: string[] = [];
  const stream = {
    isTTY: false,
    write: (chunk: string) => {
      lines.push(...chunk.split("\n").filter((l) => l !== ""));
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe("retrain progress, from a real training run to the CLI bar and the chat line", () => {
  let root: string;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    root = await mkdtemp(join(tmpdir(), "coincast-retrain-progress-"));
    const champion = createNeuralForecaster({
      name: "cnn-gru",
      architecture: "cnn-gru",
      timeframe: "1d",
      hyper: { convFilters: [4], recurrentUnits: [4], denseUnits: 4, epochs: 1, batchSize: 64 },
      window: 16,
    });
    await champion.fit(series, SERIES_START + 139 * DAY_MS, [1, 3, 7]);
    await champion.toSaved(join(root, "champion"));
    champion.dispose();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("GIVEN a challenger trained for 4 epochs THEN every epoch reports a finite loss, validation loss and ETA, the loss changes, and no NaN reaches the bar or the chat", async () => {
    const championInfo = {
      id: "shipped",
      dir: join(root, "champion"),
      meta: handMadeMeta({ timeframe: "1d", horizons: [1, 3, 7], symbols: series.map((s) => s.symbol) }),
      version: "cnn-gru shipped",
      promotedAt: null,
      reason: null,
    };
    const seriesCache: SeriesCache = {
      get: async (symbol) => ({
        candles: [...(series.find((s) => s.symbol === symbol)?.candles ?? [])],
        gaps: [],
        provenance: { source: "shipped", asOf: 0, stale: false },
      }),
      refresh: async () => {
        throw new Error("not used");
      },
    };
    const retrainer = createRetrainer({
      registry: {
        champion: async () => championInfo,
        stage: async () => ({ id: "challenger", dir: join(root, "challenger") }),
        promote: async () => true,
        discard: async () => {},
        rollback: async () => championInfo,
      },
      // In process: the training worker only forwards these same progress objects.
      runner: {
        challenge: (input, onProgress) =>
          runChallenge({ ...input, epochs: 4 }, onProgress === undefined ? {} : { progress: onProgress }),
      },
      series: seriesCache,
      symbols: series.map((s) => s.symbol),
      holdoutDays: 30,
      logger: silentLogger(),
    });
    const { stream, lines } = captureStream();
    const bar = createTrainProgressBar(stream);
    const toBar = retrainProgress(bar, "1d");
    const statuses: RetrainStatus[] = [];
    await retrainer.retrain({ timeframe: "1d" }, (status) => {
      statuses.push(status);
      toBar(status);
    });
    bar.stop();

    const epochs = statuses.flatMap((s) => (s.epoch === undefined ? [] : [s.epoch])) as TrainProgress[];
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    for (const e of epochs) {
      expect(Number.isFinite(e.loss)).toBe(true);
      expect(e.valLoss === null || Number.isFinite(e.valLoss)).toBe(true);
      expect(Number.isFinite(e.etaMs) && e.etaMs >= 0).toBe(true);
    }
    expect(new Set(epochs.map((e) => e.loss)).size).toBeGreaterThan(1);
    expect(epochs.some((e) => e.valLoss !== null)).toBe(true);
    expect(epochs.at(-1)?.etaMs).toBe(0);

    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^1d challenger: epoch 1\/4, loss \d+\.\d{4}, val \d+\.\d{4}, ETA \d+s$/);
    const chat = statuses.filter((s) => s.epoch !== undefined).map((s) => describeRetrainStatus(s));
    expect(chat[1]).toMatch(/\(epoch 2\/4, loss \d+\.\d{4}, val \d+\.\d{4}, ETA \d+s\)$/);
    expect([...lines, ...chat].join("\n")).not.toMatch(/NaN|Infinity/);
  });
});
