import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Reply } from "../../commands/types.js";
import { en } from "../../src/i18n/locales/en.js";
import {
  type FakeDiscord,
  INTERACTION_TOKEN_MS,
  INVALID_WEBHOOK_TOKEN,
  MISSING_ACCESS,
  type RecordedRequest,
} from "../helpers/fake-discord.js";
import {
  body,
  callbackOf,
  discordAdapterUnderTest,
  FORECAST_REPLY,
  fakeDispatcher,
  originalOf,
  PNG,
} from "./discord-fixture.js";

/**
 * An answer that comes after the interaction token's 15 minutes (a command waiting on a retrain or a busy
 * queue): the token's edit would be refused (401, Invalid Webhook Token), so the answer goes out as a bot
 * message of its own. Only Date is faked, so that both the fake and the adapter see the minutes pass.
 */

const suite = discordAdapterUnderTest();
afterEach(() => {
  vi.useRealTimers();
});

/** A dispatcher that answers `reply` when the test calls `finish`; `progress` shows a line meanwhile. */
function heldAnswer(reply: Reply) {
  let finish: () => void = () => undefined;
  let progress: (text: string) => Promise<void> = async () => undefined;
  const answered = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const dispatcher = fakeDispatcher(async (shown) => {
    progress = shown;
    await answered;
    return reply;
  });
  return { dispatcher, finish, progress: (text: string) => progress(text) };
}

const onToken = (token: string) => (r: RecordedRequest) => r.path.includes(`/${token}`);
const messageIn = (channelId: string) => (r: RecordedRequest) =>
  r.method === "POST" && r.path === `/channels/${channelId}/messages`;

/** Sends /forecast, waits for its deferral, then lets `minutes` pass on every clock in the process. */
async function deferredThenLate(discord: FakeDiscord, minutes: number, options = {}) {
  const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" }, ...options });
  expect(body(await discord.waitForRequest(callbackOf(sent.token))).type).toBe(5);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + minutes * 60_000);
  return sent;
}

describe("Discord answers after the interaction token expired", () => {
  it("GIVEN a public answer 15 minutes after the command THEN it is posted in the channel, naming the user without a ping", async () => {
    const { dispatcher, finish } = heldAnswer(FORECAST_REPLY);
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    const sent = await deferredThenLate(discord, INTERACTION_TOKEN_MS / 60_000);
    finish();
    // Before: the edit was refused (401) and so was the apology: the answer was lost.
    const posted = await discord.waitForRequest(messageIn(discord.channelId));
    const userId = String((sent.member as { user: { id: string } }).user.id);
    expect(body(posted)).toMatchObject({
      content: expect.stringContaining(`<@${userId}>, your answer took longer than the 15 minutes`),
      allowed_mentions: { parse: [] },
    });
    expect(body(posted).embeds[0].title).toBe("BTC/USDT 1d");
    expect(posted.files[0]?.data.equals(PNG)).toBe(true);
    // The token was not tried: its 15 minutes were up.
    expect(discord.requests.filter(onToken(sent.token)).map((r) => r.method)).toEqual(["POST"]);
  });

  it("GIVEN a private answer after the token expired THEN it goes to the user as a DM, never to the channel", async () => {
    const { dispatcher, finish } = heldAnswer({ lines: ["only you"], private: true });
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    const userId = "123456789012345678";
    const sent = await deferredThenLate(discord, 16, { userId });
    finish();
    const opened = await discord.waitForRequest((r) => r.path === "/users/@me/channels");
    expect(body(opened)).toMatchObject({ recipient_id: userId });
    const dm = await discord.waitForRequest(
      (r) => r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path),
    );
    expect(dm.path).not.toBe(`/channels/${discord.channelId}/messages`);
    expect(JSON.stringify(body(dm).embeds)).toContain("only you");
    expect(body(dm)).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(body(dm).flags ?? 0).toBe(0);
    expect(discord.requests.filter(onToken(sent.token)).map((r) => r.method)).toEqual(["POST"]);
  });

  it("GIVEN a late public answer in a channel the bot may not post in (50001) THEN the user gets it as a DM", async () => {
    const { dispatcher, finish } = heldAnswer(FORECAST_REPLY);
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    discord.failChannel(discord.channelId, MISSING_ACCESS, "POST");
    await deferredThenLate(discord, 15);
    finish();
    await discord.waitForRequest((r) => r.path === "/users/@me/channels");
    const dm = await discord.waitForRequest(
      (r) =>
        r.method === "POST" &&
        /^\/channels\/\d+\/messages$/.test(r.path) &&
        r.path !== `/channels/${discord.channelId}/messages`,
    );
    expect(body(dm).embeds[0].title).toBe("BTC/USDT 1d");
  });

  it("GIVEN Discord refusing the edit as an expired token (401, 50027) THEN the answer is posted in the channel instead", async () => {
    const { dispatcher, finish } = heldAnswer(FORECAST_REPLY);
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" } });
    await discord.waitForRequest(callbackOf(sent.token));
    discord.failInteraction(sent.token, "PATCH", INVALID_WEBHOOK_TOKEN);
    finish();
    const posted = await discord.waitForRequest(messageIn(discord.channelId));
    expect(body(posted).embeds[0].title).toBe("BTC/USDT 1d");
    expect(discord.requests.filter(onToken(sent.token)).map((r) => r.method)).toEqual(["POST", "PATCH"]);
  });
});

