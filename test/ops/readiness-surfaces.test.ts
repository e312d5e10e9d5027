import { describe, expect, it } from "vitest";
import { discordEnv, E2E_WAIT_MS, wholeBotStage } from "../e2e/bot-e2e.js";
import { type RecordedRequest, startFakeDiscord } from "../helpers/fake-discord.js";
import { startFakeTelegram } from "../helpers/fake-telegram.js";
import { readiness } from "../helpers/ops-http.js";
import { freePort } from "../helpers/processes.js";

const DISCORD_TOKEN = "fake-discord-token-for-tests-only-0000000000";

const stage = wholeBotStage();

/**
 * The whole bot with HTTP_PORT, on a fake Discord (registered and answering) and on the Telegram Bot API at
 * `telegram`, which may not be listening yet. Resolves the bot, its Discord and its ops port.
 */
async function botOnBothPlatforms(telegram: { token: string; apiRoot: string }) {
  const discord = stage.fake(await startFakeDiscord({ token: DISCORD_TOKEN }));
  const port = await freePort();
  const bot = await stage.startBot({
    HTTP_PORT: String(port),
    ...discordEnv(discord, DISCORD_TOKEN),
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
  });
  return { bot, discord, port };
}

/** Waits until `test` holds, asking every 100 ms; fails naming `what` after E2E_WAIT_MS. */
async function until(what: string, test: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + E2E_WAIT_MS;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("/readyz of a whole bot (no Redis: its own forecast threads) and its chat platforms", () => {
  it("GIVEN Discord connected and Telegram refusing the token THEN not ready, naming Telegram; the forecast threads are the worker", {
    timeout: 3 * E2E_WAIT_MS,
  }, async () => {
    const telegram = stage.fake(await startFakeTelegram());
    telegram.fail("getMe", { kind: "error", status: 401, description: "Unauthorized" }, 1_000);
    const { discord, port } = await botOnBothPlatforms(telegram);
    await discord.waitForRequest((r) => r.method === "PUT", E2E_WAIT_MS);
    // Not ready while Telegram's first try runs ("connecting"), then for good ("refused").
    let report = await readiness(port);
    await until("telegram refused", async () => {
      report = await readiness(port);
      return report.checks.surfaces?.reason === "telegram: refused";
    });
    expect(report.status).toBe(503);
    expect(report.checks.surfaces).toEqual({ ok: false, reason: "telegram: refused" });
    expect(report.checks.worker).toEqual({ ok: true });
    expect(report.checks.stores).toEqual({ ok: true });
  });

  it("GIVEN Telegram unreachable at start THEN start-up completes, Discord answers, /readyz names Telegram until it connects; a platform lost later is named too, and stop ends it", {
    timeout: 4 * E2E_WAIT_MS,
  }, async () => {
    // Where Telegram's Bot API will come up; nothing listens there yet.
    const telegramPort = await freePort();
    const { bot, discord, port } = await botOnBothPlatforms({
      token: "123456789:test-only-telegram-token-not-real",
      apiRoot: `http://127.0.0.1:${telegramPort}`,
    });
    const { log } = bot;
    // Before the bound grammY's getMe retried for ever and start-up never got this far.
    await until("start-up", () => log.messages().includes("coincast is answering"));
    expect(log.messages()).toContain(
      "Telegram could not be reached; retrying in the background, the other surfaces keep running",
    );
    let report = await readiness(port);
    expect(report.status).toBe(503);
    expect(report.checks.surfaces).toEqual({ ok: false, reason: "telegram: retrying" });
    // Discord answers meanwhile.
    await discord.waitForRequest((r) => r.method === "PUT", E2E_WAIT_MS);
    const asked = discord.sendCommand({ name: "help" });
    await discord.waitForRequest(
      (r: RecordedRequest) => r.method === "POST" && r.path.includes(`/${asked.token}/callback`),
      E2E_WAIT_MS,
    );

    // Telegram comes up where the bot has been knocking: the background retry connects, /readyz is ready.
    const telegram = stage.fake(await startFakeTelegram({ port: telegramPort }));
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
    await stage.stopBot();
    expect(Date.now() - stopped).toBeLessThan(30_000);
  });
});
