import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { startDiscord } from "../../src/chat/discord.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { DISCORD_SURFACE, startSurface, TELEGRAM_SURFACE } from "../../src/chat/start-surface.js";
import { startTelegram } from "../../src/chat/telegram.js";
import { fakeCommandServices } from "../helpers/fake-command-services.js";
import { startFakeDiscord } from "../helpers/fake-discord.js";
import { startFakeTelegram } from "../helpers/fake-telegram.js";

const logger = pino({ level: "silent" });
const SPECS = COMMANDS.map((c) => c.spec);
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const dispatcher = createDispatcher({
  commands: COMMANDS,
  services: fakeCommandServices(),
  logger,
  rateLimit: { points: 100, seconds: 1 },
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const FAST = { minTimeout: 5, maxTimeout: 20, factor: 2 };

describe("startSurface", () => {
  it("GIVEN Discord answers 401 to the token THEN the message names DISCORD_TOKEN and says what to do, and nothing is retried", async () => {
    const discord = await startFakeDiscord({ token: "MTIz.the-right-token.for-tests-only" });
    closers.push(() => discord.close());
    const stopping = new AbortController();
    closers.push(async () => stopping.abort());
    const started = await startSurface({
      surface: DISCORD_SURFACE,
      start: () =>
        startDiscord({
          token: "MTIz.a-reset-token.for-tests-only",
          guildId: undefined,
          applicationId: undefined,
          apiUrl: discord.apiUrl,
          dispatcher,
          specs: SPECS,
          symbols: SYMBOLS,
          logger,
        }),
      onStarted: () => {},
      logger,
      signal: stopping.signal,
    });
    expect(started.status).toBe("refused");
    const message = started.status === "refused" ? started.message : "";
    expect(message).toMatch(/^Discord refused DISCORD_TOKEN \(401 Unauthorized\)/);
    expect(message).toContain("https://discord.com/developers/applications");
    expect(message).not.toContain("a-reset-token");
  });

  it("GIVEN Telegram answers 401 to the token THEN the message names TELEGRAM_BOT_TOKEN and @BotFather", async () => {
    const telegram = await startFakeTelegram();
    closers.push(() => telegram.close());
    const stopping = new AbortController();
    closers.push(async () => stopping.abort());
    const started = await startSurface({
      surface: TELEGRAM_SURFACE,
      start: () =>
        startTelegram({
          token: "987654321:a-revoked-test-only-token",
          apiRoot: telegram.apiRoot,
          dispatcher,
          commands: SPECS,
          adminUserIds: [],
          logger,
        }),
      onStarted: () => {},
      logger,
      signal: stopping.signal,
    });
    expect(started).toMatchObject({ status: "refused" });
    expect(started.status === "refused" && started.message).toMatch(
      /^Telegram refused TELEGRAM_BOT_TOKEN \(401 Unauthorized\).*@BotFather/,
    );
  });

  it("GIVEN the Discord API is unreachable at start-up THEN start-up goes on and the surface comes up once it answers", async () => {
    const token = "MTIz.fake-bot-token.for-tests-only";
    const discord = await startFakeDiscord({ token });
    closers.push(() => discord.close());
    let apiUrl = "http://127.0.0.1:1/api"; // refused: nothing listens on port 1
    const attempts = { count: 0 };
    const stopping = new AbortController();
    let adapter: Awaited<ReturnType<typeof startDiscord>> | undefined;
    closers.push(async () => {
      stopping.abort();
      await adapter?.stop();
    });
    const started = await startSurface({
      surface: DISCORD_SURFACE,
      start: () => {
        attempts.count += 1;
        // The network comes back after the second try.
        if (attempts.count === 3) apiUrl = discord.apiUrl;
        return startDiscord({
          token,
          guildId: undefined,
          applicationId: undefined,
          apiUrl,
          dispatcher,
          specs: SPECS,
          symbols: SYMBOLS,
          logger,
        });
      },
      onStarted: (a) => {
        adapter = a;
      },
      logger,
      signal: stopping.signal,
      backoff: FAST,
    });
    expect(started.status).toBe("retrying");
    await vi.waitFor(() => expect(adapter).toBeDefined(), { timeout: 10_000 });
    expect(attempts.count).toBe(3);
  });
});
