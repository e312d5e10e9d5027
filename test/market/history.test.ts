import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { describeSeries, loadCandles, seriesKey } from "../../src/market/history.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";
import { at, H4, run } from "./fixtures.js";

// Monday 2024-01-01 04:00 .. Tuesday 2024-01-09 00:00, with 12:00 and 16:00 of Jan 3 missing.
const ALL = run(at("2024-01-01T04:00"), 5 + 7 * 6 + 1);
const SEED = ALL.filter((c) => c.time !== at("2024-01-03T12:00") && c.time !== at("2024-01-03T16:00"));

let root: string;
let shippedDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-history-"));
  shippedDir = join(root, "shipped");
  await mkdir(shippedDir);
  await writeFile(join(shippedDir, "BTC_USDT_4h.csv.gz"), gzipSync(formatCandlesCsv(SEED)));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const newStore = async () =>
  createCandleStore({ dir: await mkdtemp(join(root, "store-")), shippedDir, logger: silentLogger() });

describe("seriesKey", () => {
  it("GIVEN an exchange and symbol THEN the key names the stored 4h series", () => {
    expect(seriesKey("binance", "BTC/USDT")).toEqual({
      exchange: "binance",
      symbol: "BTC/USDT",
      timeframe: "4h",
    });
  });
});

describe("loadCandles", () => {
  it("GIVEN 4h THEN the stored candles come gap-filled with the gap report and shipped provenance", async () => {
    const loaded = await loadCandles(await newStore(), seriesKey("binance", "BTC/USDT"), "4h");
    expect(loaded.candles.map((c) => c.time)).toEqual(ALL.map((c) => c.time));
    expect(loaded.candles.filter((c) => c.filled).map((c) => c.time)).toEqual([
      at("2024-01-03T12:00"),
      at("2024-01-03T16:00"),
    ]);
    expect(loaded.gaps).toEqual([{ from: at("2024-01-03T12:00"), to: at("2024-01-03T20:00"), missing: 2 }]);
    expect(loaded.provenance).toEqual({ source: "shipped", asOf: at("2024-01-09T00:00"), stale: false });
  });

  it("GIVEN 1d and 1w THEN whole days and the whole ISO week come back, asOf their last open time", async () => {
    const store = await newStore();
    const key = seriesKey("binance", "BTC/USDT");
    const daily = await loadCandles(store, key, "1d");
    expect(daily.candles.map((c) => c.time)).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((d) => at(`2024-01-0${d}T00:00`)),
    );
    expect(daily.provenance.asOf).toBe(at("2024-01-08T00:00"));
    expect(daily.gaps).toHaveLength(1);
    // Jan 1 lacks 00:00 and Jan 8 .. 14 is a week with one day: only partial weeks, so none at all.
    const refusal = await refusalOf(() => loadCandles(store, key, "1w"));
    expect(refusal).toMatchObject({ code: "no-candles" });
    expectNamedEverywhere(refusal, ["1w", "BTC/USDT", "binance"]);
  });

  it("GIVEN appended live candles THEN provenance says live", async () => {
    const store = await newStore();
    const key = seriesKey("binance", "BTC/USDT");
    const next = run((ALL.at(-1) as Candle).time + H4, 1);
    await store.append(key, next, Date.UTC(2030, 0, 1));
    const loaded = await loadCandles(store, key, "4h");
    expect(loaded.provenance).toEqual({ source: "live", asOf: next[0]?.time, stale: false });
  });

  it("GIVEN a series with no candle THEN the error is one a user may read", async () => {
    await expect(loadCandles(await newStore(), seriesKey("kraken", "BTC/USDT"), "4h")).rejects.toThrow(
      "No 4h candles for BTC/USDT on kraken yet.",
    );
  });
});

describe("describeSeries", () => {
  it("GIVEN a series THEN each timeframe gets first, last, count, filled, gaps, source and updatedAt", async () => {
    const status = await describeSeries(await newStore(), seriesKey("binance", "BTC/USDT"));
    const common = { exchange: "binance", symbol: "BTC/USDT", gaps: 1, source: "shipped", updatedAt: null };
    expect(status).toEqual([
      {
        ...common,
        timeframe: "4h",
        first: at("2024-01-01T04:00"),
        last: at("2024-01-09T00:00"),
        count: 48,
        filled: 2,
      },
      {
        ...common,
        timeframe: "1d",
        first: at("2024-01-02T00:00"),
        last: at("2024-01-08T00:00"),
        count: 7,
        filled: 0,
      },
      { ...common, timeframe: "1w", first: null, last: null, count: 0, filled: 0 },
    ]);
  });

  it("GIVEN an empty series and one timeframe THEN a zero line, not an error", async () => {
    const [line] = await describeSeries(await newStore(), seriesKey("kraken", "ETH/USDT"), ["1d"]);
    expect(line).toMatchObject({
      timeframe: "1d",
      first: null,
      last: null,
      count: 0,
      gaps: 0,
      source: "shipped",
    });
  });

  it("GIVEN the real shipped BTC history THEN its status shows 8 gaps and whole periods", async () => {
    const dir = await mkdtemp(join(root, "real-"));
    const store = createCandleStore({ dir, logger: silentLogger() });
    const [h4, d1, w1] = await describeSeries(store, seriesKey("binance", "BTC/USDT"));
    expect(h4).toMatchObject({ count: 18_201 + 16, filled: 16, gaps: 8, last: at("2025-12-09T04:00") });
    expect(d1).toMatchObject({ first: at("2017-08-18T00:00"), last: at("2025-12-08T00:00"), filled: 0 });
    expect(d1?.count).toBe((at("2025-12-08T00:00") - at("2017-08-18T00:00")) / (6 * H4) + 1);
    expect(w1).toMatchObject({ first: at("2017-08-21T00:00"), last: at("2025-12-01T00:00") });
  });
});
