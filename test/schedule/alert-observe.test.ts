import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createObserver } from "../../src/schedule/alert-observe.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { scriptedMarket } from "../helpers/scripted-alert-market.js";

describe("the volatility reference", () => {
  let dir: string;
  let store: SubscriptionStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-alerts-vol-"));
    store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN a year computed once THEN later observations run the model only for the days since", async () => {
    const market = scriptedMarket({
      "ETH/USDT": [
        { close: 3000, vol: 0.015 },
        { close: 3000, vol: 0.016 },
      ],
    });
    const observer = createObserver({ store: store.alerts, forecasts: market.forecasts });
    const first = await observer.observe("ETH", { volatility: true });
    // The year before the newest close, that day a year ago excluded.
    expect(first.volatility?.days).toBe(364);
    expect(first.volatility?.p90).toBeCloseTo(0.019, 4);
    expect(first.volatility?.p80).toBeCloseTo(0.018, 4);
    expect(market.calls.volatilityRuns).toBe(366);
    market.at(1);
    await observer.observe("ETH", { volatility: true });
    expect(market.calls.volatilityRuns).toBe(367);
  });
});
