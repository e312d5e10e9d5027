import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SUBSCRIPTIONS_FILE } from "../../src/main.js";
import { openSubscriptionStore } from "../../src/schedule/store.js";
import { startTerminalBot } from "../helpers/terminal-bot.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coincast-start-posts-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("startBot's scheduled posts", () => {
  it("GIVEN a console subscription whose time passed 3 minutes before start THEN catch-up prints its post once on the console, with the shipped model's forecast and a chart file", async () => {
    // Subscribed yesterday, for a time of day (UTC) three minutes before now: well within the grace window.
    const now = Date.now();
    const time = new Date(now - 3 * MINUTE_MS).toISOString().slice(11, 16);
    const file = join(dataDir, SUBSCRIPTIONS_FILE);
    const before = await openSubscriptionStore({ file });
    await before.upsert(
      {
        platform: "console",
        channelId: "console",
        symbols: ["BTC/USDT"],
        horizon: "1d",
        time,
        timeZone: "UTC",
        createdBy: "console",
      },
      now - DAY_MS,
    );
    await before.close();

    const bot = startTerminalBot({ DATA_DIR: dataDir });
    try {
      await bot.waitFor(/^Chart: .+\.png$/m, 45_000);
      // The commands read the store the scheduler posts from: today's post is done, the next is tomorrow's.
      bot.type("/subscriptions");
      await bot.waitFor(/; next post \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/m, 10_000);
    } finally {
      await bot.quit();
    }
    const printed = bot.printed();

    const day = new Date(now - 3 * MINUTE_MS).toISOString().slice(0, 10);
    expect(printed.match(/^Daily forecast, 1d ahead \(\d{4}-\d\d-\d\d\)$/gm)).toEqual([
      `Daily forecast, 1d ahead (${day})`,
    ]);
    expect(printed).toMatch(
      /^BTC\/USDT: median [\d,.]+ \([+-]\d+\.\d%\), 80% [\d,.]+ to [\d,.]+, P\(up\) \d+%$/m,
    );
    expect(printed).toMatch(/\/unsubscribe stops these posts\.$/m);
    const chart = /^Chart: (.+\.png)$/m.exec(printed)?.[1] ?? "";
    expect(chart.startsWith(join(dataDir, "charts"))).toBe(true);
    expect(existsSync(chart)).toBe(true);
    const tomorrow = new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);
    expect(printed).toContain(`BTC/USDT at 1d, every day at ${time} UTC; next post ${tomorrow} ${time} UTC.`);
    expect(bot.errors()).toEqual([]);

    const after = await openSubscriptionStore({ file });
    try {
      expect(await after.postsSince(day)).toMatchObject([{ subscriptionId: 1, day, status: "done" }]);
    } finally {
      await after.close();
    }
  });
});