/**
 * The deferral ("thinking…") of a command still running near the token's end: once the token is spent
 * nothing can edit it, so before that it says the answer will come on its own.
 */
describe("Discord's placeholder of a command running into the token's end", () => {
  const NOTICE = en.chat.answerComesLate;
  const tokenMethods = (discord: FakeDiscord, token: string) =>
    discord.requests.filter(onToken(token)).map((r) => r.method);

  it("GIVEN a public command still running after 14 minutes THEN the placeholder says the answer comes as a message, and it does", async () => {
    const { dispatcher, finish, progress } = heldAnswer(FORECAST_REPLY);
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    const sent = await deferredThenLate(discord, 14.2);
    // Before: nothing edited the placeholder, which stayed "thinking…" beside the late answer for ever.
    expect(body(await discord.waitForRequest(originalOf(sent.token))).content).toBe(NOTICE);
    await progress("Training the model… 90%"); // no progress line replaces the notice
    vi.setSystemTime(Date.now() + 2 * 60_000);
    finish();
    const posted = await discord.waitForRequest(messageIn(discord.channelId));
    expect(body(posted).embeds[0].title).toBe("BTC/USDT 1d");
    expect(tokenMethods(discord, sent.token)).toEqual(["POST", "PATCH"]);
  });

  it("GIVEN a private answer to a command in a DM, after the token THEN the placeholder in the DM said so, in the user's language", async () => {
    const { dispatcher, finish } = heldAnswer({ lines: ["only you"], private: true });
    const discord = await suite.start(dispatcher, { deferAfterMs: 50, guildId: null });
    const sent = await deferredThenLate(discord, 14.2, { inGuild: false, locale: "de" });
    const notice = body(await discord.waitForRequest(originalOf(sent.token))).content;
    expect(notice).toContain("Direktnachricht");
    vi.setSystemTime(Date.now() + 2 * 60_000);
    finish();
    await discord.waitForRequest((r) => r.path === "/users/@me/channels");
    const dm = await discord.waitForRequest(
      (r) => r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path),
    );
    expect(JSON.stringify(body(dm).embeds)).toContain("only you");
    expect(tokenMethods(discord, sent.token)).toEqual(["POST", "PATCH"]);
  });

  it("GIVEN the answer after the notice but within the token THEN it replaces the notice", async () => {
    const { dispatcher, finish } = heldAnswer(FORECAST_REPLY);
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    const sent = await deferredThenLate(discord, 14.2);
    await discord.waitForRequest(originalOf(sent.token));
    finish();
    await expect.poll(() => tokenMethods(discord, sent.token)).toEqual(["POST", "PATCH", "PATCH"]);
    const answer = body(discord.requests.filter(originalOf(sent.token))[1] as RecordedRequest);
    expect(answer).toMatchObject({ content: "", embeds: [{ title: "BTC/USDT 1d" }] });
  });

  it("GIVEN the answer just before the notice was due THEN no notice follows it (the placeholder is edited once)", async () => {
    const { dispatcher, finish } = heldAnswer(FORECAST_REPLY);
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    // The notice is due 400 ms of real time after the deferral: the answer goes out first.
    const sent = await deferredThenLate(discord, 14 - 0.4 / 60);
    finish();
    const answer = await discord.waitForRequest(originalOf(sent.token));
    expect(body(answer).embeds[0].title).toBe("BTC/USDT 1d");
    await sleep(1_000);
    expect(tokenMethods(discord, sent.token)).toEqual(["POST", "PATCH"]);
  });
});
