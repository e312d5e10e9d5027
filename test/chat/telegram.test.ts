import { request } from "node:http";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Caller, CommandSpec, Reply } from "../../commands/types.js";
import {
  startTelegram,
  type TelegramDispatcher,
  type TelegramHandle,
  type TelegramOptions,
} from "../../src/chat/telegram.js";
import { CAPTION_LIMIT, formatMessages, formatPhoto, MESSAGE_LIMIT } from "../../src/chat/telegram-format.js";
import {
  type FakeTelegram,
  type RecordedCall,
  startFakeTelegram,
  TOO_MANY_REQUESTS,
  textUpdate,
} from "../helpers/fake-telegram.js";

const SPECS: readonly CommandSpec[] = [
  {
    name: "forecast",
    description: "Forecast a coin's price",
    options: [
      { name: "symbol", description: "Coin", required: true },
      { name: "horizon", description: "How far ahead" },
    ],
    permission: "everyone",
  },
  { name: "retrain", description: "Retrain the model now", options: [], permission: "admin" },
  { name: "alert", description: "Set an alert", options: [], permission: "admin-in-groups" },
  { name: "help", description: "What I can do", options: [], permission: "everyone" },
];

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const ALICE = { id: 1001, first_name: "Alice", username: "alice" };
const ADMIN_BY_CONFIG = { id: 4242, first_name: "Root" };
const GROUP = { id: -100_555, type: "supergroup" as const, title: "Traders" };

interface DispatchCall {
  name: string;
  rawArgs: string[];
  caller: Caller;
}

/** Records calls and answers with whatever `answer` returns: this file tests the adapter, not commands. */
function fakeDispatcher(
  answer: (call: DispatchCall, progress: (text: string) => Promise<void>) => Reply | Promise<Reply>,
) {
  const calls: DispatchCall[] = [];
  const dispatcher: TelegramDispatcher = {
    async dispatch(name, rawArgs, caller, progress = async () => {}) {
      const call = { name, rawArgs: Array.isArray(rawArgs) ? [...rawArgs] : ["(named)"], caller };
      calls.push(call);
      return answer(call, progress);
    },
  };
  return { calls, dispatcher };
}

const forecastReply = (): Reply => ({
  title: "BTC/USDT, next 1d",
  lines: ["Up 1.2% (range -3% to +5%)"],
  footer: "Not financial advice.",
  image: { png: PNG, filename: "btc-1d.png", description: "Forecast chart" },
});

/** A pino logger whose lines land in an array. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

let fake: FakeTelegram;
let handle: TelegramHandle | undefined;
let log: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  fake = await startFakeTelegram();
  log = memoryLogger();
});

afterEach(async () => {
  await stopBot();
  await fake.close();
});

async function start(dispatcher: TelegramDispatcher, options: Partial<TelegramOptions> = {}) {
  handle = await startTelegram({
    token: fake.token,
    apiRoot: fake.apiRoot,
    dispatcher,
    commands: SPECS,
    adminUserIds: [String(ADMIN_BY_CONFIG.id)],
    logger: log.logger,
    ...options,
  });
  return handle;
}

/** Stops the bot now; stop() waits for running commands, so every reply has been sent. */
async function stopBot() {
  await handle?.stop();
  handle = undefined;
}

const sent = (call: RecordedCall) => String(call.params.text ?? call.params.caption ?? "");

