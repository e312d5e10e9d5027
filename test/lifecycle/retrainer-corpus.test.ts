import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeRetrainOutcome } from "../../commands/retrain.js";
import { i18nFor } from "../../src/i18n/index.js";
import { createModelRegistry } from "../../src/lifecycle/model-registry.js";
import { createRetrainer } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("a retrain of a global network", () => {
  it("GIVEN a champion trained on corpus coins beyond SYMBOLS THEN no challenger of SYMBOLS alone replaces it: the champion stays and the reply says how to retrain it", async () => {
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
    let trained = 0;
    const retrainer = createRetrainer({
      registry,
      runner: {
        async challenge() {
          trained += 1;
          throw new Error("no challenger should be trained");
        },
      },
      series: { get: async () => ({ candles: [] }) },
      symbols: ["BTC/USDT"],
      holdoutDays: 60,
      logger: silentLogger(),
    });
    const [outcome] = await retrainer.retrain({ timeframe: "1d" });
    expect(trained).toBe(0);
    expect(outcome).toMatchObject({ decision: "keep", why: { code: "narrower", trainedOn: 3, here: 1 } });
    if (outcome === undefined) throw new Error("no outcome");
    expect(describeRetrainOutcome(outcome)).toMatch(/trained on 3 coins and only 1 have their history here/);
    expect(describeRetrainOutcome(outcome, i18nFor("de"))).toMatch(/auf 3 Coins trainiert.*nur 1/);
  });
});
