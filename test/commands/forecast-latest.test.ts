import { describe, expect, it } from "vitest";
import { buildPost } from "../../commands/daily-post.js";
import { describeForecast } from "../../commands/forecast.js";
import { buildScene } from "../../src/chart/scene.js";
import { formatText } from "../../src/chat/format-text.js";
import type { Forecast } from "../../src/forecast/forecast.js";
import { i18nFor } from "../../src/i18n/index.js";
import { silentLogger } from "../../src/logger.js";
import type { Subscription } from "../../src/schedule/store-schema.js";
import { btcDaily } from "../chart/fixtures.js";
import { EMPTY_RECORD, FAKE_PNG } from "../helpers/fake-command-services.js";

/**
 * A daily forecast starts from the last daily close; when 4h candles closed since (Forecast.latest), every
 * surface names that close "Last daily close" and shows the newest price beside it.
 */

const NEWER = { price: 99_310, time: Date.UTC(2025, 11, 9, 20) };

function daily(latest?: Forecast["latest"]): Forecast {
  return {
    symbol: "BTC/USDT",
    horizon: "1d",
    timeframe: "1d",
    asOf: Date.UTC(2025, 11, 8),
    targetTime: Date.UTC(2025, 11, 10),
    lastPrice: 97_120,
    ...(latest === undefined ? {} : { latest }),
    median: 98_000,
    interval80: { low: 94_000, high: 101_500 },
    interval95: { low: 91_000, high: 104_000 },
    probabilityUp: 0.56,
    expectedVolatility: 0.0283,
    modelVersion: "cnn-gru 2025-12-08 a1b2c3d4",
    data: { source: "live", asOf: Date.UTC(2025, 11, 8), stale: false },
    madeAt: Date.UTC(2025, 11, 9, 21),
  };
}

const reply = (forecast: Forecast, locale: "en" | "de" = "en") =>
  formatText(describeForecast({ forecast, verdict: undefined, record: EMPTY_RECORD }, i18nFor(locale)));

describe("a daily forecast with newer 4h closes", () => {
  it("GIVEN a newer 4h close THEN the reply names the daily close and the latest price, and that the daily model forecasts from daily closes", () => {
    expect(reply(daily(NEWER)).split("\n").slice(0, 7)).toEqual([
      "BTC/USDT forecast, 1d ahead",
      "  Last daily close: 97,120 at 2025-12-09 00:00 UTC",
      "  Latest price: 99,310 at 2025-12-09 20:00 UTC (4h candles); the daily model forecasts from daily closes.",
      "  Median: 98,000 (+0.9%) by 2025-12-10 00:00 UTC",
      "  80% interval: 94,000 to 101,500",
      "  P(up): 56%",
      "  Expected volatility: 2.8%",
    ]);
  });

  it("GIVEN no newer 4h close THEN the reply says Last price, and no latest-price line", () => {
    const text = reply(daily());
    expect(text).toContain("  Last price: 97,120 at 2025-12-09 00:00 UTC");
    expect(text).not.toMatch(/daily close|Latest price/i);
  });

  it("GIVEN a German reader THEN the same in German", () => {
    const lines = reply(daily(NEWER), "de").split("\n");
    expect(lines[1]).toMatch(/^ {2}Letzter Tagesschluss: 97\.120 \(09\.12\.2025, 00:00 UTC\)$/);
    expect(lines[2]).toBe(
      "  Neuester Kurs: 99.310 (09.12.2025, 20:00 UTC, 4h-Kerzen); das Tagesmodell rechnet mit Tagesschlusskursen.",
    );
    expect(lines[3]).toMatch(/^ {2}Median: 98\.000 \(\+0,9\s%\) bis 10\.12\.2025, 00:00 UTC$/);
    expect(reply(daily(), "de")).toContain("Letzter Kurs: 97.120");
  });

  it("GIVEN a daily post THEN a line under the coin's summary names its daily close and the latest price", async () => {
    const subscription: Subscription = {
      id: 1,
      platform: "telegram",
      channelId: "-100",
      symbols: ["BTC/USDT"],
      horizon: "1d",
      time: "21:00",
      timeZone: "UTC",
      createdBy: "1",
      createdAt: 0,
      pausedAt: null,
      pauseReason: null,
    };
    const forecasts = (latest?: Forecast["latest"]) => ({
      forecast: async () => daily(latest),
      chart: async () => FAKE_PNG,
      scored: async () => [],
    });
    const slot = { subscription, day: "2025-12-09", at: Date.UTC(2025, 11, 9, 21) };
    const post = await buildPost(forecasts(NEWER), slot, silentLogger());
    expect(post.lines[1]).toBe(
      "BTC/USDT: last daily close 97,120 (2025-12-09 00:00 UTC), latest price 99,310 (2025-12-09 20:00 UTC, 4h candles).",
    );
    const german = await buildPost(
      forecasts(NEWER),
      { ...slot, subscription: { ...subscription, locale: "de" } },
      silentLogger(),
    );
    expect(german.lines[1]).toMatch(
      /^BTC\/USDT: letzter Tagesschluss 97\.120 \(09\.12\.2025, 00:00 UTC\), neuester Kurs 99\.310/,
    );
    const plain = await buildPost(forecasts(), slot, silentLogger());
    expect(plain.lines.join("\n")).not.toMatch(/daily close|latest price/);
  });

  it("GIVEN a newer 4h close THEN the chart is as of the daily close and names the latest price", () => {
    const { forecast, history } = btcDaily();
    const latest = { price: forecast.lastPrice * 1.02, time: forecast.asOf + 86_400_000 + 8 * 3_600_000 };
    const scene = buildScene({ ...forecast, latest }, history);
    expect(scene.asOf).toBe("daily close 2025-01-12 00:00 UTC");
    expect(scene.summary.at(-1)?.text).toMatch(/^latest [\d,.]+k? \(2025-01-12 08:00 UTC, 4h\)$/);
    expect(buildScene(forecast, history).asOf).toBe("as of 2025-01-12 00:00 UTC");
  });
});
