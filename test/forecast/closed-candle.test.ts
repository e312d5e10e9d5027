import { describe, expect, it } from "vitest";
import { closedCandleRefresher } from "../../src/forecast/closed-candle.js";
import type { SeriesCache } from "../../src/forecast/series-cache.js";
import { silentLogger } from "../../src/logger.js";
import type { LoadedCandles } from "../../src/market/history.js";
import { generateCandles } from "../helpers/fake-exchange.js";

const H4 = 4 * 3_600_000;

describe("the refresh before a post at a candle close", () => {
  // A post at a close joins the scheduled refresh of its symbol when one runs; that refresh may sit out the
  // exchange's Retry-After for minutes. The post waits a forecast's wait at most, then posts what is stored.
  it("GIVEN a refresh that does not end THEN the post goes on from the stored candles after its wait", async () => {
    const candles = generateCandles(Date.UTC(2026, 0, 1), 10, 100);
    const loaded = { candles } as unknown as LoadedCandles;
    const last = candles.at(-1)?.time ?? 0;
    let refreshed = 0;
    const series = {
      refresh: () => {
        refreshed++;
        return new Promise<never>(() => {});
      },
      get: async () => loaded,
    } as unknown as SeriesCache;
    const refresher = closedCandleRefresher({
      series,
      // One candle behind, settled: the refresh is tried.
      now: () => last + 2 * H4 + 10 * 60_000,
      sleep: async () => {},
      logger: silentLogger(),
      waitMs: 50,
    });
    const started = Date.now();
    const served = await refresher("BTC/USDT", "4h", loaded);
    expect(refreshed).toBe(1);
    expect(served).toBe(loaded);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
