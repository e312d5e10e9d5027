import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildPost } from "../../commands/daily-post.js";
import { consolePostTarget } from "../../src/chat/console.js";
import { scoreForecast } from "../../src/forecast/track-record.js";
import { silentLogger } from "../../src/logger.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { createSubscriptions } from "../../src/schedule/subscriptions.js";
import { consoleSession } from "../helpers/console-session.js";
import { FAKE_PNG, fakeCommandServices, handMadeForecast } from "../helpers/fake-command-services.js";

let dir: string;
let store: SubscriptionStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-console-post-"));
  store = await openSubscriptionStore({ file: join(dir, "subscriptions.sqlite") });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("console subscriptions", () => {
  it("GIVEN /subscribe typed at the console THEN the daily post prints there, with yesterday's scored forecast and the chart file", async () => {
    const logger = silentLogger();
    const now = Date.UTC(2026, 5, 1, 12);
    const services = fakeCommandServices();
    const subscriptions = createSubscriptions({ store, logger, now: () => now });
    const imageDir = join(dir, "charts");
    const session = await consoleSession(["/subscribe btc,eth 1d 09:30 Europe/Berlin"], {
      services: { ...services, subscriptions },
      imageDir,
      logger,
    });
    const { output } = session;
    expect(session.printed()).toMatch(
      /BTC\/USDT, ETH\/USDT at 1d, every day at 09:30 Europe\/Berlin; next post 2026-06-02 09:30/,
    );

    const yesterday = handMadeForecast("btc", "1d");
    const posts = createPostScheduler({
      store,
      targets: { console: consolePostTarget({ output, imageDir, logger }) },
      compose: (slot) =>
        buildPost(
          {
            forecast: services.core.forecast,
            chart: services.core.chart,
            scored: async () => [
              {
                forecast: yesterday,
                source: "post",
                actual: 96_480,
                scoredAt: now,
                score: scoreForecast(yesterday, 96_480),
              },
            ],
          },
          slot,
          logger,
        ),
      graceMs: 120 * 60_000,
      logger,
      now: () => Date.UTC(2026, 5, 2, 7, 30),
    });
    session.clear();
    expect(await posts.runDue(Date.UTC(2026, 5, 2, 7, 30))).toMatchObject([
      { day: "2026-06-02", status: "done" },
    ]);
    const printed = session.printed();
    expect(printed).toMatch(/^Daily forecast, 1d ahead \(2026-06-02\)$/m);
    expect(printed).toMatch(/^BTC\/USDT: median [\d,]+ \(\+0\.9%\), 80% [\d,]+ to [\d,]+, P\(up\) \d+%$/m);
    expect(printed).toMatch(/^ETH\/USDT: median /m);
    expect(printed).toMatch(
      /^yesterday: BTC\/USDT 1d median 97,998, actual 96,480, inside the 80% interval$/m,
    );
    expect(services.calls.forecast).toEqual([
      ["BTC/USDT", "1d", "post"],
      ["ETH/USDT", "1d", "post"],
    ]);
    const chart = /^Chart: (.+\.png)$/m.exec(printed)?.[1];
    expect(await readFile(chart as string)).toEqual(FAKE_PNG);
  });
});
