import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { averageQuantiles, createCombinationForecaster } from "../../../src/model/baselines/combination.js";
import { createEwmaForecaster } from "../../../src/model/baselines/ewma.js";
import { createGarchForecaster } from "../../../src/model/baselines/garch.js";
import { createHarForecaster } from "../../../src/model/baselines/har.js";
import {
  createStatisticalForecaster,
  statisticalMembers,
} from "../../../src/model/baselines/statistical-forecaster.js";
import { loadSavedForecaster } from "../../../src/model/saved/forecasters.js";
import { ModelLoadError, readSavedMeta } from "../../../src/model/saved/model-io.js";
import type { SeriesData } from "../../../src/model/types.js";
import { DAY_MS, SERIES_START, syntheticDailySeries } from "../../evaluation/synthetic-series.js";

const HORIZONS = [1, 3, 7];
const LENGTH = 800;
const TRAIN_END = SERIES_START + 599 * DAY_MS;
const series: SeriesData[] = [
  syntheticDailySeries("AAA/USDT", LENGTH, { seed: 3, drift: 0 }),
  syntheticDailySeries("BBB/USDT", LENGTH, { seed: 4, drift: 0, sigma: 0.04 }),
];
const ORIGINS = [600, 650, 700, 790];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-statistical-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("statistical model kind", () => {
  it("GIVEN a fitted HAR model saved and loaded THEN it forecasts exactly what the walk-forward's HAR does", async () => {
    const model = createStatisticalForecaster({ members: ["har"], timeframe: "1d" });
    await model.fit(series, TRAIN_END, HORIZONS);
    const dir = join(root, "har");
    await model.toSaved(dir);
    const restored = await loadSavedForecaster(dir);
    const scored = createHarForecaster();
    await scored.fit(series, TRAIN_END, HORIZONS);
    for (const s of series) {
      const expected = await scored.predict(s, ORIGINS, HORIZONS);
      expect(await model.predict(s, ORIGINS, HORIZONS)).toEqual(expected);
      expect(await restored.predict(s, ORIGINS, HORIZONS)).toEqual(expected);
    }
    const meta = await readSavedMeta(dir);
    expect(meta).toMatchObject({ kind: "statistical", name: "har", members: ["har"], horizons: HORIZONS });
    expect(meta.trainedUntil).toBe(TRAIN_END);
  });

  it("GIVEN a combination saved and loaded THEN it forecasts the quantile average the walk-forward scores", async () => {
    const model = createStatisticalForecaster({ members: ["har", "garch", "ewma"], timeframe: "1d" });
    await model.fit(series, TRAIN_END, HORIZONS);
    const dir = join(root, "combo");
    await model.toSaved(dir);
    const restored = await loadSavedForecaster(dir);
    expect(restored.kind).toBe("statistical");
    expect(restored.name).toBe("har+garch+ewma");
    const scored = createCombinationForecaster("har+garch+ewma", [
      createHarForecaster(),
      createGarchForecaster(),
      createEwmaForecaster(),
    ]);
    await scored.fit(series, TRAIN_END, HORIZONS);
    const s = series[1] as SeriesData;
    const expected = await scored.predict(s, ORIGINS, HORIZONS);
    const got = await restored.predict(s, ORIGINS, HORIZONS);
    for (const [i, v] of got.flat(2).entries()) expect(v).toBeCloseTo(expected.flat(2)[i] as number, 14);
  });

  it("GIVEN only the last 1000 candles at serving time THEN the forecast equals the one from the full history", async () => {
    const long = syntheticDailySeries("AAA/USDT", 1600, { seed: 3, drift: 0 });
    const fitEnd = long.candles[1500]?.time ?? 0;
    const model = createStatisticalForecaster({ members: ["har", "garch", "ewma"], timeframe: "1d" });
    await model.fit([long], fitEnd, HORIZONS);
    const [full] = await model.predict(long, [1599], HORIZONS);
    const tail = { symbol: long.symbol, candles: long.candles.slice(-1000) };
    const [served] = await model.predict(tail, [999], HORIZONS);
    // GARCH continues from the variance its fit ended on (this fit has beta ~0.997: restarting the recursion
    // 1000 candles back would be off by 0.1%); EWMA forgets its seed at 0.94^970.
    const want = (full ?? []).flat();
    for (const [i, v] of (served ?? []).flat().entries()) {
      expect(Math.abs(v - (want[i] as number))).toBeLessThan(1e-9 * Math.abs(want[i] as number) + 1e-15);
    }
  });

  it("GIVEN a coin outside its fit THEN it is fitted on that coin's history up to the earliest origin only", async () => {
    const model = createStatisticalForecaster({ members: ["har"], timeframe: "1d" });
    await model.fit([series[0] as SeriesData], TRAIN_END, HORIZONS);
    const unseen = syntheticDailySeries("CCC/USDT", LENGTH, { seed: 9, drift: 0 });
    const own = createHarForecaster();
    await own.fit([unseen], unseen.candles[650]?.time ?? 0, HORIZONS);
    expect(await model.predict(unseen, [650, 700], HORIZONS)).toEqual(
      await own.predict(unseen, [650, 700], HORIZONS),
    );
    // Changing candles after the origin changes nothing: no look-ahead in the on-demand fit.
    const scrambled = {
      symbol: unseen.symbol,
      candles: unseen.candles.map((c, i) => (i > 650 ? { ...c, close: c.close * 3 } : c)),
    };
    const again = createStatisticalForecaster({ members: ["har"], timeframe: "1d" });
    await again.fit([series[0] as SeriesData], TRAIN_END, HORIZONS);
    expect(await again.predict(scrambled, [650], HORIZONS)).toEqual(
      await own.predict(unseen, [650], HORIZONS),
    );
  });

  it("GIVEN a meta.json edited by hand THEN loading fails with a ModelLoadError naming the field", async () => {
    const model = createStatisticalForecaster({ members: ["garch"], timeframe: "1d" });
    await model.fit(series, TRAIN_END, HORIZONS);
    const dir = join(root, "tampered");
    await model.toSaved(dir);
    const meta = JSON.parse(await readFile(join(dir, "meta.json"), "utf8"));
    meta.fits.garch["AAA/USDT"].model.nu = 1.5;
    await writeFile(join(dir, "meta.json"), JSON.stringify(meta));
    await expect(loadSavedForecaster(dir)).rejects.toThrow(ModelLoadError);
    await expect(loadSavedForecaster(dir)).rejects.toThrow(/fits\.garch/);
  });

  it("GIVEN a HAR meta.json whose terms and coefficients disagree, or with an unknown term THEN loading fails", async () => {
    const model = createStatisticalForecaster({ members: ["har"], timeframe: "1d" });
    await model.fit(series, TRAIN_END, HORIZONS);
    const dir = join(root, "har-tampered");
    await model.toSaved(dir);
    const original = await readFile(join(dir, "meta.json"), "utf8");
    const tamper = async (edit: (h: { terms: string[]; beta: number[] }) => void) => {
      const meta = JSON.parse(original);
      edit(meta.fits.har["AAA/USDT"].model.horizons[0]);
      await writeFile(join(dir, "meta.json"), JSON.stringify(meta));
    };
    expect(JSON.parse(original).fits.har["AAA/USDT"].model.horizons[0].terms).toContain("weekend");
    await tamper((h) => h.beta.pop());
    await expect(loadSavedForecaster(dir)).rejects.toThrow(/coefficient per term/);
    await tamper((h) => {
      h.terms[0] = "moon_phase";
    });
    await expect(loadSavedForecaster(dir)).rejects.toThrow(ModelLoadError);
    await expect(loadSavedForecaster(dir)).rejects.toThrow(/unknown HAR term moon_phase/);
    // A 4h block term in a daily model (one candle a day) names no column there.
    await tamper((h) => {
      h.terms[0] = "utc_block_1";
    });
    await expect(loadSavedForecaster(dir)).rejects.toThrow(/unknown HAR term utc_block_1/);
  });

  it("GIVEN member names THEN they parse, and unknown or repeated ones are refused", () => {
    expect(statisticalMembers("HAR+garch + ewma")).toEqual(["har", "garch", "ewma"]);
    expect(statisticalMembers("har")).toEqual(["har"]);
    expect(statisticalMembers("har+arima")).toBeUndefined();
    expect(statisticalMembers("har+har")).toBeUndefined();
  });
});

describe("averageQuantiles (Vincentization)", () => {
  it("GIVEN two members THEN each level is the mean of theirs", () => {
    expect(
      averageQuantiles([
        [-2, -1, 0, 1, 2],
        [-4, -1, 1, 3, 6],
      ]),
    ).toEqual([-3, -1, 0.5, 2, 4]);
  });
  it("GIVEN vectors of different lengths THEN it refuses", () => {
    expect(() => averageQuantiles([[0, 1], [0]])).toThrow(RangeError);
  });
});
