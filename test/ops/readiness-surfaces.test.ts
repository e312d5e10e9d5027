import { afterEach, describe, expect, it } from "vitest";
import { E2E_WAIT_MS, startWholeBot } from "../e2e/bot-e2e.js";
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from "../helpers/fake-discord.js";
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

  it("GIVEN Telegram unreachable at start THEN start-up completes, Discord answers, /readyz names Telegram until it connects; a platform lost later is named too, and stop ends it", {
    timeout: 4 * E2E_WAIT_MS,
  }, async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    // Where Telegram's Bot API will come up; nothing listens there yet.
    const telegramPort = await freePort();
    const port = await freePort();
    bot = await startWholeBot({
      HTTP_PORT: String(port),
      DISCORD_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_APPLICATION_ID: discord.applicationId,
      TELEGRAM_BOT_TOKEN: "123456789:test-only-telegram-token-not-real",
      TELEGRAM_API_ROOT: `http://127.0.0.1:${telegramPort}`,
    });
    const { log } = bot;
    const until = async (what: string, test: () => Promise<boolean> | boolean) => {
      const deadline = Date.now() + E2E_WAIT_MS;
      while (!(await test())) {
        if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    // Before the bound grammY's getMe retried for ever and start-up never got this far.
    await until("start-up", () => log.messages().includes("coincast is answering"));
    expect(log.messages()).toContain(
      "Telegram could not be reached; retrying in the background, the other surfaces keep running",
    );
    let report = await readiness(port);
    expect(report.status).toBe(503);
    expect(report.checks.surfaces).toEqual({ ok: false, reason: "telegram: retrying" });
    // Discord answers meanwhile.
    const fake = discord;
    await fake.waitForRequest((r) => r.method === "PUT", E2E_WAIT_MS);
    const asked = fake.sendCommand({ name: "help" });
    await fake.waitForRequest(
      (r: RecordedRequest) => r.method === "POST" && r.path.includes(`/${asked.token}/callback`),
      E2E_WAIT_MS,
    );

    // Telegram comes up where the bot has been knocking: the background retry connects, /readyz is ready.
    telegram = await startFakeTelegram({ port: telegramPort });
    await until("ready", async () => (await readiness(port)).ready);
    telegram.sendText({ text: "/help", from: { id: 1001, first_name: "Alice" } });
    await telegram.waitForCall("sendMessage", { timeoutMs: E2E_WAIT_MS });

    // Lost later: /readyz says which and why.
    await telegram.close();
    await until("telegram disconnected", async () => {
      report = await readiness(port);
      return /^telegram: disconnected \(getUpdates failed: /.test(report.checks.surfaces?.reason ?? "");
    });
    expect(report.status).toBe(503);
    await discord.close();
    await until("discord disconnected", async () =>
      /discord: disconnected \(gateway shard 0 reconnecting\)/.test(
        (await readiness(port)).checks.surfaces?.reason ?? "",
      ),
    );
    const stopped = Date.now();
    await bot.stop();
    bot = undefined;
    expect(Date.now() - stopped).toBeLessThan(30_000);
  });
});
