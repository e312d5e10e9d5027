import { describe, expect, it, vi } from "vitest";
import { startFakeTelegram, TOO_MANY_REQUESTS } from "../helpers/fake-telegram.js";
import {
  ADMIN_BY_CONFIG,
  ALICE,
  fakeDispatcher,
  forecastReply,
  sent,
  telegramBotUnderTest,
} from "./telegram-fixture.js";

const bot = telegramBotUnderTest();

describe("Telegram adapter, failures and progress", () => {
  it("GIVEN a 429 with retry_after 1 on sendMessage THEN it is retried and delivered", async () => {
    bot.fake.fail("sendMessage", TOO_MANY_REQUESTS);
    const { dispatcher } = fakeDispatcher(() => ({ lines: ["delivered"] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast btc", from: ALICE });

    const delivered = await bot.fake.waitForCall("sendMessage", { where: (call) => call.status === 200 });

    expect(bot.fake.callsTo("sendMessage").map((call) => call.status)).toEqual([429, 200]);
    expect(delivered.params.text).toBe("delivered");
  });

  it("GIVEN a 429 asking for more than 60 s on a command's reply THEN nobody is kept waiting: the apology comes at once", async () => {
    bot.fake.fail("sendMessage", {
      ...TOO_MANY_REQUESTS,
      description: "Too Many Requests: retry after 90",
      retryAfter: 90,
    });
    const { dispatcher } = fakeDispatcher(() => ({ lines: ["delivered"] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast btc", from: ALICE });

    const apology = await bot.fake.waitForCall("sendMessage", { count: 2 });

    expect(sent(apology)).toMatch(/^Sorry, something went wrong/);
  });

  it("GIVEN a network failure THEN the error is logged without the token and the chat gets an error id", async () => {
    bot.fake.fail("sendPhoto", { kind: "drop" });
    const { dispatcher } = fakeDispatcher(() => forecastReply());
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast btc", from: ALICE });

    const apology = await bot.fake.waitForCall("sendMessage");

    const errorId = /error id ([0-9a-f]+)/.exec(sent(apology))?.[1];
    expect(sent(apology)).toMatch(/^Sorry, something went wrong \(error id [0-9a-f]{8}\)\.$/);
    const logged = bot.log.lines.join("\n");
    expect(logged).toContain(`"errorId":"${errorId}"`);
    expect(logged).toContain("sendPhoto");
    expect(logged).toContain("bot[redacted]");
    expect(logged).not.toContain(bot.fake.token);
  });

  it("GIVEN the answer refused after a progress line THEN the ⏳ line is deleted and the apology sent", async () => {
    const { dispatcher } = fakeDispatcher(async (_call, progress) => {
      await progress("Training the model… 40%");
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { lines: ["done"] };
    });
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast btc", from: ALICE });
    const progressLine = await bot.fake.waitForCall("sendMessage");
    bot.fake.fail("sendMessage", {
      kind: "error",
      status: 400,
      description: "Bad Request: message is too long",
    });

    const apology = await bot.fake.waitForCall("sendMessage", { count: 3 });

    expect(sent(apology)).toMatch(/^Sorry, something went wrong/);
    // Before: nothing deleted it, and "⏳ Training the model… 40%" stayed up as if still running.
    const deleted = await bot.fake.waitForCall("deleteMessage");
    expect(deleted.params.message_id).toBeDefined();
    expect(sent(progressLine)).toBe("⏳ Training the model… 40%");
  });

  it("GIVEN progress reports THEN the first sends ⏳, a quick second is dropped, a later one edits", async () => {
    const { dispatcher } = fakeDispatcher(async (_call, progress) => {
      await progress("Loading candles");
      await progress("Training 10%");
      await new Promise((resolve) => setTimeout(resolve, 250));
      await progress("Training <90%> & more");
      return { lines: ["Done."] };
    });
    await bot.start(dispatcher, { progressIntervalMs: 200 });
    bot.fake.sendText({ text: "/retrain", from: ADMIN_BY_CONFIG });

    await bot.fake.waitForCall("deleteMessage");

    const [progressMessage, final] = bot.fake.callsTo("sendMessage");
    expect(progressMessage?.params.text).toBe("⏳ Loading candles");
    expect(bot.fake.callsTo("editMessageText").map(sent)).toEqual(["⏳ Training &lt;90%&gt; &amp; more"]);
    expect(final?.params.text).toBe("Done.");
    expect(bot.fake.callsTo("deleteMessage")[0]?.params.message_id).toBe(
      bot.fake.callsTo("editMessageText")[0]?.params.message_id,
    );
  });
});

describe("Telegram adapter, an unreachable Bot API at start and a link lost later", () => {
  /** A port where nothing listens (the bot.fake listens there once closed and started again). */
  async function deadPort(): Promise<number> {
    const other = await startFakeTelegram();
    const port = Number(new URL(other.apiRoot).port);
    await other.close();
    return port;
  }

  it("GIVEN no Bot API answering THEN the start gives up within its bound, saying so, and a stop ends a try at once", async () => {
    const port = await deadPort();
    const { dispatcher } = fakeDispatcher(() => ({ lines: [] }));
    const began = Date.now();
    // Before the bound, grammY's getMe retried for ever: this start never settled.
    await expect(
      bot.start(dispatcher, { apiRoot: `http://127.0.0.1:${port}`, startTimeoutMs: 800 }),
    ).rejects.toThrow(
      `Telegram's Bot API (http://127.0.0.1:${port}) did not answer getMe and setMyCommands within 0.8 s`,
    );
    expect(Date.now() - began).toBeLessThan(5_000);

    const stopping = new AbortController();
    const trying = bot.start(dispatcher, {
      apiRoot: `http://127.0.0.1:${port}`,
      startTimeoutMs: 60_000,
      signal: stopping.signal,
    });
    setTimeout(() => stopping.abort(), 300);
    const aborted = Date.now();
    await expect(trying).rejects.toThrow(/start-up stopped/);
    expect(Date.now() - aborted).toBeLessThan(5_000);
  });

  it("GIVEN deleteWebhook never answered THEN long polling gives up within the bound, saying so, and never polls", async () => {
    const { dispatcher } = fakeDispatcher(() => ({ lines: [] }));
    bot.fake.fail("deleteWebhook", { kind: "drop" }, 1_000);
    // grammY's bot.start retries deleteWebhook on network errors for ever.
    await expect(bot.start(dispatcher, { startTimeoutMs: 800 })).rejects.toThrow(
      `Telegram's Bot API (${bot.fake.apiRoot}) did not answer deleteWebhook within 0.8 s`,
    );
    expect(bot.fake.callsTo("deleteWebhook").length).toBeGreaterThan(0);
    // A long poll names the updates it takes; bot.stop's one getUpdates (saving the offset) does not.
    expect(
      bot.fake.callsTo("getUpdates").filter((call) => call.params.allowed_updates !== undefined),
    ).toEqual([]);
  });

  it("GIVEN the Bot API gone after start and back THEN the link is reported down with why, then up again", async () => {
    const links: (string | undefined)[] = [];
    const { dispatcher } = fakeDispatcher(() => ({ lines: ["pong"] }));
    await bot.start(dispatcher, { onLink: (down) => links.push(down) });
    expect(links).toEqual([undefined]);
    const port = Number(new URL(bot.fake.apiRoot).port);
    await bot.fake.close();
    await vi.waitFor(() => expect(links.at(-1)).toMatch(/^getUpdates failed: /), { timeout: 10_000 });
    // Back on the same port: grammY's next poll (every 3 s while failing) gets through.
    bot.fake = await startFakeTelegram({ port });
    await vi.waitFor(() => expect(links.at(-1)).toBeUndefined(), { timeout: 10_000 });
    expect(links.filter((down) => down !== undefined)).toHaveLength(1);
    bot.fake.sendText({ text: "/help", from: ALICE });
    expect(sent(await bot.fake.waitForCall("sendMessage", { timeoutMs: 10_000 }))).toBe("pong");
  }, 30_000);
});
