import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChallengeInput } from "../../src/lifecycle/challenge.js";
import { createModelRegistry } from "../../src/lifecycle/model-registry.js";
import { createRetrainer } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("a retrain of a global network", () => {
  it("GIVEN a champion trained on corpus coins beyond SYMBOLS THEN its challenger trains on them too, from the training history", async () => {
    const root = await mkdtemp(join(tmpdir(), "coincast-retrainer-corpus-"));
    dirs.push(root);
    const shipped = join(root, "shipped", "1d");
    await mkdir(shipped, { recursive: true });
    const meta = handMadeMeta({ symbols: ["BTC/USDT", "DOGE/USDT", "ADA/USDT"] });
    await writeFile(join(shipped, "meta.json"), JSON.stringify(meta));
    await writeFile(join(shipped, "model.json"), "{}");
    await writeFile(join(shipped, "weights.bin"), "w");
    const registry = createModelRegistry({
      shippedDir: join(root, "shipped"),
      dir: join(root, "models"),
      keep: 2,
      logger: silentLogger(),
    });
    const trained: string[][] = [];
    const asked: string[][] = [];
    const retrainer = createRetrainer({
      registry,
      runner: {
        async challenge(input: ChallengeInput) {
          trained.push(input.series.map((s) => s.symbol));
          throw new Error("not trained in this test");
        },
      },
      series: { get: async () => ({ candles: [] }) },
      symbols: ["BTC/USDT"],
      trainingHistory: async (_timeframe: ModelTimeframe, symbols: readonly string[]) => {
        asked.push([...symbols]);
        return symbols.map((symbol) => ({ symbol, candles: [] }));
      },
      holdoutDays: 60,
      logger: silentLogger(),
    });
    await retrainer.retrain({ timeframe: "1d" });
    expect(asked).toEqual([["DOGE/USDT", "ADA/USDT"]]);
    expect(trained).toEqual([["BTC/USDT", "DOGE/USDT", "ADA/USDT"]]);
  });
});
