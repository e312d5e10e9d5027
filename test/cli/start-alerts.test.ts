import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SUBSCRIPTIONS_FILE } from "../../src/main.js";
import { openSubscriptionStore } from "../../src/schedule/store.js";
import { startTerminalBot } from "../helpers/terminal-bot.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coincast-start-alerts-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the bot on a terminal until `until` is printed, then /quit; resolves what it printed. */
async function runBot(until: RegExp): Promise<string> {
  // No backoff: the alert check waits for the first refresh to end.
  const bot = startTerminalBot({ DATA_DIR: dataDir, EXCHANGE_RETRIES: "0" });
  try {
    await bot.waitFor(until, 60_000);
  } finally {
    await bot.quit();
  }
  expect(bot.errors()).toEqual([]);
  return bot.printed();
}

describe("startBot's alert checks", () => {
  it("GIVEN a console alert not yet checked on the newest close THEN the check after the first refresh posts it once, with the chart; a restart does not", async () => {
    const file = join(dataDir, SUBSCRIPTIONS_FILE);
    const before = await openSubscriptionStore({ file });
    // Never checked, armed: the shipped model's newest BTC close is above 1, a crossing.
    await before.alerts.add(
      {
        platform: "console",
        channelId: "console",
        symbol: "BTC/USDT",
        rule: { kind: "price", direction: "above", level: 1 },
        createdBy: "console",
      },
      { armed: true, checkedAsOf: null, band: null },
      Date.now(),
      20,
    );
    await before.close();

    const printed = await runBot(/^Chart: .+\.png$/m);
    expect(printed).toMatch(/^Alert #1: BTC\/USDT price above 1$/m);
    expect(printed).toMatch(/^BTC\/USDT closed above 1: [\d,.]+ at the 4h close\.$/m);
    expect(printed).toMatch(/^Next 4h: BTC\/USDT: median [\d,.]+/m);
    const chart = /^Chart: (.+\.png)$/m.exec(printed)?.[1] ?? "";
    expect(existsSync(chart)).toBe(true);

    // A second alert on the same coin, never checked: its post shows the restart's check ran on #1 too.
    const between = await openSubscriptionStore({ file });
    await between.alerts.add(
      {
        platform: "console",
        channelId: "console",
        symbol: "BTC/USDT",
        rule: { kind: "price", direction: "below", level: 1e9 },
        createdBy: "console",
      },
      { armed: true, checkedAsOf: null, band: null },
      Date.now(),
      20,
    );
    await between.close();
    const again = await runBot(/^Chart: .+\.png$/m);
    expect(again).toMatch(/^Alert #2: BTC\/USDT price below 1,000,000,000$/m);
    expect(again).not.toMatch(/^Alert #1/m);
    const after = await openSubscriptionStore({ file });
    try {
      const [alert] = await after.alerts.list();
      expect(alert?.lastFiredAt).not.toBeNull();
      expect(alert?.state.armed).toBe(false);
    } finally {
      await after.close();
    }
  }, 120_000);
});
