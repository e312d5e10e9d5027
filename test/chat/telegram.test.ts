import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { CAPTION_LIMIT, MESSAGE_LIMIT } from "../../src/chat/telegram-format.js";
import { textUpdate } from "../helpers/fake-telegram-updates.js";
import {
  ADMIN_BY_CONFIG,
  ALICE,
  fakeDispatcher,
  forecastReply,
  GROUP,
  PNG,
  sent,
  telegramBotUnderTest,
} from "./telegram-fixture.js";

// Failures, progress and an unreachable Bot API: telegram-failures.test.ts; the HTML formatting alone:
// telegram-format.test.ts.

const bot = telegramBotUnderTest();

describe("Telegram adapter, long polling against a fake Bot API", () => {
  it("GIVEN /forecast BTC 1d in a private chat THEN the menu is set and an escaped photo reply arrives", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => forecastReply());
    await bot.start(dispatcher);
    const update = bot.fake.sendText({ text: "/forecast BTC 1d", from: ALICE });

    const photo = await bot.fake.waitForCall("sendPhoto");

    expect(bot.fake.callsTo("setMyCommands")[0]?.params.commands).toEqual([
      { command: "forecast", description: "Forecast a coin's price" },
      { command: "retrain", description: "Retrain the model now" },
      { command: "alert", description: "Set an alert" },
      { command: "help", description: "What I can do" },
    ]);
    expect(bot.fake.callsTo("getUpdates")[0]?.params.allowed_updates).toEqual(["message"]);
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
    expect(bot.fake.callsTo("getChatMember")).toHaveLength(0);
  });

  it("GIVEN a group THEN /forecast@OurBot is answered and /forecast@OtherBot and plain text are ignored", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["ok"] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast@OtherBot btc 1d", from: ALICE, chat: GROUP });
    bot.fake.sendText({ text: "what do you think about btc?", from: ALICE, chat: GROUP });
    bot.fake.sendText({ text: "/forecast@OurBot btc 1d", from: ALICE, chat: GROUP });

    const message = await bot.fake.waitForCall("sendMessage");

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
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/start", from: ALICE });
    bot.fake.sendText({ text: "/weather berlin", from: ALICE, chat: GROUP });
    bot.fake.sendText({ text: "/Weather berlin", from: ALICE });

    await bot.fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((call) => [call.name, call.caller.channelKind])).toEqual([
      ["help", "direct"],
      ["weather", "direct"],
    ]);
  });

  it("GIVEN a deep link's /start payload THEN help answers with no arguments (not '/help takes nothing')", async () => {
    const { calls, dispatcher } = fakeDispatcher(({ name }) => ({ lines: [`answered ${name}`] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/start ref_campaign42", from: ALICE });
    bot.fake.sendText({ text: "/start@OurBot grp7", from: ALICE, chat: GROUP });

    await bot.fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((call) => [call.name, call.rawArgs])).toEqual([
      ["help", []],
      ["help", []],
    ]);
  });

  it("GIVEN an unknown command naming our bot in a group THEN it gets the hint; one naming none is left alone", async () => {
    const { calls, dispatcher } = fakeDispatcher(({ name }) => ({ lines: [`unknown ${name}`] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/weather berlin", from: ALICE, chat: GROUP });
    bot.fake.sendText({ text: "/forcast@ourbot BTC", from: ALICE, chat: GROUP });

    const hint = await bot.fake.waitForCall("sendMessage");

    expect(hint.params).toMatchObject({ chat_id: GROUP.id, text: "unknown forcast" });
    expect(calls.map((call) => [call.name, call.rawArgs])).toEqual([["forcast", ["BTC"]]]);
  });

  it("GIVEN /forecast alone THEN the dispatcher's usage hint is sent as a text message", async () => {
    const { calls, dispatcher } = fakeDispatcher(({ rawArgs }) =>
      rawArgs.length === 0 ? { lines: ["Usage: /forecast <symbol> [horizon]"] } : forecastReply(),
    );
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast", from: ALICE });

    const message = await bot.fake.waitForCall("sendMessage");

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
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast x", from: ALICE });

    const message = await bot.fake.waitForCall("sendMessage");

    expect(message.params.text).toBe(
      "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>\nTom &amp; Jerry &lt;b&gt;bold?&lt;/b&gt;\n" +
        "a&lt;b: c&gt;d &amp; e\n\n<i>x &amp; y</i>",
    );
  });

  it("GIVEN a long text THEN it is split into messages within 4096 without cutting an entity", async () => {
    const line = `${"&<>".repeat(300)} ${"word ".repeat(200)}`;
    const { dispatcher } = fakeDispatcher(() => ({ title: "Long", lines: [line, line] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast x", from: ALICE });

    await bot.fake.waitForCall("sendMessage");
    await bot.stop();

    const texts = bot.fake.callsTo("sendMessage").map(sent);
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
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast x", from: ALICE });

    await bot.fake.waitForCall("sendMessage");
    await bot.stop();

    const texts = bot.fake.callsTo("sendMessage").map(sent);
    expect(texts).toHaveLength(5);
    expect(texts.every((text) => text.length <= MESSAGE_LIMIT)).toBe(true);
    expect(texts[4]?.endsWith("\n…")).toBe(true);
  });

  it("GIVEN a photo whose text exceeds a caption THEN a short caption and the full text follow", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i}: ${"x".repeat(40)} & more`);
    const { dispatcher } = fakeDispatcher(() => ({ ...forecastReply(), lines }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/forecast btc", from: ALICE });

    const photo = await bot.fake.waitForCall("sendPhoto");
    const message = await bot.fake.waitForCall("sendMessage");

    expect(sent(photo).length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(photo.params.caption).toBe("<b>BTC/USDT, next 1d</b>");
    expect(sent(message)).toContain("Line 39: ");
    expect(sent(message)).toContain("&amp; more");
  });
});

describe("Telegram adapter, admin commands", () => {
  it("GIVEN /retrain by a plain group member THEN isAdmin is false after asking getChatMember", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Admins only."] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/retrain", from: ALICE, chat: GROUP });

    await bot.fake.waitForCall("sendMessage");

    expect(calls[0]?.caller.isAdmin).toBe(false);
    expect(bot.fake.callsTo("getChatMember").map((call) => call.params)).toEqual([
      { chat_id: GROUP.id, user_id: ALICE.id },
    ]);
  });

  it("GIVEN /retrain by a group administrator THEN isAdmin is true", async () => {
    bot.fake.setMemberStatus(GROUP.id, ALICE.id, "administrator");
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Retraining."] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/retrain@OurBot", from: ALICE, chat: GROUP });

    await bot.fake.waitForCall("sendMessage");

    expect(calls[0]?.caller.isAdmin).toBe(true);
  });

  it("GIVEN /alert (admins in groups) THEN a group administrator is asked for, a private chat is not", async () => {
    bot.fake.setMemberStatus(GROUP.id, ALICE.id, "administrator");
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Alert set."] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/alert", from: ALICE, chat: GROUP });
    await bot.fake.waitForCall("sendMessage");
    bot.fake.sendText({
      text: "/alert",
      from: ALICE,
      chat: { id: ALICE.id, type: "private", first_name: "Alice" },
    });
    await bot.fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((c) => [c.caller.channelKind, c.caller.isAdmin])).toEqual([
      ["group", true],
      ["direct", false],
    ]);
    expect(bot.fake.callsTo("getChatMember")).toHaveLength(1);
  });

  it("GIVEN /retrain by an anonymous group administrator THEN isAdmin is true without getChatMember", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Retraining."] }));
    await bot.start(dispatcher);
    const anonymous = { id: 1_087_968_824, first_name: "Group", username: "GroupAnonymousBot" };
    bot.fake.sendText({ text: "/retrain", from: anonymous, chat: GROUP, senderChat: GROUP });

    await bot.fake.waitForCall("sendMessage");

    expect(calls[0]?.caller.isAdmin).toBe(true);
    expect(bot.fake.callsTo("getChatMember")).toHaveLength(0);
  });

  it("GIVEN anonymous admins or channels posting in two groups THEN each sender chat is its own caller (own rate limit)", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["ok"] }));
    await bot.start(dispatcher);
    const anonymous = { id: 1_087_968_824, first_name: "Group", username: "GroupAnonymousBot" };
    const other = { id: -100_666, type: "supergroup" as const, title: "Other traders" };
    const channel = { id: -100_999, type: "channel" as const, title: "News" };
    const asChannel = { id: 136_817_688, first_name: "Channel", username: "Channel_Bot" };
    bot.fake.sendText({ text: "/help", from: anonymous, chat: GROUP, senderChat: GROUP });
    bot.fake.sendText({ text: "/help", from: anonymous, chat: other, senderChat: other });
    bot.fake.sendText({ text: "/help", from: asChannel, chat: other, senderChat: channel });

    await bot.fake.waitForCall("sendMessage", { count: 3 });

    // Before: every one of them was user 1087968824 (or 136817688), one budget across every group.
    expect(calls.map(({ caller }) => [caller.userId, caller.userName])).toEqual([
      [String(GROUP.id), "Traders"],
      [String(other.id), "Other traders"],
      [String(channel.id), "News"],
    ]);
  });

  it("GIVEN /retrain by a user in adminUserIds THEN isAdmin is true without getChatMember", async () => {
    const { calls, dispatcher } = fakeDispatcher(() => ({ lines: ["Retraining."] }));
    await bot.start(dispatcher);
    bot.fake.sendText({ text: "/retrain", from: ADMIN_BY_CONFIG, chat: GROUP });
    bot.fake.sendText({ text: "/retrain", from: ADMIN_BY_CONFIG });

    await bot.fake.waitForCall("sendMessage", { count: 2 });

    expect(calls.map((call) => [call.caller.channelKind, call.caller.isAdmin])).toEqual([
      ["group", true],
      ["direct", true],
    ]);
    expect(bot.fake.callsTo("getChatMember")).toHaveLength(0);
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
    const { webhookPort = 0 } = await bot.start(dispatcher, { webhook });

    expect(bot.fake.callsTo("setWebhook")[0]?.params).toMatchObject({
      url: webhook.url,
      secret_token: webhook.secretToken,
      allowed_updates: ["message"],
    });
    const update = (id: number) => textUpdate(id, id, { text: "/forecast btc 1d", from: ALICE });

    expect(await post(webhookPort, "/telegram/hook", update(1), "wrong")).toBe(401);
    expect(await post(webhookPort, "/elsewhere", update(2), webhook.secretToken)).toBe(404);
    expect(await post(webhookPort, "/telegram/hook", update(3), webhook.secretToken)).toBe(200);
    const photo = await bot.fake.waitForCall("sendPhoto");

    expect(calls).toHaveLength(1);
    expect(photo.params.chat_id).toBe(String(ALICE.id));
    // A long poll names the updates it takes; bot.stop's one getUpdates (saving the offset) does not.
    expect(
      bot.fake.callsTo("getUpdates").filter((call) => call.params.allowed_updates !== undefined),
    ).toEqual([]);
  });
});
