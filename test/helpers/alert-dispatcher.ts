import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import type { CommandServices } from "../../commands/types.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { silentLogger } from "../../src/logger.js";
import { createObserver } from "../../src/schedule/alert-observe.js";
import { createAlerts } from "../../src/schedule/alerts.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { fakeCommandServices } from "./fake-command-services.js";
import { scriptedMarket } from "./scripted-alert-market.js";

/**
 * A fresh SQLite subscription store for each test of the calling file, in a temporary folder named after
 * `prefix`, closed and removed after the test. Call at the top of the file; the getter gives the test's store.
 */
export function tempSubscriptionStore(prefix: string): () => SubscriptionStore {
  let dir: string;
  let store: SubscriptionStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return () => store;
}

/**
 * One dispatcher over every command, on the fake services but for the real alert service over `store`'s alerts
 * (and any real `services` given): BTC last closed at 97,000 with P(up) 52%, ETH at 3,000 with 1.2% volatility,
 * XRP at 2.13 with P(up) 60.43% (a close and a P(up) a level may sit just beside).
 */
export function alertDispatcher(store: SubscriptionStore, services: Partial<CommandServices> = {}) {
  const market = scriptedMarket({
    "BTC/USDT": [{ close: 97_000, pup: 0.52 }],
    "ETH/USDT": [{ close: 3_000, vol: 0.012 }],
    "XRP/USDT": [{ close: 2.13, pup: 0.6043 }],
  });
  const observer = createObserver({ store: store.alerts, forecasts: market.forecasts });
  const alerts = createAlerts({ store: store.alerts, observer, logger: silentLogger() });
  return createDispatcher({
    commands: COMMANDS,
    services: { ...fakeCommandServices(), alerts, ...services },
    logger: silentLogger(),
    rateLimit: { points: 1000, seconds: 1 },
  });
}
