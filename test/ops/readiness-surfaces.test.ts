import { afterEach, describe, expect, it } from "vitest";
import { E2E_WAIT_MS, startWholeBot } from "../e2e/bot-e2e.js";
import { type FakeDiscord, startFakeDiscord } from "../helpers/fake-discord.js";
import { type FakeTelegram, startFakeTelegram } from "../helpers/fake-telegram.js";
import { readiness } from "../helpers/ops-http.js";
import { freePort } from "../helpers/processes.js";

const DISCORD_TOKEN = "fake-discord-token-for-tests-only-0000000000";

let discord: FakeDiscord | undefined;
let telegram: FakeTelegram | undefined;
let bot: Awaited<ReturnType<typeof startWholeBot>> | undefined;
afterEach(async () => {
  await bot?.stop();
  await discord?.close();
  await telegram?.close();
  bot = discord = telegram = undefined;
});

describe("/readyz of a whole bot (no Redis: its own forecast threads) and its chat platforms", () => {
  it("GIVEN Discord connected and Telegram refusing the token THEN not ready, naming Telegram; the forecast threads are the worker", {
    timeout: 3 * E2E_WAIT_MS,
  }, async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    telegram = await startFakeTelegram();
    telegram.fail("getMe", { kind: "error", status: 401, description: "Unauthorized" }, 1_000);
    const port = await freePort();
    bot = await startWholeBot({
      HTTP_PORT: String(port),
      DISCORD_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_APPLICATION_ID: discord.applicationId,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    const fake = discord;
    await fake.waitForRequest((r) => r.method === "PUT", E2E_WAIT_MS);
    const deadline = Date.now() + E2E_WAIT_MS;
    let report = await readiness(port);
    // Not ready while Telegram's first try runs ("connecting"), then for good ("refused").
    while (report.checks.surfaces?.reason !== "telegram: refused" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = await readiness(port);
    }
    expect(report.status).toBe(503);
    expect(report.checks.surfaces).toEqual({ ok: false, reason: "telegram: refused" });
    expect(report.checks.worker).toEqual({ ok: true });
    expect(report.checks.stores).toEqual({ ok: true });
  });
});