describe("Telegram adapter, long polling against a fake Bot API", () => {
  it("GIVEN /forecast BTC 1d in a private chat THEN the menu is set and an escaped photo reply arrives", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => forecastReply());
    await start(dispatcher);
    const update = fake.sendText({ text: "/forecast BTC 1d", from: ALICE });

    const photo = await fake.waitForCall("sendPhoto");

    expect(fake.callsTo("setMyCommands")[0]?.params.commands).toEqual([
      { command: "forecast", description: "Forecast a coin's price" },
      { command: "retrain", description: "Retrain the model now" },
      { command: "alert", description: "Set an alert" },
      { command: "help", description: "What I can do" },
    ]);
    expect(fake.callsTo("getUpdates")[0]?.params.allowed_updates).toEqual(["message"]);
    expect(calls).toEqual([
      {
        name: "forecast",
        rawArgs: ["BTC", "1d"],
        caller: {
          platform: "telegram",
          userId: "1001",
          userName: "alice",
          channelId: "1001",
          channelKind: "direct",
          isAdmin: false,
        },
      },
    ]);
    expect(photo.params.chat_id).toBe("1001");
    expect(photo.params.parse_mode).toBe("HTML");
    expect(photo.params.caption).toBe(
      "<b>BTC/USDT, next 1d</b>\nUp 1.2% (range -3% to +5%)\n\n<i>Not financial advice.</i>",
    );
    expect(photo.params.reply_parameters).toMatchObject({ message_id: update.message?.message_id });
    expect(photo.files).toHaveLength(1);
    expect(photo.files[0]).toMatchObject({ filename: "btc-1d.png", size: PNG.length });
    expect(photo.params.photo).toMatch(/^attach:\/\//);
    expect(fake.callsTo("getChatMember")).toHaveLength(0);
  });

  it("GIVEN a group THEN /forecast@OurBot is answered and /forecast@OtherBot and plain text are ignored", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["ok"] }));
    await start(dispatcher);
    fake.sendText({ text: "/forecast@OtherBot btc 1d", from: ALICE, chat: GROUP });
    fake.sendText({ text: "what do you think about btc?", from: ALICE, chat: GROUP });
    fake.sendText({ text: "/forecast@OurBot btc 1d", from: ALICE, chat: GROUP });

    const message = await fake.waitForCall("sendMessage");

    expect(message.params.chat_id).toBe(GROUP.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      name: "forecast",
      rawArgs: ["btc", "1d"],
      caller: { channelId: String(GROUP.id), channelKind: "group", isAdmin: false },
    });
  });

  it("GIVEN /start THEN help answers; GIVEN an unknown command THEN a private chat is answered, a group not", async () => {
    const { calls, dispatcher } = fakeDispatcher(({ name }) => ({ lines: [`answered ${name}`] }));
    await start(dispatcher);
    fake.sendText({ text: "/start", from: ALICE });
    fake.sendText({ text: "/weather berlin", from: ALICE, chat: GROUP });
    fake.sendText({ text: "/Weather berlin", from: ALICE });

    await fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((call) => [call.name, call.caller.channelKind])).toEqual([
      ["help", "direct"],
      ["weather", "direct"],
    ]);
  });

  it("GIVEN /forecast alone THEN the dispatcher's usage hint is sent as a text message", async () => {
    const { calls, dispatcher } = fakeDispatcher(({ rawArgs }) =>
      rawArgs.length === 0 ? { lines: ["Usage: /forecast <symbol> [horizon]"] } : forecastReply(),
    );
    await start(dispatcher);
    fake.sendText({ text: "/forecast", from: ALICE });

    const message = await fake.waitForCall("sendMessage");

    expect(calls[0]?.rawArgs).toEqual([]);
    expect(message.params).toMatchObject({
      text: "Usage: /forecast &lt;symbol&gt; [horizon]",
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });

  it("GIVEN a Reply with <script> and & THEN every string arrives escaped", async () => {
    const { dispatcher } = fakeDispatcher(() => ({
      title: "<script>alert(1)</script>",
      lines: ["Tom & Jerry <b>bold?</b>"],
      fields: [{ name: "a<b", value: "c>d & e" }],
      footer: "x & y",
    }));
    await start(dispatcher);
    fake.sendText({ text: "/forecast x", from: ALICE });

    const message = await fake.waitForCall("sendMessage");

    expect(message.params.text).toBe(
      "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>\nTom &amp; Jerry &lt;b&gt;bold?&lt;/b&gt;\n" +
        "a&lt;b: c&gt;d &amp; e\n\n<i>x &amp; y</i>",
    );
  });

  it("GIVEN a long text THEN it is split into messages within 4096 without cutting an entity", async () => {
    const line = `${"&<>".repeat(300)} ${"word ".repeat(200)}`;
    const { dispatcher } = fakeDispatcher(() => ({ title: "Long", lines: [line, line] }));
    await start(dispatcher);
    fake.sendText({ text: "/forecast x", from: ALICE });

    await fake.waitForCall("sendMessage");
    await stopBot();

    const texts = fake.callsTo("sendMessage").map(sent);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(text.replace(/<\/?b>/g, "")).not.toMatch(/[<>]/);
    }
    const all = texts.join("\n");
    expect(all.match(/&amp;/g)).toHaveLength(600);
    expect(all.match(/&lt;/g)).toHaveLength(600);
    expect(all.match(/word/g)).toHaveLength(400);
  });

  it("GIVEN a text longer than five messages THEN it stops at five, the last ending in …", async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${i} ${"lorem ipsum ".repeat(8)}`);
    const { dispatcher } = fakeDispatcher(() => ({ lines }));
    await start(dispatcher);
    fake.sendText({ text: "/forecast x", from: ALICE });

    await fake.waitForCall("sendMessage");
    await stopBot();

    const texts = fake.callsTo("sendMessage").map(sent);
    expect(texts).toHaveLength(5);
    expect(texts.every((text) => text.length <= MESSAGE_LIMIT)).toBe(true);
    expect(texts[4]?.endsWith("\n…")).toBe(true);
  });

  it("GIVEN a photo whose text exceeds a caption THEN a short caption and the full text follow", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i}: ${"x".repeat(40)} & more`);
    const { dispatcher } = fakeDispatcher(() => ({ ...forecastReply(), lines }));
    await start(dispatcher);
    fake.sendText({ text: "/forecast btc", from: ALICE });

    const photo = await fake.waitForCall("sendPhoto");
    const message = await fake.waitForCall("sendMessage");

    expect(sent(photo).length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(photo.params.caption).toBe("<b>BTC/USDT, next 1d</b>");
    expect(sent(message)).toContain("Line 39: ");
    expect(sent(message)).toContain("&amp; more");
  });
});

