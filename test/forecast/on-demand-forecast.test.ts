import { describe, expect, it } from "vitest";
import { formatText } from "../../src/chat/format-text.js";
import { i18nFor } from "../../src/i18n/index.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";
import { onDemandForecastUnderTest } from "./on-demand-fixture.js";

// Which evaluation figures the reply quotes for a coin: on-demand-figures.test.ts.

describe("/forecast for a pair outside SYMBOLS, end to end over the fake exchange", () => {
  const suite = onDemandForecastUnderTest();
  const { build, run } = suite;

  it("GIVEN /forecast SOL 1d THEN it says it is fetching, answers with a chart and the unseen-coin verdict, and a second asks for no history", async () => {
    const { services, forecasts, charts } = await build({ leaveOneOut: true });
    const first = await run(services, "SOL");
    expect(first.progress).toEqual([
      "Fetching the history of SOL/USDT from the exchange (its first request here)…",
    ]);
    const text = formatText(first.reply);
    expect(text).toContain("SOL/USDT forecast, 1d ahead");
    expect(text).toContain(
      'Not trained on this coin; on coins it never saw (left out of its training: BTC/USDT, ETH/USDT, XRP/USDT), its range beat "no change" by 3.0% (CRPS) and its 80% band held 81% of outcomes; its median does not beat "no change" (MASE 1.002): no model does on crypto returns, so read the range, not the median.',
    );
    expect(first.reply.image?.filename).toMatch(/SOL/);
    expect(charts).toEqual([{ symbol: "SOL/USDT", history: expect.any(Number) }]);
    expect(charts[0]?.history).toBeGreaterThan(365);
    expect(forecasts).toHaveLength(1);

    const historyRequests = suite.fake.requestsTo("/klines").length;
    const second = await run(services, "sol/usdt");
    expect(second.progress).toEqual([]);
    expect(formatText(second.reply)).toContain("SOL/USDT forecast, 1d ahead");
    expect(suite.fake.requestsTo("/klines")).toHaveLength(historyRequests);
  });

  it("GIVEN /forecast in German twice and in English once THEN the chart is drawn in each language once, cached per language", async () => {
    const { services, chartLocales } = await build({ leaveOneOut: true });
    const german = await run(services, "SOL", i18nFor("de"));
    expect(german.reply.image).toBeDefined();
    await run(services, "SOL", i18nFor("de"));
    expect(chartLocales).toEqual(["de"]);
    const english = await run(services, "SOL");
    expect(english.reply.image).toBeDefined();
    expect(chartLocales).toEqual(["de", "en"]);
  });

  it("GIVEN EXCHANGE_API_URL with user:secret AND the exchange answering 500 THEN neither the reply to /forecast SOL 1d nor any log line holds the secret, both still name the request, and the reply not the host", async () => {
    const captured = captureLogger();
    const { services } = await build({ userinfo: "user:secret", logger: captured.logger });
    suite.fake.fail({ kind: "status", status: 500 }, { path: "/klines", times: 5 });
    const text = await run(services, "SOL").then(
      ({ reply }) => formatText(reply),
      (error: unknown) => (error as Error).message,
    );
    expect(text).toContain("I could not fetch the history of SOL/USDT from binance");
    // The reply names the request without the exchange's origin (a private proxy's host); the log keeps it.
    expect(text).toContain("(ExchangeNotAvailable: binance GET /api/v3/klines 500");
    expect(text).not.toContain("127.0.0.1");
    const logs = JSON.stringify(captured.lines);
    expect(logs).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/klines 500/);
    for (const output of [text, logs]) {
      expect(output).not.toContain("secret");
      expect(output).not.toContain("user:");
    }
  });

  it("GIVEN a coin the model trained on THEN no unseen-coin line, and no on-demand fetch", async () => {
    const { services, market } = await build({ leaveOneOut: true });
    await market.update("btc"); // the scheduled refresh of a configured pair
    const { reply, progress } = await run(services, "BTC");
    expect(formatText(reply)).toContain("BTC/USDT forecast, 1d ahead");
    expect(formatText(reply)).not.toContain("Not trained on this coin");
    expect(progress).toEqual([]);
  });

  it("GIVEN a pair listed only 20 days (19 whole) THEN /forecast NEW 1d is refused naming the pair, its candles and what the model needs, in every language", async () => {
    const { services } = await build({ young: true });
    const refusal = await refusalOf(() => run(services, "NEW"));
    expect(refusal.message).toMatch(
      /^NEW\/USDT has 19 1d candles of history; the 1d model needs \d+ .* such as 4h\.$/,
    );
    const needed = String(refusal.params.needed);
    const texts = expectNamedEverywhere(refusal, ["NEW/USDT", "19", needed, "4h"]);
    expect(texts.de).toMatch(
      /^NEW\/USDT hat erst 19 1d-Kerzen Historie; das 1d-Modell braucht \d+ .* etwa 4h\.$/,
    );
  });
});
