import { describe, expect, it } from "vitest";
import { candlesEndingAt } from "../helpers/fake-market.js";
import { DAY, H4, LAST_4H, LAST_DAILY, NOON, serviceUnderTest } from "./service-fixture.js";

/**
 * A daily forecast starts from the last daily close, hours old by evening: the core returns the newest 4h
 * close with it (Forecast.latest), so no reply calls that daily close "the last price".
 */
describe("ForecastService: a daily forecast's latest price", () => {
  const suite = serviceUnderTest();
  const { build } = suite;

  it("GIVEN 4h candles closed after the last daily close THEN a 1d, 3d and 7d forecast carries the newest 4h close and its close time", async () => {
    const { service } = await build();
    for (const horizon of ["1d", "3d", "7d"]) {
      const f = await service.forecast("BTC", horizon);
      expect(f.asOf).toBe(LAST_DAILY);
      // 120 candles closing at 100..219: the daily forecast still starts from the daily close (219 too).
      expect(f.latest).toEqual({ price: 219, time: LAST_4H + H4 });
      const report = await service.report("BTC", horizon);
      expect(report.forecast.latest).toEqual({ price: 219, time: LAST_4H + H4 });
    }
  });

  it("GIVEN a 4h forecast THEN no latest price: its last price is the newest", async () => {
    const { service } = await build();
    expect((await service.forecast("BTC", "4h")).latest).toBeUndefined();
  });

  it("GIVEN the newest 4h candle closes with the daily candle THEN no latest price", async () => {
    const { service, data } = await build();
    data.set("BTC/USDT", "4h", candlesEndingAt("4h", LAST_DAILY + DAY - H4, 120, 500));
    expect((await service.forecast("BTC", "1d")).latest).toBeUndefined();
  });

  it("GIVEN a cached daily forecast and a 4h candle closed since THEN the answer carries the newer close", async () => {
    const { service, data, run } = await build();
    expect((await service.forecast("BTC", "1d")).latest?.time).toBe(LAST_4H + H4);
    data.set("BTC/USDT", "4h", candlesEndingAt("4h", LAST_4H + H4, 120, 300));
    // Past the next 4h close (the series is read again), before the next daily one (the forecast is cached).
    suite.clock = NOON + H4 + 60_000;
    const next = await service.forecast("BTC", "1d");
    expect(run.calls).toHaveLength(1);
    expect(next.latest).toEqual({ price: 419, time: LAST_4H + 2 * H4 });
  });
});