describe("Telegram adapter, admin commands", () => {
  it("GIVEN /retrain by a plain group member THEN isAdmin is false after asking getChatMember", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Admins only."] }));
    await start(dispatcher);
    fake.sendText({ text: "/retrain", from: ALICE, chat: GROUP });

    await fake.waitForCall("sendMessage");

    expect(calls[0]?.caller.isAdmin).toBe(false);
    expect(fake.callsTo("getChatMember").map((call) => call.params)).toEqual([
      { chat_id: GROUP.id, user_id: ALICE.id },
    ]);
  });

  it("GIVEN /retrain by a group administrator THEN isAdmin is true", async () => {
    fake.setMemberStatus(GROUP.id, ALICE.id, "administrator");
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Retraining."] }));
    await start(dispatcher);
    fake.sendText({ text: "/retrain@OurBot", from: ALICE, chat: GROUP });

    await fake.waitForCall("sendMessage");

    expect(calls[0]?.caller.isAdmin).toBe(true);
  });

  it("GIVEN /alert (admins in groups) THEN a group administrator is asked for, a private chat is not", async () => {
    fake.setMemberStatus(GROUP.id, ALICE.id, "administrator");
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Alert set."] }));
    await start(dispatcher);
    fake.sendText({ text: "/alert", from: ALICE, chat: GROUP });
    await fake.waitForCall("sendMessage");
    fake.sendText({
      text: "/alert",
      from: ALICE,
      chat: { id: ALICE.id, type: "private", first_name: "Alice" },
    });
    await fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((c) => [c.caller.channelKind, c.caller.isAdmin])).toEqual([
      ["group", true],
      ["direct", false],
    ]);
    expect(fake.callsTo("getChatMember")).toHaveLength(1);
  });

  it("GIVEN /retrain by an anonymous group administrator THEN isAdmin is true without getChatMember", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Retraining."] }));
    await start(dispatcher);
    const anonymous = { id: 1_087_968_824, first_name: "Group", username: "GroupAnonymousBot" };
    fake.sendText({ text: "/retrain", from: anonymous, chat: GROUP, senderChat: GROUP });

    await fake.waitForCall("sendMessage");

    expect(calls[0]?.caller.isAdmin).toBe(true);
    expect(fake.callsTo("getChatMember")).toHaveLength(0);
  });

  it("GIVEN /retrain by a user in adminUserIds THEN isAdmin is true without getChatMember", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Retraining."] }));
    await start(dispatcher);
    fake.sendText({ text: "/retrain", from: ADMIN_BY_CONFIG, chat: GROUP });
    fake.sendText({ text: "/retrain", from: ADMIN_BY_CONFIG });

    await fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((call) => [call.caller.channelKind, call.caller.isAdmin])).toEqual([
      ["group", true],
      ["direct", true],
    ]);
    expect(fake.callsTo("getChatMember")).toHaveLength(0);
  });
});

