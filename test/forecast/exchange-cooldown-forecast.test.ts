import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { formatText } from "../../src/chat/format-text.js";
import type { UserError } from "../../src/errors.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";
import { onDemandForecastUnderTest } from "./on-demand-fixture.js";

const H4 = 4 * 3_600_000;

// A slow or rate-limiting exchange and /forecast, end to end over the fake exchange (market/cooldown.ts).
describe("/forecast while the exchange is slow or asks us to wait", () => {
  const suite = onDemandForecastUnderTest();
  const { build, run } = suite;
  const klines = () => suite.fake.requestsTo("/klines").length;
  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  };

  it("GIVEN /klines hangs THEN a forecast of a pair due answers stale within its wait, and the next asks nothing and answers at once", async () => {
    const { services, clock } = await build({ timeoutMs: 1_000, firstRefreshWaitMs: 200 });
    await run(services, "SOL"); // backfilled
    clock.now += H4; // a 4h candle closed since: SOL is due
    suite.fake.fail({ kind: "hang" }, { path: "/klines", times: 10 });
    const first = await timed(() => run(services, "SOL"));
    expect(formatText(first.result.reply)).toContain("STALE");
    expect(first.ms).toBeLessThan(800);
    expect(klines()).toBeGreaterThan(0);
    await sleep(1_100); // the hanging request times out: the exchange cools down
    const asked = klines();
    const second = await timed(() => run(services, "SOL"));
    expect(formatText(second.result.reply)).toContain("STALE");
    expect(second.ms).toBeLessThan(500);
    expect(klines()).toBe(asked);
  });

  it("GIVEN a 418 with Retry-After 3600 THEN nothing is asked before it ends, a new pair is refused with when to try again, and fetching resumes after it", async () => {
    const { services, clock } = await build();
    await run(services, "SOL");
    clock.now += H4;
    suite.fake.fail({ kind: "status", status: 418, retryAfterSeconds: 3_600 }, { path: "/klines", times: 1 });
    expect(formatText((await run(services, "SOL")).reply)).toContain("STALE");
    const banned = klines();
    expect(suite.fake.requestsTo("/klines").at(-1)?.status).toBe(418);

    expect(formatText((await run(services, "SOL")).reply)).toContain("STALE");
    const refusal = (await refusalOf(() => run(services, "DOGE"))) as UserError;
    const until = new Date(clock.now + 3_600_000).toISOString().slice(11, 16);
    expect(refusal).toMatchObject({ code: "backfill-failed", params: { context: "rateLimited" } });
    expect(refusal.message).toBe(
      `binance asked us to wait until ${until} UTC before asking it again, so I cannot fetch the history of ` +
        `DOGE/USDT yet. Nothing was stored; try again after ${until} UTC.`,
    );
    expectNamedEverywhere(refusal, ["DOGE/USDT", "binance", `${until} UTC`]);
    expect(klines()).toBe(banned);

    clock.now += 3_600_000;
    expect(formatText((await run(services, "DOGE")).reply)).toContain("DOGE/USDT forecast, 1d ahead");
    expect(klines()).toBeGreaterThan(banned);
  });

  it("GIVEN a configured pair stale by age in a process that never refreshes THEN its forecast asks the exchange once first", async () => {
    const { services, market, clock } = await build();
    await market.update("btc"); // BTC stored up to now
    clock.now += 3 * H4; // three periods on: stale by age, and nothing refreshes it on schedule here
    const before = klines();
    const { reply } = await run(services, "BTC");
    expect(formatText(reply)).toContain("BTC/USDT forecast, 1d ahead");
    expect(klines()).toBe(before + 1);
  });
});
