import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMarketInputs, MARKET_FEATURE_NAMES, withMarket } from "../../../src/features/market-inputs.js";
import { createForecastJob } from "../../../src/forecast/forecast-job.js";
import { marketInputsFor } from "../../../src/forecast/market-inputs.js";
import type { SeriesData } from "../../../src/market/types.js";
import { createSeedEnsemble } from "../../../src/model/baselines/combination.js";
import {
  createNeuralForecaster,
  neuralForecasterFromSaved,
  seedDirName,
} from "../../../src/model/networks/neural-forecaster.js";
import { readSavedMetas } from "../../../src/model/saved/model-io.js";
import type { Forecaster, QuantileVector } from "../../../src/model/types.js";
import { clusteredCandles, DAY, START, TINY_HAR_NETWORK } from "../../helpers/synthetic-panel.js";

const horizons = [1, 3];
const hyper = { ...TINY_HAR_NETWORK, marketInputs: true, epochs: 2, validationFraction: 0.2 };
const panel: SeriesData[] = [
  { symbol: "BTC/USDT", candles: clusteredCandles(700, 1) },
  { symbol: "ALT/USDT", candles: clusteredCandles(700, 2) },
  { symbol: "NEW/USDT", candles: clusteredCandles(400, 3, { from: 300 }) },
];
const market = buildMarketInputs(panel);
const series = withMarket(panel, market);
const trainEnd = START + 640 * DAY;
const origins = [650, 670, 690];
let root: string;

const member = (seed: number) =>
  createNeuralForecaster({
    name: "cnn-gru",
    architecture: "cnn-gru",
    timeframe: "1d",
    window: 20,
    hyper,
    seed,
  });

beforeAll(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "coincast-ensemble-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("seed ensemble of the global network, with market-wide inputs", () => {
  // Six small networks on the cpu back-end: minutes on a loaded machine.
  it("GIVEN two members saved in one folder THEN the ensemble's quantiles are the average of its members'", {
    timeout: 300_000,
  }, async () => {
    const dir = join(root, "1d");
    const members = [member(42), member(43)];
    const expected: QuantileVector[][][] = [];
    for (const [i, m] of members.entries()) {
      await m.fit(series, trainEnd, horizons);
      // The market inputs are features of the network.
      expect(m.networks[0]?.features.slice(-3)).toEqual([...MARKET_FEATURE_NAMES]);
      await m.toSaved(join(dir, seedDirName(42 + i)));
      expect(m.networks[0]?.seed).toBe(42 + i);
    }
    const target = series[1] as SeriesData;
    for (const m of members) expected.push(await m.predict(target, origins, horizons));
    // Different seeds, different networks: the average is not either member.
    expect(expected[0]).not.toEqual(expected[1]);

    const ensemble = await neuralForecasterFromSaved(dir);
    expect((await readSavedMetas(dir)).map((m) => ("seed" in m ? m.seed : -1))).toEqual([42, 43]);
    const got = await ensemble.predict(target, origins, horizons);
    for (const [o, row] of got.entries())
      for (const [h, q] of row.entries())
        for (const [k, v] of q.entries()) {
          const a = expected[0]?.[o]?.[h]?.[k] as number;
          const b = expected[1]?.[o]?.[h]?.[k] as number;
          expect(v).toBeCloseTo((a + b) / 2, 12);
        }

    // Fitted as one forecaster of two seeds (what the weekly retrain does for an ensemble champion): the same.
    const both = createNeuralForecaster({
      name: "cnn-gru",
      architecture: "cnn-gru",
      timeframe: "1d",
      window: 20,
      hyper,
      seed: 42,
      seeds: 2,
    });
    await both.fit(series, trainEnd, horizons);
    expect(both.networks.map((n) => n.seed)).toEqual([42, 43]);
    expect(await both.predict(target, origins, horizons)).toEqual(got);
    both.dispose();

    // Saved again, it stays an ensemble of the same two members.
    const copy = join(root, "copy");
    await ensemble.toSaved(copy);
    const again = await neuralForecasterFromSaved(copy);
    expect(await again.predict(target, origins, horizons)).toEqual(got);

    // Served: the forecast job gets the market rows the service builds from the pairs it has.
    const job = createForecastJob();
    const sent = target.candles.slice(0, 691);
    const meta = (await readSavedMetas(dir))[0];
    if (meta === undefined) throw new Error("no meta");
    const cache = {
      get: async (symbol: string) => ({
        candles: (panel.find((s) => s.symbol === symbol)?.candles ?? []).slice(0, 691),
      }),
    };
    const inputs = await marketInputsFor(
      { series: cache as never, symbols: ["ALT/USDT", "NEW/USDT"] },
      meta,
      "1d",
      sent[0]?.time as number,
    );
    if (inputs === undefined) throw new Error("the service built no market rows");
    expect(inputs.names).toEqual([...MARKET_FEATURE_NAMES]);
    const served = await job({ modelDir: dir, symbol: "ALT/USDT", steps: 3, candles: sent, market: inputs });
    expect(served.quantiles).toEqual(got[2]?.[1]);
    // Without them the job refuses rather than forecast from half its inputs.
    await expect(job({ modelDir: dir, symbol: "ALT/USDT", steps: 3, candles: sent })).rejects.toThrow(
      /market-wide inputs/,
    );
    for (const m of [...members, ensemble, again]) m.dispose();
  });

  it("GIVEN a seed ensemble forecaster THEN its members fit at the same time and it forecasts their average", async () => {
    let running = 0;
    let most = 0;
    const fake = (offset: number): Forecaster => ({
      name: "m",
      async fit() {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
      },
      predict: async (_s, o) => o.map(() => [[-0.1 + offset, 0, 0.1 + offset]]),
    });
    const ensemble = createSeedEnsemble("m-x2", [fake(0), fake(0.02)]);
    await ensemble.fit([], 0, [1]);
    expect(most).toBe(2);
    const [row] = await ensemble.predict(series[0] as SeriesData, [0], [1]);
    expect(row?.[0]?.[0]).toBeCloseTo(-0.09, 12);
    expect(row?.[0]?.[2]).toBeCloseTo(0.11, 12);
  });

  it("GIVEN a statistical or market-free model THEN the service sends no market rows", async () => {
    const meta = { kind: "statistical", members: ["har"] } as never;
    expect(await marketInputsFor({ series: {} as never, symbols: [] }, meta, "1d", 0)).toBeUndefined();
  });
});