describe("Telegram adapter, failures and progress", () => {
  it("GIVEN a 429 with retry_after 1 on sendMessage THEN it is retried and delivered", async () => {
    fake.fail("sendMessage", TOO_MANY_REQUESTS);
    const { dispatcher } = fakeDispatcher(() => ({ lines: ["delivered"] }));
    await start(dispatcher);
    fake.sendText({ text: "/forecast btc", from: ALICE });

    const delivered = await fake.waitForCall("sendMessage", { where: (call) => call.status === 200 });

    expect(fake.callsTo("sendMessage").map((call) => call.status)).toEqual([429, 200]);
    expect(delivered.params.text).toBe("delivered");
  });

  it("GIVEN a network failure THEN the error is logged without the token and the chat gets an error id", async () => {
    fake.fail("sendPhoto", { kind: "drop" });
    const { dispatcher } = fakeDispatcher(() => forecastReply());
    await start(dispatcher);
    fake.sendText({ text: "/forecast btc", from: ALICE });

    const apology = await fake.waitForCall("sendMessage");

    const errorId = /error id ([0-9a-f]+)/.exec(sent(apology))?.[1];
    expect(sent(apology)).toMatch(/^Sorry, something went wrong \(error id [0-9a-f]{8}\)\.$/);
    const logged = log.lines.join("\n");
    expect(logged).toContain(`"errorId":"${errorId}"`);
    expect(logged).toContain("sendPhoto");
    expect(logged).toContain("bot[redacted]");
    expect(logged).not.toContain(fake.token);
  });

  it("GIVEN progress reports THEN the first sends ⏳, a quick second is dropped, a later one edits", async () => {
    const { dispatcher } = fakeDispatcher(async (_call, progress) => {
      await progress("Loading candles");
      await progress("Training 10%");
      await new Promise((resolve) => setTimeout(resolve, 250));
      await progress("Training <90%> & more");
      return { lines: ["Done."] };
    });
    await start(dispatcher, { progressIntervalMs: 200 });
    fake.sendText({ text: "/retrain", from: ADMIN_BY_CONFIG });

    await fake.waitForCall("deleteMessage");

    const [progressMessage, final] = fake.callsTo("sendMessage");
    expect(progressMessage?.params.text).toBe("⏳ Loading candles");
    expect(fake.callsTo("editMessageText").map(sent)).toEqual(["⏳ Training &lt;90%&gt; &amp; more"]);
    expect(final?.params.text).toBe("Done.");
    expect(fake.callsTo("deleteMessage")[0]?.params.message_id).toBe(
      fake.callsTo("editMessageText")[0]?.params.message_id,
    );
  });
});

describe("Telegram adapter, webhook mode", () => {
  const post = (port: number, path: string, body: unknown, secret: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });

  it("GIVEN the right secret THEN the update is handled; GIVEN a wrong one THEN 401 and nothing runs", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => forecastReply());
    const webhook = { url: "https://bot.example/telegram/hook", secretToken: "s3cret-token", port: 0 };
    const { webhookPort = 0 } = await start(dispatcher, { webhook });

    expect(fake.callsTo("setWebhook")[0]?.params).toMatchObject({
      url: webhook.url,
      secret_token: webhook.secretToken,
      allowed_updates: ["message"],
    });
    const update = (id: number) => textUpdate(id, id, { text: "/forecast btc 1d", from: ALICE });

    expect(await post(webhookPort, "/telegram/hook", update(1), "wrong")).toBe(401);
    expect(await post(webhookPort, "/elsewhere", update(2), webhook.secretToken)).toBe(404);
    expect(await post(webhookPort, "/telegram/hook", update(3), webhook.secretToken)).toBe(200);
    const photo = await fake.waitForCall("sendPhoto");

    expect(calls).toHaveLength(1);
    expect(photo.params.chat_id).toBe(String(ALICE.id));
    // A long poll names the updates it takes; bot.stop's one getUpdates (saving the offset) does not.
    expect(fake.callsTo("getUpdates").filter((call) => call.params.allowed_updates !== undefined)).toEqual(
      [],
    );
  });
});

describe("Telegram HTML formatting", () => {
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it("GIVEN a line of emoji longer than a message THEN no chunk halves a surrogate pair", () => {
    const chunks = formatMessages({ lines: ["📈".repeat(3000)] });

    expect(chunks).toHaveLength(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(chunk).not.toMatch(loneSurrogate);
    }
    expect([...chunks.join("")].length).toBe(3000);
  });

  it("GIVEN a title longer than a caption THEN the caption is cut between entities, inside its <b>", () => {
    const { caption, followUps } = formatPhoto({ title: "&".repeat(1000), lines: ["x"] }, "chart");

    expect(caption.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(caption).toMatch(/^<b>(&amp;)+<\/b>\n…$/);
    expect(followUps.join("\n").match(/&amp;/g)).toHaveLength(1000);
  });
});

describe("Telegram adapter, an unreachable Bot API at start and a link lost later", () => {
  /** A port where nothing listens (the fake listens there once closed and started again). */
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
      start(dispatcher, { apiRoot: `http://127.0.0.1:${port}`, startTimeoutMs: 800 }),
    ).rejects.toThrow(
      `Telegram's Bot API (http://127.0.0.1:${port}) did not answer getMe and setMyCommands within 0.8 s`,
    );
    expect(Date.now() - began).toBeLessThan(5_000);

    const stopping = new AbortController();
    const trying = start(dispatcher, {
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
    fake.fail("deleteWebhook", { kind: "drop" }, 1_000);
    // grammY's bot.start retries deleteWebhook on network errors for ever.
    await expect(start(dispatcher, { startTimeoutMs: 800 })).rejects.toThrow(
      `Telegram's Bot API (${fake.apiRoot}) did not answer deleteWebhook within 0.8 s`,
    );
    expect(fake.callsTo("deleteWebhook").length).toBeGreaterThan(0);
    // A long poll names the updates it takes; bot.stop's one getUpdates (saving the offset) does not.
    expect(fake.callsTo("getUpdates").filter((call) => call.params.allowed_updates !== undefined)).toEqual(
      [],
    );
  });

  it("GIVEN the Bot API gone after start and back THEN the link is reported down with why, then up again", async () => {
    const links: (string | undefined)[] = [];
    const { dispatcher } = fakeDispatcher(() => ({ lines: ["pong"] }));
    await start(dispatcher, { onLink: (down) => links.push(down) });
    expect(links).toEqual([undefined]);
    const port = Number(new URL(fake.apiRoot).port);
    await fake.close();
    await vi.waitFor(() => expect(links.at(-1)).toMatch(/^getUpdates failed: /), { timeout: 10_000 });
    // Back on the same port: grammY's next poll (every 3 s while failing) gets through.
    fake = await startFakeTelegram({ port });
    await vi.waitFor(() => expect(links.at(-1)).toBeUndefined(), { timeout: 10_000 });
    expect(links.filter((down) => down !== undefined)).toHaveLength(1);
    fake.sendText({ text: "/help", from: ALICE });
    expect(sent(await fake.waitForCall("sendMessage", { timeoutMs: 10_000 }))).toBe("pong");
  }, 30_000);
});
